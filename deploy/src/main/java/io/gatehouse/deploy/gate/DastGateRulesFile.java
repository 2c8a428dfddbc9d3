package io.gatehouse.deploy.gate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gatehouse.dast.triage.InvalidTriageFileException;
import io.gatehouse.dast.triage.RulesFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code rulesFile} parameter of a {@code dast} gate: the project's rules file, the same file
 * {@code gatehouse scan --rules FILE} reads, stored with the environment's rules as {@code {path,
 * content}}. {@code gatehouse apply} reads the file named in {@code gatehouse.yaml} and sends its
 * content; through the API the declaration carries it.
 */
final class DastGateRulesFile {
  /** The longest path. */
  static final int MAX_PATH = 200;

  private static final Set<String> KEYS = Set.of("path", "content");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,99}");
  private static final Pattern ENTRY = Pattern.compile("rules\\[([0-9]+)\\](?:\\.([a-z]+))?");

  private DastGateRulesFile() {}

  /**
   * Why {@code path} cannot name a rules file, or empty when it can: a relative path inside the
   * project's directory, made of names of letters, digits, '.', '_' and '-', without {@code ..}.
   */
  static Optional<String> pathProblem(String path) {
    if (path.isEmpty() || path.length() > MAX_PATH) {
      return Optional.of("must be 1 to " + MAX_PATH + " characters");
    }
    if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
      return Optional.of("must be relative to gatehouse.yaml, not an absolute path");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("must stay inside the project's directory: no '..'");
      }
      if (!segment.equals(".") && !SEGMENT.matcher(segment).matches()) {
        return Optional.of(
            "must be a relative path of names made of letters, digits, '.', '_' and '-', such as"
                + " .gatehouse/dast-rules.yaml");
      }
    }
    return Optional.empty();
  }

  /**
   * The rules of the {@code rulesFile} parameter, checked as {@code gatehouse scan} checks them.
   */
  static RulesFile parse(Parameters p) {
    Object value = p.raw("rulesFile");
    if (value instanceof String) {
      throw Parameters.invalid(
          p.path("rulesFile"),
          "must be {path, content}; gatehouse apply reads the file a path names and sends its"
              + " content");
    }
    Parameters file = Parameters.object(value, p.path("rulesFile")).allowOnly(KEYS);
    String path = file.requiredString("path", MAX_PATH);
    pathProblem(path)
        .ifPresent(
            problem -> {
              throw Parameters.invalid(file.path("path"), problem);
            });
    Object content = file.raw("content");
    if (!(content instanceof String text)) {
      throw Parameters.invalid(
          file.path("content"), "must be the file's text, not " + Parameters.kind(content));
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > RulesFile.MAX_BYTES) {
      throw Parameters.invalid(
          file.path("content"),
          "the rules file " + path + " is larger than " + RulesFile.MAX_BYTES + " bytes");
    }
    try {
      return RulesFile.parse(Path.of(path), bytes);
    } catch (InvalidTriageFileException e) {
      String line = lineOf(text, e.where()).map(n -> "line " + n + ", ").orElse("");
      throw Parameters.invalid(
          p.path("rulesFile"),
          "rules file "
              + path
              + ": "
              + line
              + (e.where().isEmpty() ? "" : e.where() + ": ")
              + e.reason());
    }
  }

  /**
   * The line of {@code where} ({@code rules[3]} or {@code rules[3].id}) in the file, when the file
   * is YAML that can be read that far.
   */
  static Optional<Integer> lineOf(String text, String where) {
    Matcher entry = ENTRY.matcher(where);
    if (!entry.matches()) {
      return Optional.empty();
    }
    int index = Integer.parseInt(entry.group(1));
    String key = entry.group(2);
    try (JsonParser parser = new YAMLFactory().createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        if (parser.currentName().equals("rules") && parser.nextToken() == JsonToken.START_ARRAY) {
          return element(parser, index, key);
        }
        parser.nextToken();
        parser.skipChildren();
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Integer> element(JsonParser parser, int index, String key)
      throws IOException {
    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
      if (i < index) {
        parser.skipChildren();
        continue;
      }
      int line = parser.currentTokenLocation().getLineNr();
      if (key == null || parser.currentToken() != JsonToken.START_OBJECT) {
        return Optional.of(line);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        if (parser.currentName().equals(key)) {
          return Optional.of(parser.currentTokenLocation().getLineNr());
        }
        parser.nextToken();
        parser.skipChildren();
      }
      return Optional.of(line);
    }
    return Optional.empty();
  }
}
