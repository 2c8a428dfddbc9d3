package io.gatehouse.images.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the {@code images:} section of {@code gatehouse.yaml} into an {@link ImagePolicy},
 * strictly: any unknown key, wrong type or invalid value is a {@link PolicyFileException} naming
 * the path in the file, and nothing is built from a file with an error.
 *
 * <p>Bounds: the file is at most 1 MiB and a key file at most 64 KiB; nesting is at most 40 deep;
 * YAML anchors may be defined but aliases ({@code *name}) are refused, so nothing expands.
 */
final class PolicyFileReader {
  static final int MAX_FILE_BYTES = 1 << 20;
  static final int MAX_KEY_FILE_BYTES = 64 << 10;
  static final int MAX_LIST_ENTRIES = 10_000;
  static final int MAX_NESTING = 40;
  static final String STRING_SOURCE = "<string>";

  static final List<String> TOP_LEVEL_KEYS =
      List.of(
          "version",
          "images",
          "users",
          "teams",
          "projects",
          "environments",
          "branchRules",
          "federatedCredentials");
  private static final List<String> IMAGES_KEYS =
      List.of(
          "mode",
          "trustedRegistries",
          "requireDigest",
          "forbidLatest",
          "signatures",
          "exemptNamespaces",
          "namespaces");
  private static final List<String> OVERRIDE_KEYS =
      List.of("names", "selector", "trustedRegistries", "requireDigest", "forbidLatest", "mode");
  private static final List<String> EXEMPT_KEYS = List.of("names", "selector");
  private static final List<String> SELECTOR_KEYS = List.of("matchLabels", "matchExpressions");
  private static final List<String> EXPRESSION_KEYS = List.of("key", "operator", "values");
  private static final List<String> SIGNATURE_KEYS = List.of("match", "keys");

  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";

  private static final YAMLFactory YAML = yamlFactory();
  private static final ObjectMapper MAPPER =
      new ObjectMapper(YAML).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String file;
  private final Optional<Path> baseDirectory;

  private PolicyFileReader(String file, Optional<Path> baseDirectory) {
    this.file = file;
    this.baseDirectory = baseDirectory;
  }

  static ImagePolicy read(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    PolicyFileReader reader =
        new PolicyFileReader(file.toString(), Optional.ofNullable(absolute.getParent()));
    String text = reader.readBounded(absolute, MAX_FILE_BYTES, "", "policy file");
    return reader.policy(text);
  }

  static ImagePolicy parse(String yaml) {
    PolicyFileReader reader = new PolicyFileReader(STRING_SOURCE, Optional.empty());
    if (yaml.length() > MAX_FILE_BYTES) {
      throw reader.fail("", "policy is larger than " + MAX_FILE_BYTES + " bytes");
    }
    return reader.policy(yaml);
  }

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_FILE_BYTES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    return YAMLFactory.builder()
        .loaderOptions(options)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(MAX_FILE_BYTES)
                .build())
        .build();
  }

  private ImagePolicy policy(String text) {
    ObjectNode root = mapping(tree(text), "", TOP_LEVEL_KEYS);
    JsonNode version = required(root, "", "version");
    if (!version.isInt() || version.intValue() != 1) {
      throw fail("version", "must be 1");
    }
    return images(required(root, "", "images"), "images");
  }

  private JsonNode tree(String text) {
    try {
      try (JsonParser parser = YAML.createParser(text)) {
        refuseAliases((YAMLParser) parser);
      }
      JsonNode root = MAPPER.readTree(text);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw fail("", "policy is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw fail("", "not valid YAML: " + describe(e), e);
    } catch (YAMLException e) {
      throw fail("", "not valid YAML: " + firstLine(String.valueOf(e.getMessage())), e);
    } catch (IOException e) {
      throw fail("", "cannot be read: " + e.getMessage(), e);
    }
  }

  /** Jackson reads an alias as the anchor's name, silently; refuse aliases instead. */
  private void refuseAliases(YAMLParser parser) throws IOException {
    while (parser.nextToken() != null) {
      if (parser.isCurrentAlias()) {
        JsonLocation at = parser.currentLocation();
        throw fail(
            "",
            "YAML aliases are not supported (line "
                + at.getLineNr()
                + ", column "
                + at.getColumnNr()
                + ")");
      }
    }
  }

  private static String describe(JsonProcessingException e) {
    String message = firstLine(String.valueOf(e.getOriginalMessage()));
    JsonLocation at = e.getLocation();
    if (at == null) {
      return message;
    }
    return message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return Printable.of(newline < 0 ? message : message.substring(0, newline));
  }

  private ImagePolicy images(JsonNode node, String path) {
    ObjectNode images = mapping(node, path, IMAGES_KEYS);
    RuleSet defaults =
        new RuleSet(
            path,
            mode(images, path, EnforcementMode.ENFORCE),
            sources(required(images, path, "trustedRegistries"), child(path, "trustedRegistries")),
            bool(images, path, "requireDigest", false),
            bool(images, path, "forbidLatest", true));
    List<SignatureRequirement> signatures = new ArrayList<>();
    List<NamespaceMatcher> exemptions = new ArrayList<>();
    List<ImagePolicy.NamespaceOverride> overrides = new ArrayList<>();
    forEach(images, path, "signatures", (entry, at) -> signatures.add(signature(entry, at)));
    forEach(
        images,
        path,
        "exemptNamespaces",
        (entry, at) -> exemptions.add(matcher(mapping(entry, at, EXEMPT_KEYS), at)));
    forEach(
        images, path, "namespaces", (entry, at) -> overrides.add(override(entry, at, defaults)));
    return new ImagePolicy(defaults, overrides, exemptions, signatures);
  }

  private ImagePolicy.NamespaceOverride override(JsonNode node, String path, RuleSet defaults) {
    ObjectNode entry = mapping(node, path, OVERRIDE_KEYS);
    NamespaceMatcher matcher = matcher(entry, path);
    List<TrustedSource> trusted =
        entry.has("trustedRegistries")
            ? sources(entry.get("trustedRegistries"), child(path, "trustedRegistries"))
            : defaults.trustedSources();
    RuleSet rules =
        new RuleSet(
            path,
            mode(entry, path, defaults.mode()),
            trusted,
            bool(entry, path, "requireDigest", defaults.requireDigest()),
            bool(entry, path, "forbidLatest", defaults.forbidLatest()));
    return new ImagePolicy.NamespaceOverride(matcher, rules);
  }

  private NamespaceMatcher matcher(ObjectNode entry, String path) {
    if (!entry.has("names") && !entry.has("selector")) {
      throw fail(path, "needs names, a selector, or both");
    }
    List<NameGlob> names = new ArrayList<>();
    forEach(entry, path, "names", (name, at) -> names.add(nameGlob(name, at)));
    if (entry.has("names") && names.isEmpty()) {
      throw fail(child(path, "names"), "must list at least one name");
    }
    Optional<LabelSelector> selector =
        entry.has("selector")
            ? Optional.of(selector(entry.get("selector"), child(path, "selector")))
            : Optional.empty();
    return new NamespaceMatcher(path, names, selector);
  }

  private NameGlob nameGlob(JsonNode node, String path) {
    String pattern = text(node, path);
    NameGlob.problem(pattern)
        .ifPresent(problem -> failNow(path, problem + ": \"" + Printable.of(pattern) + "\""));
    return NameGlob.of(pattern);
  }

  private LabelSelector selector(JsonNode node, String path) {
    ObjectNode selector = mapping(node, path, SELECTOR_KEYS);
    Map<String, String> matchLabels = new LinkedHashMap<>();
    if (selector.has("matchLabels")) {
      String at = child(path, "matchLabels");
      ObjectNode labels = mapping(selector.get("matchLabels"), at, List.of());
      for (Map.Entry<String, JsonNode> label : labels.properties()) {
        matchLabels.put(labelKey(label.getKey(), at), labelValue(label.getValue(), at));
      }
    }
    List<LabelSelector.Requirement> expressions = new ArrayList<>();
    forEach(
        selector, path, "matchExpressions", (entry, at) -> expressions.add(requirement(entry, at)));
    if (matchLabels.isEmpty() && expressions.isEmpty()) {
      throw fail(
          path,
          "selector must have at least one requirement (an empty selector selects every"
              + " namespace)");
    }
    return new LabelSelector(matchLabels, expressions);
  }

  private LabelSelector.Requirement requirement(JsonNode node, String path) {
    ObjectNode entry = mapping(node, path, EXPRESSION_KEYS);
    String key = labelKey(text(required(entry, path, "key"), child(path, "key")), path);
    String operatorText = text(required(entry, path, "operator"), child(path, "operator"));
    LabelSelector.Operator operator =
        LabelSelector.Operator.fromId(operatorText)
            .orElseThrow(
                () ->
                    fail(
                        child(path, "operator"),
                        "must be In, NotIn, Exists or DoesNotExist, not \""
                            + Printable.of(operatorText)
                            + "\""));
    Set<String> values = new HashSet<>();
    forEach(entry, path, "values", (value, at) -> values.add(labelValue(value, at)));
    if (operator.takesValues() && values.isEmpty()) {
      throw fail(child(path, "values"), operatorText + " needs at least one value");
    }
    if (!operator.takesValues() && entry.has("values") && !values.isEmpty()) {
      throw fail(child(path, "values"), operatorText + " takes no values");
    }
    return new LabelSelector.Requirement(key, operator, values);
  }

  private String labelKey(String key, String path) {
    LabelSelector.keyProblem(key)
        .ifPresent(problem -> failNow(path, problem + ": \"" + Printable.of(key) + "\""));
    return key;
  }

  private String labelValue(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw fail(path, "label values must be strings (quote values such as \"true\" or \"1\")");
    }
    String value = node.textValue();
    LabelSelector.valueProblem(value)
        .ifPresent(problem -> failNow(path, problem + ": \"" + Printable.of(value) + "\""));
    return value;
  }

  private List<TrustedSource> sources(JsonNode node, String path) {
    List<TrustedSource> sources = new ArrayList<>();
    List<JsonNode> entries = list(node, path);
    for (int i = 0; i < entries.size(); i++) {
      String at = index(path, i);
      TrustedSource source = source(entries.get(i), at);
      int earlier = sources.indexOf(source);
      if (earlier >= 0) {
        throw fail(
            at, "duplicate trusted source " + source + ", already at " + index(path, earlier));
      }
      sources.add(source);
    }
    return sources;
  }

  private TrustedSource source(JsonNode node, String path) {
    try {
      return TrustedSource.parse(text(node, path));
    } catch (InvalidTrustedSourceException e) {
      throw fail(path, e.getMessage(), e);
    }
  }

  private SignatureRequirement signature(JsonNode node, String path) {
    ObjectNode entry = mapping(node, path, SIGNATURE_KEYS);
    TrustedSource source = source(required(entry, path, "match"), child(path, "match"));
    List<PublicKeyPem> keys = new ArrayList<>();
    required(entry, path, "keys");
    forEach(entry, path, "keys", (key, at) -> keys.add(publicKey(text(key, at), at)));
    if (keys.isEmpty()) {
      throw fail(child(path, "keys"), "must list at least one public key");
    }
    return new SignatureRequirement(source, keys);
  }

  private PublicKeyPem publicKey(String value, String path) {
    if (value.startsWith("-----BEGIN")) {
      return new PublicKeyPem(path, pem(value, path));
    }
    if (baseDirectory.isEmpty()) {
      throw fail(
          path,
          "key file paths are resolved against the policy file; load the policy from a file or"
              + " give the key as inline PEM");
    }
    Path keyFile;
    try {
      keyFile = baseDirectory.get().resolve(value).normalize();
    } catch (InvalidPathException e) {
      throw fail(path, "not a valid key file path: \"" + Printable.of(value) + "\"", e);
    }
    String text = readBounded(keyFile, MAX_KEY_FILE_BYTES, path, "key file " + keyFile);
    return new PublicKeyPem(keyFile.toString(), pem(text, path));
  }

  /** Checks the PEM framing and the base64 body; the key itself is for the verifier to decode. */
  private String pem(String text, String path) {
    String pem = text.strip();
    String expected = "must be one PEM public key (" + PEM_BEGIN + " ... " + PEM_END + ")";
    // The length check matters: "-----BEGIN PUBLIC KEY-----" alone both starts and ends with
    // dashes that the two markers would share.
    if (pem.length() < PEM_BEGIN.length() + PEM_END.length()
        || !pem.startsWith(PEM_BEGIN)
        || !pem.endsWith(PEM_END)) {
      throw fail(path, expected);
    }
    String body = pem.substring(PEM_BEGIN.length(), pem.length() - PEM_END.length());
    if (body.contains("-----")) {
      throw fail(path, expected);
    }
    StringBuilder base64 = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
        base64.append(c);
      }
    }
    try {
      if (Base64.getDecoder().decode(base64.toString()).length == 0) {
        throw fail(path, "PEM public key is empty");
      }
    } catch (IllegalArgumentException e) {
      throw fail(path, "PEM public key body is not valid base64", e);
    }
    return pem + "\n";
  }

  private String readBounded(Path path, int maxBytes, String at, String what) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw fail(at, what + " cannot be read: " + e, e);
    }
    if (bytes.length > maxBytes) {
      throw fail(at, what + " is larger than " + maxBytes + " bytes");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw fail(at, what + " is not valid UTF-8", e);
    }
  }

  private EnforcementMode mode(ObjectNode object, String path, EnforcementMode absent) {
    if (!object.has("mode")) {
      return absent;
    }
    String at = child(path, "mode");
    String value = text(object.get("mode"), at);
    return EnforcementMode.fromId(value)
        .orElseThrow(
            () -> fail(at, "must be enforce or audit, not \"" + Printable.of(value) + "\""));
  }

  private boolean bool(ObjectNode object, String path, String key, boolean absent) {
    if (!object.has(key)) {
      return absent;
    }
    JsonNode node = object.get(key);
    if (!node.isBoolean()) {
      throw fail(child(path, key), "must be true or false");
    }
    return node.booleanValue();
  }

  private String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw fail(path, "must be a string");
    }
    return node.textValue();
  }

  private ObjectNode mapping(JsonNode node, String path, List<String> allowedKeys) {
    if (!(node instanceof ObjectNode object)) {
      throw fail(path, "must be a mapping");
    }
    if (allowedKeys.isEmpty()) {
      return object;
    }
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      if (!allowedKeys.contains(property.getKey())) {
        throw fail(
            child(path, Printable.of(property.getKey())),
            "unknown key (expected one of: " + String.join(", ", allowedKeys) + ")");
      }
    }
    return object;
  }

  private List<JsonNode> list(JsonNode node, String path) {
    if (!(node instanceof ArrayNode array)) {
      throw fail(path, "must be a list");
    }
    if (array.size() > MAX_LIST_ENTRIES) {
      throw fail(path, "must not have more than " + MAX_LIST_ENTRIES + " entries");
    }
    List<JsonNode> entries = new ArrayList<>(array.size());
    array.forEach(entries::add);
    return entries;
  }

  private JsonNode required(ObjectNode object, String path, String key) {
    JsonNode node = object.get(key);
    if (node == null) {
      throw fail(child(path, key), "is required");
    }
    return node;
  }

  /** Calls {@code action} on each entry of the optional list {@code object.key}. */
  private void forEach(ObjectNode object, String path, String key, EntryAction action) {
    if (!object.has(key)) {
      return;
    }
    String at = child(path, key);
    List<JsonNode> entries = list(object.get(key), at);
    for (int i = 0; i < entries.size(); i++) {
      action.accept(entries.get(i), index(at, i));
    }
  }

  private static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  private PolicyFileException fail(String path, String reason) {
    return new PolicyFileException(file, path, reason);
  }

  private PolicyFileException fail(String path, String reason, Throwable cause) {
    return new PolicyFileException(file, path, reason, cause);
  }

  private void failNow(String path, String reason) {
    throw fail(path, reason);
  }

  /** What to do with one list entry and its path. */
  @FunctionalInterface
  private interface EntryAction {
    void accept(JsonNode entry, String path);
  }
}
