package io.gatehouse.deploy.apply;

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
import io.gatehouse.deploy.access.UserNames;
import io.gatehouse.deploy.federation.CredentialSpec;
import io.gatehouse.deploy.federation.InvalidCredentialException;
import io.gatehouse.deploy.notify.WebhookSpec;
import io.gatehouse.deploy.oidc.SigningAlgorithm;
import io.gatehouse.deploy.oidc.TokenSettings;
import io.gatehouse.deploy.project.EnvironmentRules;
import io.gatehouse.deploy.project.EnvironmentRulesJson;
import io.gatehouse.deploy.project.InvalidRulesException;
import io.gatehouse.deploy.project.ProjectNames;
import io.gatehouse.deploy.project.RulesValidation;
import io.gatehouse.images.policy.ImagePolicy;
import io.gatehouse.images.policy.PolicyFileException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code gatehouse.yaml} for {@code apply}, strictly: an unknown key, a duplicate key, a
 * value of the wrong type, an invalid value or a YAML alias is an {@link ApplyFileException} naming
 * the file, the path in it and the reason. The document is at most 1 MiB.
 */
public final class ApplyFileReader {
  /** The largest document, in UTF-8 bytes. */
  public static final int MAX_BYTES = 1 << 20;

  /** The webhook events a project may subscribe to. */
  public static final List<String> WEBHOOK_EVENTS =
      List.of(
          "deployment.waiting",
          "deployment.approved",
          "deployment.rejected",
          "deployment.timed_out",
          "deployment.success",
          "deployment.failure",
          "deployment.error",
          "deployment.cancelled");

  private static final int MAX_NESTING = 40;
  private static final int MAX_LIST = 10_000;
  private static final int MIN_SECRET = 16;
  private static final List<String> TOP_KEYS =
      List.of(
          "version", "users", "teams", "projects", "images", "branchRules", "federatedCredentials");
  private static final List<String> NOT_YET = List.of("branchRules");
  private static final List<String> CREDENTIAL_KEYS =
      List.of("name", "issuer", "audience", "subject", "claims", "role");
  private static final List<String> USER_KEYS = List.of("name", "admin");
  private static final List<String> TEAM_KEYS = List.of("name", "members");
  private static final List<String> PROJECT_KEYS =
      List.of(
          "name",
          "repository",
          "protectedBranches",
          "maintainers",
          "deployers",
          "webhooks",
          "environments",
          "deploymentToken");
  private static final List<String> DEPLOYMENT_TOKEN_KEYS = List.of("subjectClaims", "algorithm");
  private static final List<String> ROLE_KEYS = List.of("users", "teams");
  private static final List<String> WEBHOOK_KEYS = List.of("url", "secret", "events");
  private static final List<String> ENVIRONMENT_KEYS =
      List.of(
          "name",
          "deploymentRefs",
          "reviewers",
          "waitMinutes",
          "gates",
          "lock",
          "allowBypass",
          "reviewTimeout");
  private static final List<String> REFS_KEYS = List.of("branches", "tags");

  private static final YAMLFactory YAML = yamlFactory();
  private static final ObjectMapper MAPPER =
      new ObjectMapper(YAML).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The most rules files sent with one document. */
  public static final int MAX_FILES = 50;

  private final String file;
  private final Map<String, String> files;
  private final java.util.Set<String> used = new java.util.HashSet<>();

  private ApplyFileReader(String file, Map<String, String> files) {
    this.file = file;
    this.files = files;
  }

  /**
   * Reads a document.
   *
   * @param file the document's name, for errors (e.g. {@code gatehouse.yaml})
   * @param text the document
   * @throws ApplyFileException naming the file, the path and the reason
   */
  public static ApplyDocument read(String file, String text) {
    return read(file, text, Map.of());
  }

  /**
   * Reads a document whose {@code dast} gates may name rules files ({@code rulesFile: PATH}); each
   * such gate gets the file's content from {@code files}, by the path exactly as written, and keeps
   * it as {@code rulesFile: {path, content}}.
   *
   * @param files the contents of the rules files the document names, by path; every one must be
   *     named by some gate
   * @throws ApplyFileException naming the file, the path and the reason
   */
  public static ApplyDocument read(String file, String text, Map<String, String> files) {
    ApplyFileReader reader = new ApplyFileReader(file, Map.copyOf(files));
    if (files.size() > MAX_FILES) {
      throw reader.fail("", "at most " + MAX_FILES + " rules files may be sent with a document");
    }
    ApplyDocument document = reader.document(text);
    for (String name : new java.util.TreeSet<>(files.keySet())) {
      if (!reader.used.contains(name)) {
        throw reader.fail(
            "",
            "the rules file '"
                + printable(name)
                + "' was sent but no dast gate's rulesFile names it");
      }
    }
    return document;
  }

  /**
   * The rules files the {@code dast} gates of a document name ({@code rulesFile: PATH}), so that a
   * client can send their contents with it. A document that cannot be read names none: the server
   * reports what is wrong with it.
   */
  public static List<String> rulesFiles(String text) {
    List<String> names = new ArrayList<>();
    try {
      JsonNode root = MAPPER.readTree(text);
      for (JsonNode project : root == null ? MAPPER.createArrayNode() : root.path("projects")) {
        for (JsonNode environment : project.path("environments")) {
          for (JsonNode gate : environment.path("gates")) {
            JsonNode name = gate.path("parameters").path("rulesFile");
            if (gate.path("type").asText("").equals("dast")
                && name.isTextual()
                && !names.contains(name.textValue())) {
              names.add(name.textValue());
            }
          }
        }
      }
    } catch (IOException | YAMLException e) {
      return List.of();
    }
    return List.copyOf(names);
  }

  private ApplyDocument document(String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw fail("", "the document is larger than " + MAX_BYTES + " bytes");
    }
    int placeholder = text.indexOf("${");
    if (placeholder >= 0) {
      throw fail(
          "",
          "line "
              + line(text, placeholder)
              + " holds an unsubstituted ${...} placeholder; the client substitutes environment"
              + " variables before sending the document");
    }
    ObjectNode root = mapping(tree(text), "", TOP_KEYS);
    JsonNode version = required(root, "", "version");
    if (!version.isInt() || version.intValue() != 1) {
      throw fail("version", "must be 1");
    }
    for (String key : NOT_YET) {
      if (root.has(key)) {
        throw fail(key, "not supported by this server yet");
      }
    }
    List<ApplyDocument.UserSpec> users = list(root, "", "users", this::user);
    unique(users.stream().map(ApplyDocument.UserSpec::name).toList(), "users", ".name", false);
    List<ApplyDocument.TeamSpec> teams = list(root, "", "teams", this::team);
    unique(teams.stream().map(ApplyDocument.TeamSpec::name).toList(), "teams", ".name", false);
    List<ApplyDocument.ProjectSpec> projects = list(root, "", "projects", this::project);
    unique(
        projects.stream().map(ApplyDocument.ProjectSpec::name).toList(), "projects", ".name", true);
    Optional<String> images =
        root.has("images") ? Optional.of(images(root.get("images"))) : Optional.empty();
    List<ApplyDocument.FederationSpec> federation =
        root.has("federatedCredentials") ? federation(root.get("federatedCredentials")) : List.of();
    return new ApplyDocument(users, teams, projects, images, federation);
  }

  private List<ApplyDocument.FederationSpec> federation(JsonNode node) {
    String path = "federatedCredentials";
    if (!(node instanceof ObjectNode section)) {
      throw fail(path, "must be a mapping of project names to lists of credentials");
    }
    List<ApplyDocument.FederationSpec> specs = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : section.properties()) {
      String project = entry.getKey();
      String at = path + "." + printable(project);
      ProjectNames.projectProblem(project).ifPresent(problem -> failNow(at, problem));
      String earlier = seen.putIfAbsent(ProjectNames.key(project), project);
      if (earlier != null) {
        throw fail(at, "'" + project + "' is declared twice (also as '" + earlier + "')");
      }
      if (!(entry.getValue() instanceof ArrayNode array)) {
        throw fail(at, "must be a list of credentials");
      }
      if (array.size() > CredentialSpec.MAX_PER_PROJECT) {
        throw fail(
            at,
            "a project holds at most " + CredentialSpec.MAX_PER_PROJECT + " federated credentials");
      }
      List<CredentialSpec> credentials = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        credentials.add(credential(array.get(i), at + "[" + i + "]"));
      }
      unique(credentials.stream().map(CredentialSpec::name).toList(), at, ".name", false);
      specs.add(new ApplyDocument.FederationSpec(at, project, credentials));
    }
    return specs;
  }

  private CredentialSpec credential(JsonNode node, String at) {
    ObjectNode entry = mapping(node, at, CREDENTIAL_KEYS);
    Map<String, String> claims = new TreeMap<>();
    if (entry.has("claims")) {
      if (!(entry.get("claims") instanceof ObjectNode given)) {
        throw fail(at + ".claims", "must be a mapping of claim names to values");
      }
      for (Map.Entry<String, JsonNode> claim : given.properties()) {
        claims.put(
            claim.getKey(), text(claim.getValue(), at + ".claims." + printable(claim.getKey())));
      }
    }
    try {
      return new CredentialSpec(
          text(required(entry, at, "name"), at + ".name"),
          text(required(entry, at, "issuer"), at + ".issuer"),
          text(required(entry, at, "audience"), at + ".audience"),
          entry.has("subject")
              ? Optional.of(text(entry.get("subject"), at + ".subject"))
              : Optional.empty(),
          claims,
          entry.has("role") ? text(entry.get("role"), at + ".role") : CredentialSpec.DEPLOYER);
    } catch (InvalidCredentialException e) {
      throw fail(e.field().isEmpty() ? at : at + "." + e.field(), e.reason());
    }
  }

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    return YAMLFactory.builder()
        .loaderOptions(options)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(MAX_BYTES)
                .build())
        .build();
  }

  private JsonNode tree(String text) {
    try {
      try (JsonParser parser = YAML.createParser(text)) {
        refuseAliases((YAMLParser) parser);
      }
      JsonNode root = MAPPER.readTree(text);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw fail("", "the document is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw fail("", "not valid YAML: " + describe(e));
    } catch (YAMLException e) {
      throw fail("", "not valid YAML: " + firstLine(String.valueOf(e.getMessage())));
    } catch (IOException e) {
      throw fail("", "cannot be read: " + e.getMessage());
    }
  }

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

  private ApplyDocument.UserSpec user(JsonNode node, String path) {
    ObjectNode user = mapping(node, path, USER_KEYS);
    return new ApplyDocument.UserSpec(
        path, name(required(user, path, "name"), path + ".name"), bool(user, path, "admin"));
  }

  private ApplyDocument.TeamSpec team(JsonNode node, String path) {
    ObjectNode team = mapping(node, path, TEAM_KEYS);
    String name = name(required(team, path, "name"), path + ".name");
    List<String> members = list(team, path, "members", this::name);
    unique(members, path + ".members", "", false);
    return new ApplyDocument.TeamSpec(path, name, members);
  }

  private ApplyDocument.ProjectSpec project(JsonNode node, String path) {
    ObjectNode project = mapping(node, path, PROJECT_KEYS);
    String name = text(required(project, path, "name"), path + ".name");
    ProjectNames.projectProblem(name).ifPresent(problem -> failNow(path + ".name", problem));
    List<String> branches = list(project, path, "protectedBranches", this::text);
    try {
      RulesValidation.patterns(branches, "protectedBranches");
    } catch (InvalidRulesException e) {
      throw fail(path + "." + e.path(), e.reason());
    }
    List<ApplyDocument.EnvironmentSpec> environments =
        list(project, path, "environments", this::environment);
    unique(
        environments.stream().map(ApplyDocument.EnvironmentSpec::name).toList(),
        path + ".environments",
        ".name",
        true);
    return new ApplyDocument.ProjectSpec(
        path,
        name,
        project.has("repository") ? repository(project.get("repository"), path) : "",
        branches,
        role(project, path, "maintainers"),
        role(project, path, "deployers"),
        list(project, path, "webhooks", this::webhook),
        environments,
        project.has("deploymentToken")
            ? Optional.of(deploymentToken(project.get("deploymentToken"), path))
            : Optional.empty());
  }

  private TokenSettings deploymentToken(JsonNode node, String path) {
    String at = path + ".deploymentToken";
    ObjectNode settings = mapping(node, at, DEPLOYMENT_TOKEN_KEYS);
    List<String> claims =
        settings.has("subjectClaims")
            ? list(settings, at, "subjectClaims", this::text)
            : TokenSettings.DEFAULT.subjectClaims();
    SigningAlgorithm algorithm = TokenSettings.DEFAULT.algorithm();
    if (settings.has("algorithm")) {
      String name = text(settings.get("algorithm"), at + ".algorithm");
      algorithm =
          SigningAlgorithm.parse(name)
              .orElseThrow(() -> fail(at + ".algorithm", "must be ES256 or RS256"));
    }
    try {
      return new TokenSettings(claims, algorithm);
    } catch (IllegalArgumentException e) {
      throw fail(at + ".subjectClaims", e.getMessage());
    }
  }

  private String repository(JsonNode node, String path) {
    String repository = text(node, path + ".repository");
    if (repository.length() > 2000 || repository.chars().anyMatch(Character::isISOControl)) {
      throw fail(
          path + ".repository", "must be at most 2000 characters without control characters");
    }
    return repository;
  }

  private ApplyDocument.RoleSpec role(ObjectNode project, String path, String key) {
    if (!project.has(key)) {
      return ApplyDocument.RoleSpec.none();
    }
    String at = path + "." + key;
    ObjectNode role = mapping(project.get(key), at, ROLE_KEYS);
    List<String> users = list(role, at, "users", this::name);
    List<String> teams = list(role, at, "teams", this::name);
    unique(users, at + ".users", "", false);
    unique(teams, at + ".teams", "", false);
    return new ApplyDocument.RoleSpec(users, teams);
  }

  private WebhookSpec webhook(JsonNode node, String path) {
    ObjectNode webhook = mapping(node, path, WEBHOOK_KEYS);
    String url = text(required(webhook, path, "url"), path + ".url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw fail(path + ".url", "not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw fail(path + ".url", "must be an absolute http or https URL");
    }
    String secret = text(required(webhook, path, "secret"), path + ".secret");
    if (secret.length() < MIN_SECRET) {
      throw fail(path + ".secret", "must be at least " + MIN_SECRET + " characters");
    }
    List<String> events = list(webhook, path, "events", this::text);
    for (int i = 0; i < events.size(); i++) {
      if (!WEBHOOK_EVENTS.contains(events.get(i))) {
        throw fail(
            path + ".events[" + i + "]",
            "unknown event (expected one of: " + String.join(", ", WEBHOOK_EVENTS) + ")");
      }
    }
    return new WebhookSpec(uri, secret, new LinkedHashSet<>(events));
  }

  private ApplyDocument.EnvironmentSpec environment(JsonNode node, String path) {
    ObjectNode entry = mapping(node, path, ENVIRONMENT_KEYS);
    String name = text(required(entry, path, "name"), path + ".name");
    ProjectNames.environmentProblem(name).ifPresent(problem -> failNow(path + ".name", problem));
    ObjectNode rules = entry.deepCopy();
    rules.remove("name");
    if (rules.has("deploymentRefs")) {
      rules.set("deploymentRefs", refs(rules.get("deploymentRefs"), path + ".deploymentRefs"));
    }
    if (rules.get("gates") instanceof ArrayNode gates) {
      for (int i = 0; i < gates.size(); i++) {
        rulesFile(gates.get(i), path + ".gates[" + i + "]");
      }
    }
    try {
      EnvironmentRules read = EnvironmentRulesJson.read(rules);
      return new ApplyDocument.EnvironmentSpec(path, name, read);
    } catch (InvalidRulesException e) {
      throw fail(e.path().isEmpty() ? path : path + "." + e.path(), e.reason());
    }
  }

  /** A dast gate's {@code rulesFile: PATH} replaced by {@code {path, content}} of that file. */
  private void rulesFile(JsonNode gate, String path) {
    if (!(gate.path("parameters") instanceof ObjectNode parameters)
        || !gate.path("type").asText("").equals("dast")
        || !parameters.path("rulesFile").isTextual()) {
      return;
    }
    String at = path + ".parameters.rulesFile";
    String name = parameters.get("rulesFile").textValue();
    io.gatehouse.deploy.gate.Gates.rulesFilePathProblem(name)
        .ifPresent(problem -> failNow(at, problem));
    String content = files.get(name);
    if (content == null) {
      throw fail(
          at,
          "the rules file '"
              + name
              + "' was not sent with the document; gatehouse apply -f gatehouse.yaml reads it"
              + " relative to gatehouse.yaml and sends it");
    }
    used.add(name);
    ObjectNode resolved = MAPPER.createObjectNode();
    resolved.put("path", name);
    resolved.put("content", content);
    parameters.set("rulesFile", resolved);
  }

  /** The file's shorthand ({@code any}, {@code protected}, {@code {branches, tags}}) as JSON. */
  private JsonNode refs(JsonNode node, String path) {
    ObjectNode refs = MAPPER.createObjectNode();
    if (node.isTextual()) {
      if (!node.textValue().equals("any") && !node.textValue().equals("protected")) {
        throw fail(path, "must be any, protected, or a mapping with branches and/or tags");
      }
      refs.put("policy", node.textValue());
      return refs;
    }
    ObjectNode patterns = mapping(node, path, REFS_KEYS);
    refs.put("policy", "patterns");
    for (String key : REFS_KEYS) {
      if (patterns.has(key)) {
        refs.set(key, patterns.get(key));
      }
    }
    return refs;
  }

  private String images(JsonNode images) {
    ObjectNode document = MAPPER.createObjectNode();
    document.put("version", 1);
    document.set("images", images);
    String text;
    try {
      text = MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw fail("images", "cannot be written back: " + e.getOriginalMessage());
    }
    try {
      ImagePolicy.parse(text);
    } catch (PolicyFileException e) {
      throw fail(e.path(), e.reason());
    }
    return text;
  }

  private String name(JsonNode node, String path) {
    String name = text(node, path);
    UserNames.problem(name).ifPresent(problem -> failNow(path, problem));
    return name;
  }

  private void unique(List<String> names, String path, String suffix, boolean ignoreCase) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String key = ignoreCase ? ProjectNames.key(names.get(i)) : names.get(i);
      Integer earlier = seen.putIfAbsent(key, i);
      if (earlier != null) {
        throw fail(
            path + "[" + i + "]" + suffix,
            "'" + names.get(i) + "' is declared twice (first at " + path + "[" + earlier + "])");
      }
    }
  }

  private boolean bool(ObjectNode object, String path, String key) {
    if (!object.has(key)) {
      return false;
    }
    JsonNode node = object.get(key);
    if (!node.isBoolean()) {
      throw fail(path + "." + key, "must be true or false");
    }
    return node.booleanValue();
  }

  private String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw fail(path, "must be a string");
    }
    return node.textValue();
  }

  private ObjectNode mapping(JsonNode node, String path, List<String> keys) {
    if (!(node instanceof ObjectNode object)) {
      throw fail(path, "must be a mapping");
    }
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      if (!keys.contains(property.getKey())) {
        throw fail(
            join(path, printable(property.getKey())),
            "unknown key (expected one of: " + String.join(", ", keys) + ")");
      }
    }
    return object;
  }

  private JsonNode required(ObjectNode object, String path, String key) {
    JsonNode node = object.get(key);
    if (node == null || node.isNull()) {
      throw fail(join(path, key), "is required");
    }
    return node;
  }

  private <T> List<T> list(ObjectNode object, String path, String key, Entry<T> entry) {
    if (!object.has(key)) {
      return List.of();
    }
    String at = join(path, key);
    if (!(object.get(key) instanceof ArrayNode array)) {
      throw fail(at, "must be a list");
    }
    if (array.size() > MAX_LIST) {
      throw fail(at, "must not have more than " + MAX_LIST + " entries");
    }
    List<T> values = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      values.add(entry.read(array.get(i), at + "[" + i + "]"));
    }
    return values;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
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
    return printable(newline < 0 ? message : message.substring(0, newline));
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }

  private ApplyFileException fail(String path, String reason) {
    return new ApplyFileException(file, path, reason);
  }

  private void failNow(String path, String reason) {
    throw fail(path, reason);
  }

  @FunctionalInterface
  private interface Entry<T> {
    T read(JsonNode node, String path);
  }
}
