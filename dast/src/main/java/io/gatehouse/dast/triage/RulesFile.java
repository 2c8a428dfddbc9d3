package io.gatehouse.dast.triage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gatehouse.dast.checks.Checks;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A YAML rules file: what to do with each rule's findings, optionally only at some URLs.
 *
 * <pre>
 * rules:
 *   - id: csp-missing
 *     action: ignore          # ignore, warn or fail
 *     url: 'https://app\.example\.com/legacy/.*'   # optional regex, matched on the whole URL
 *     justification: legacy pages, replaced in Q3
 * </pre>
 *
 * <p>The first entry that matches a finding's rule id and URL decides.
 */
public final class RulesFile {
  /** The largest rules file read. */
  public static final int MAX_BYTES = 64 * 1024;

  static final int MAX_ENTRIES = 1_000;
  private static final String KIND = "rules file";
  private static final Set<String> ENTRY_KEYS = Set.of("id", "action", "url", "justification");

  private final List<Entry> entries;

  private RulesFile(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * One entry of the file.
   *
   * @param ruleId the rule
   * @param action what to do with its findings
   * @param url the URLs it applies to, all when empty
   * @param justification why
   */
  public record Entry(
      String ruleId, Action action, Optional<Pattern> url, Optional<String> justification) {
    boolean matches(Finding finding) {
      return ruleId.equals(finding.rule().id())
          && url.map(p -> p.matcher(finding.url()).matches()).orElse(true);
    }
  }

  /** No rules file: every rule as its severity and the threshold say. */
  public static RulesFile none() {
    return new RulesFile(List.of());
  }

  /** The entries, in file order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The first entry that applies to {@code finding}. */
  public Optional<Entry> match(Finding finding) {
    return entries.stream().filter(e -> e.matches(finding)).findFirst();
  }

  /**
   * Reads and checks {@code file}: at most {@link #MAX_BYTES}, only known keys, known rule ids,
   * valid actions and regular expressions.
   */
  public static RulesFile load(Path file) throws InvalidTriageFileException {
    return parse(file, BoundedFile.read(KIND, file, MAX_BYTES));
  }

  /**
   * Checks rules given as text rather than in a file (YAML or JSON, at most {@link #MAX_BYTES}),
   * with the rules of {@link #load}; {@code file} names where they come from in messages.
   */
  public static RulesFile parse(Path file, byte[] bytes) throws InvalidTriageFileException {
    if (bytes.length > MAX_BYTES) {
      throw error(file, "", "larger than the limit of " + MAX_BYTES + " bytes");
    }
    JsonNode root = readTree(file, bytes);
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new InvalidTriageFileException(KIND, file, "", "is empty; expected a 'rules' list");
    }
    if (!root.isObject()) {
      throw error(file, "", "must be a mapping with a 'rules' list, got " + type(root));
    }
    onlyKeys(file, "", root, Set.of("rules"));
    JsonNode rules = root.path("rules");
    if (!rules.isArray()) {
      throw error(file, "rules", "must be a list, got " + type(rules));
    }
    if (rules.size() > MAX_ENTRIES) {
      throw error(file, "rules", "has more than " + MAX_ENTRIES + " entries");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      entries.add(entry(file, "rules[" + i + "]", rules.get(i)));
    }
    return new RulesFile(entries);
  }

  private static JsonNode readTree(Path file, byte[] bytes) throws InvalidTriageFileException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_BYTES);
    ObjectMapper mapper =
        new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    try {
      return mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new InvalidTriageFileException(
          KIND,
          file,
          where,
          "is not valid YAML: " + BoundedFile.excerpt(e.getOriginalMessage()),
          e);
    } catch (java.io.IOException | RuntimeException e) {
      throw new InvalidTriageFileException(
          KIND, file, "", "is not valid YAML: " + e.getClass().getSimpleName(), e);
    }
  }

  private static Entry entry(Path file, String path, JsonNode node)
      throws InvalidTriageFileException {
    if (!node.isObject()) {
      throw error(file, path, "must be a mapping with id and action, got " + type(node));
    }
    onlyKeys(file, path, node, ENTRY_KEYS);
    String id = requiredText(file, path + ".id", node.get("id"));
    if (Checks.rules().stream().map(Rule::id).noneMatch(id::equals)) {
      throw error(file, path + ".id", "unknown rule id '" + BoundedFile.excerpt(id) + "'");
    }
    String actionText = requiredText(file, path + ".action", node.get("action"));
    Action action = action(file, path + ".action", actionText);
    Optional<Pattern> url = Optional.empty();
    if (node.has("url")) {
      url =
          Optional.of(
              pattern(file, path + ".url", requiredText(file, path + ".url", node.get("url"))));
    }
    Optional<String> justification = Optional.empty();
    if (node.has("justification")) {
      justification =
          Optional.of(requiredText(file, path + ".justification", node.get("justification")));
    }
    return new Entry(id, action, url, justification);
  }

  private static Action action(Path file, String path, String text)
      throws InvalidTriageFileException {
    for (Action action : Action.values()) {
      if (action.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return action;
      }
    }
    throw error(
        file, path, "must be ignore, warn or fail, got '" + BoundedFile.excerpt(text) + "'");
  }

  private static Pattern pattern(Path file, String path, String regex)
      throws InvalidTriageFileException {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw error(
          file,
          path,
          "is not a regular expression ("
              + e.getDescription()
              + " at index "
              + e.getIndex()
              + "): '"
              + BoundedFile.excerpt(regex)
              + "'");
    }
  }

  private static void onlyKeys(Path file, String path, JsonNode node, Set<String> allowed)
      throws InvalidTriageFileException {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = field.getKey();
      if (!allowed.contains(key)) {
        throw error(
            file,
            path.isEmpty() ? key : path + "." + key,
            "unknown key; expected one of " + allowed.stream().sorted().toList());
      }
    }
  }

  private static String requiredText(Path file, String path, JsonNode node)
      throws InvalidTriageFileException {
    if (node == null || node.isNull()) {
      throw error(file, path, "is missing");
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw error(file, path, "must be a non-empty string, got " + type(node));
    }
    return node.asText();
  }

  private static String type(JsonNode node) {
    JsonNodeType type = node.getNodeType();
    return switch (type) {
      case ARRAY -> "a list";
      case OBJECT -> "a mapping";
      case MISSING, NULL -> "nothing";
      default -> "a " + type.name().toLowerCase(Locale.ROOT);
    };
  }

  private static InvalidTriageFileException error(Path file, String path, String reason) {
    return new InvalidTriageFileException(KIND, file, path, reason);
  }
}
