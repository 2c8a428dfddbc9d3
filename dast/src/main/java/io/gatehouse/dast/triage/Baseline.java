package io.gatehouse.dast.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The findings of a previous JSON report of {@code gatehouse scan}, by fingerprint: a finding
 * already in it does not fail the scan.
 */
public final class Baseline {
  /** The largest baseline report read. */
  public static final int MAX_BYTES = 32 * 1024 * 1024;

  private static final String KIND = "baseline";
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");

  private final Set<String> fingerprints;
  private final boolean present;

  private Baseline(Set<String> fingerprints, boolean present) {
    this.fingerprints = Set.copyOf(fingerprints);
    this.present = present;
  }

  /** No baseline. */
  public static Baseline none() {
    return new Baseline(Set.of(), false);
  }

  /** Whether a baseline was given. */
  public boolean present() {
    return present;
  }

  /** How many findings it holds. */
  public int size() {
    return fingerprints.size();
  }

  /** Whether a finding with {@code fingerprint} is in it. */
  public boolean contains(String fingerprint) {
    return fingerprints.contains(fingerprint);
  }

  /**
   * Reads {@code file}, a JSON report of {@code gatehouse scan} of at most {@link #MAX_BYTES}:
   * every finding in it must carry a fingerprint.
   */
  public static Baseline load(Path file) throws InvalidTriageFileException {
    JsonNode root = parse(file, BoundedFile.read(KIND, file, MAX_BYTES));
    if (!root.isObject() || !"gatehouse-dast".equals(root.path("tool").asText(""))) {
      throw error(
          file, "", "is not a JSON report of gatehouse scan (no \"tool\": \"gatehouse-dast\")");
    }
    JsonNode findings = root.path("findings");
    if (!findings.isArray()) {
      throw error(file, "findings", "must be a list");
    }
    Set<String> fingerprints = new HashSet<>();
    for (int i = 0; i < findings.size(); i++) {
      JsonNode fingerprint = findings.get(i).path("fingerprint");
      if (!fingerprint.isTextual() || !FINGERPRINT.matcher(fingerprint.asText()).matches()) {
        throw error(
            file,
            "findings[" + i + "].fingerprint",
            fingerprint.isMissingNode()
                ? "is missing (a report of an older version? scan again to make a baseline)"
                : "must be 32 lower-case hex digits");
      }
      fingerprints.add(fingerprint.asText());
    }
    return new Baseline(fingerprints, true);
  }

  private static JsonNode parse(Path file, byte[] bytes) throws InvalidTriageFileException {
    try {
      JsonNode root = new ObjectMapper().readTree(bytes);
      if (root == null || root.isMissingNode()) {
        throw error(file, "", "is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new InvalidTriageFileException(
          KIND,
          file,
          where,
          "is not valid JSON: " + BoundedFile.excerpt(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new InvalidTriageFileException(KIND, file, "", "is not valid JSON", e);
    }
  }

  private static InvalidTriageFileException error(Path file, String path, String reason) {
    return new InvalidTriageFileException(KIND, file, path, reason);
  }
}
