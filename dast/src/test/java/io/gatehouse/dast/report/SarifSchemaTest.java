package io.gatehouse.dast.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.triage.Baseline;
import io.gatehouse.dast.triage.RulesFile;
import io.gatehouse.dast.triage.Triage;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Our SARIF against the structure the SARIF 2.1.0 JSON schema (OASIS, errata 01) requires of the
 * objects we write. No copy of the schema file nor a JSON Schema validator is available to the
 * build offline, so the schema's rules for these objects are written out here: for each object its
 * allowed properties ({@code additionalProperties: false} in the schema), its required ones, the
 * enumerations, the minimums and the formats (uri, date-time). A property bag ({@code properties})
 * may hold anything but {@code tags}, which must be unique strings.
 */
class SarifSchemaTest {
  /** One object definition of the schema: allowed and required properties, children by key. */
  private record Definition(
      Set<String> allowed, Set<String> required, Map<String, String> children) {}

  private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");

  private static final Map<String, Definition> SCHEMA =
      Map.ofEntries(
          Map.entry(
              "sarifLog",
              new Definition(
                  Set.of("$schema", "version", "runs", "inlineExternalProperties", "properties"),
                  Set.of("version", "runs"),
                  Map.of("runs[]", "run", "properties", "propertyBag"))),
          Map.entry(
              "run",
              new Definition(
                  Set.of(
                      "tool",
                      "invocations",
                      "conversion",
                      "language",
                      "versionControlProvenance",
                      "originalUriBaseIds",
                      "artifacts",
                      "logicalLocations",
                      "graphs",
                      "results",
                      "automationDetails",
                      "runAggregates",
                      "baselineGuid",
                      "redactionTokens",
                      "defaultEncoding",
                      "defaultSourceLanguage",
                      "newlineSequences",
                      "columnKind",
                      "externalPropertyFileReferences",
                      "threadFlowLocations",
                      "taxonomies",
                      "addresses",
                      "translations",
                      "policies",
                      "webRequests",
                      "webResponses",
                      "specialLocations",
                      "properties"),
                  Set.of("tool"),
                  Map.of(
                      "tool", "tool",
                      "invocations[]", "invocation",
                      "results[]", "result",
                      "properties", "propertyBag"))),
          Map.entry(
              "tool",
              new Definition(
                  Set.of("driver", "extensions", "properties"),
                  Set.of("driver"),
                  Map.of(
                      "driver",
                      "toolComponent",
                      "extensions[]",
                      "toolComponent",
                      "properties",
                      "propertyBag"))),
          Map.entry(
              "toolComponent",
              new Definition(
                  Set.of(
                      "guid",
                      "name",
                      "organization",
                      "product",
                      "productSuite",
                      "shortDescription",
                      "fullDescription",
                      "fullName",
                      "version",
                      "semanticVersion",
                      "dottedQuadFileVersion",
                      "releaseDateUtc",
                      "downloadUri",
                      "informationUri",
                      "globalMessageStrings",
                      "notifications",
                      "rules",
                      "taxa",
                      "locations",
                      "language",
                      "contents",
                      "isComprehensive",
                      "localizedDataSemanticVersion",
                      "minimumRequiredLocalizedDataSemanticVersion",
                      "associatedComponent",
                      "translationMetadata",
                      "supportedTaxonomies",
                      "properties"),
                  Set.of("name"),
                  Map.of(
                      "rules[]", "reportingDescriptor",
                      "shortDescription", "multiformatMessageString",
                      "fullDescription", "multiformatMessageString",
                      "properties", "propertyBag"))),
          Map.entry(
              "reportingDescriptor",
              new Definition(
                  Set.of(
                      "id",
                      "deprecatedIds",
                      "guid",
                      "deprecatedGuids",
                      "name",
                      "deprecatedNames",
                      "shortDescription",
                      "fullDescription",
                      "messageStrings",
                      "defaultConfiguration",
                      "helpUri",
                      "help",
                      "relationships",
                      "properties"),
                  Set.of("id"),
                  Map.of(
                      "shortDescription", "multiformatMessageString",
                      "fullDescription", "multiformatMessageString",
                      "help", "multiformatMessageString",
                      "defaultConfiguration", "reportingConfiguration",
                      "properties", "propertyBag"))),
          Map.entry(
              "multiformatMessageString",
              new Definition(
                  Set.of("text", "markdown", "properties"),
                  Set.of("text"),
                  Map.of("properties", "propertyBag"))),
          Map.entry(
              "reportingConfiguration",
              new Definition(
                  Set.of("enabled", "level", "rank", "parameters", "properties"),
                  Set.of(),
                  Map.of("properties", "propertyBag"))),
          Map.entry(
              "result",
              new Definition(
                  Set.of(
                      "ruleId",
                      "ruleIndex",
                      "rule",
                      "kind",
                      "level",
                      "message",
                      "analysisTarget",
                      "locations",
                      "guid",
                      "correlationGuid",
                      "occurrenceCount",
                      "partialFingerprints",
                      "fingerprints",
                      "stacks",
                      "codeFlows",
                      "graphs",
                      "graphTraversals",
                      "relatedLocations",
                      "suppressions",
                      "baselineState",
                      "rank",
                      "attachments",
                      "hostedViewerUri",
                      "workItemUris",
                      "provenance",
                      "fixes",
                      "taxa",
                      "webRequest",
                      "webResponse",
                      "properties"),
                  Set.of("message"),
                  Map.of(
                      "message", "message",
                      "locations[]", "location",
                      "suppressions[]", "suppression",
                      "properties", "propertyBag"))),
          Map.entry(
              "message",
              new Definition(
                  Set.of("text", "markdown", "id", "arguments", "properties"),
                  Set.of(),
                  Map.of("properties", "propertyBag"))),
          Map.entry(
              "location",
              new Definition(
                  Set.of(
                      "id",
                      "physicalLocation",
                      "logicalLocations",
                      "message",
                      "annotations",
                      "relationships",
                      "properties"),
                  Set.of(),
                  Map.of(
                      "physicalLocation", "physicalLocation",
                      "message", "message",
                      "properties", "propertyBag"))),
          Map.entry(
              "physicalLocation",
              new Definition(
                  Set.of("address", "artifactLocation", "region", "contextRegion", "properties"),
                  Set.of(),
                  Map.of(
                      "artifactLocation", "artifactLocation",
                      "region", "region",
                      "properties", "propertyBag"))),
          Map.entry(
              "artifactLocation",
              new Definition(
                  Set.of("uri", "uriBaseId", "index", "description", "properties"),
                  Set.of(),
                  Map.of("description", "message", "properties", "propertyBag"))),
          Map.entry(
              "region",
              new Definition(
                  Set.of(
                      "startLine",
                      "startColumn",
                      "endLine",
                      "endColumn",
                      "charOffset",
                      "charLength",
                      "byteOffset",
                      "byteLength",
                      "snippet",
                      "message",
                      "sourceLanguage",
                      "properties"),
                  Set.of(),
                  Map.of("message", "message", "properties", "propertyBag"))),
          Map.entry(
              "invocation",
              new Definition(
                  Set.of(
                      "commandLine",
                      "arguments",
                      "responseFiles",
                      "startTimeUtc",
                      "endTimeUtc",
                      "exitCode",
                      "ruleConfigurationOverrides",
                      "notificationConfigurationOverrides",
                      "toolExecutionNotifications",
                      "toolConfigurationNotifications",
                      "exitCodeDescription",
                      "exitSignalName",
                      "exitSignalNumber",
                      "processStartFailureMessage",
                      "executionSuccessful",
                      "machine",
                      "account",
                      "processId",
                      "executableLocation",
                      "workingDirectory",
                      "environmentVariables",
                      "stdin",
                      "stdout",
                      "stderr",
                      "stdoutStderr",
                      "properties"),
                  Set.of("executionSuccessful"),
                  Map.of(
                      "toolExecutionNotifications[]", "notification",
                      "toolConfigurationNotifications[]", "notification",
                      "properties", "propertyBag"))),
          Map.entry(
              "notification",
              new Definition(
                  Set.of(
                      "locations",
                      "message",
                      "level",
                      "threadId",
                      "timeUtc",
                      "exception",
                      "descriptor",
                      "associatedRule",
                      "properties"),
                  Set.of("message"),
                  Map.of("message", "message", "properties", "propertyBag"))),
          Map.entry(
              "suppression",
              new Definition(
                  Set.of("guid", "kind", "status", "location", "justification", "properties"),
                  Set.of("kind"),
                  Map.of("properties", "propertyBag"))));

  private static final Rule XSS =
      Rule.of("xss-reflected", "Reflected cross-site scripting", Severity.HIGH, 79, "Encode.");
  private static final Rule CSP =
      Rule.perSite("csp-missing", "CSP missing", Severity.MEDIUM, 693, "Send one.");
  private static final Rule COOKIE =
      Rule.of("cookie-without-httponly", "Cookie without HttpOnly", Severity.LOW, 1004, "Set it.");

  private static ScanReport report(Optional<String> stopReason) {
    String hostile = "<script>\"x\"</script>\u0000\u2028 ]]>";
    return new ScanReport(
        "https://shop.example.com/",
        Instant.parse("2026-11-22T10:00:00Z"),
        Instant.parse("2026-11-22T10:01:30Z"),
        stopReason,
        new ScanReport.Stats(10, 3, 5, 420, 2),
        List.of(
            new Finding(
                XSS,
                Confidence.CONFIRMED,
                "https://shop.example.com/search?q=1&page=2",
                "GET",
                "q",
                new Finding.Evidence("GET /search?q=" + hostile, hostile, hostile)),
            new Finding(
                CSP,
                Confidence.HIGH,
                "https://shop.example.com/",
                "GET",
                "",
                new Finding.Evidence("GET /", "", "")),
            new Finding(
                COOKIE,
                Confidence.MEDIUM,
                "https://shop.example.com/login",
                "POST",
                "session",
                new Finding.Evidence("POST /login", "Set-Cookie: session=1", "no HttpOnly"))));
  }

  private static List<String> problems(ScanReport report) throws Exception {
    JsonNode sarif = new ObjectMapper().readTree(Reports.render(report, ReportFormat.SARIF));
    List<String> problems = new ArrayList<>();
    check(sarif, "sarifLog", "$", problems);
    semantics(sarif, problems);
    return problems;
  }

  @Test
  void sarif_completeScan_meetsTheSchema() throws Exception {
    assertThat(problems(report(Optional.empty()))).isEmpty();
  }

  @Test
  void sarif_partialScan_meetsTheSchema() throws Exception {
    assertThat(problems(report(Optional.of("time limit reached")))).isEmpty();
  }

  @Test
  void sarif_rulesAndBaseline_meetTheSchema(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path rules = dir.resolve("rules.yaml");
    java.nio.file.Files.writeString(
        rules,
        """
        rules:
          - {id: csp-missing, action: ignore, justification: legacy}
          - {id: cookie-without-httponly, action: warn}
        """,
        StandardCharsets.UTF_8);
    Path previous = dir.resolve("previous.json");
    java.nio.file.Files.writeString(
        previous, Reports.render(report(Optional.empty()), ReportFormat.JSON));
    ScanReport judged =
        report(Optional.empty())
            .withTriage(
                Triage.of(
                    Optional.of(Severity.LOW), RulesFile.load(rules), Baseline.load(previous)));

    assertThat(problems(judged)).isEmpty();
  }

  @Test
  void checker_catchesWhatTheSchemaForbids() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<String> problems = new ArrayList<>();
    check(
        mapper.readTree(
            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}},\"results\":[{\"level\":"
                + "\"fatal\",\"message\":{},\"extra\":1}]}]}"),
        "sarifLog",
        "$",
        problems);
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("driver", "required property name"))
        .anySatisfy(p -> assertThat(p).contains("level", "fatal"))
        .anySatisfy(p -> assertThat(p).contains("extra", "not allowed"))
        .anySatisfy(p -> assertThat(p).contains("message", "text or id"));
  }

  private static void check(JsonNode node, String definition, String path, List<String> out) {
    if (definition.equals("propertyBag")) {
      propertyBag(node, path, out);
      return;
    }
    if (!node.isObject()) {
      out.add(path + ": must be an object (" + definition + ")");
      return;
    }
    Definition d = SCHEMA.get(definition);
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!d.allowed().contains(key)) {
                out.add(path + "." + key + ": property not allowed in " + definition);
              }
            });
    for (String key : d.required()) {
      if (!node.has(key)) {
        out.add(path + ": required property " + key + " missing (" + definition + ")");
      }
    }
    d.children()
        .forEach(
            (key, child) -> {
              boolean list = key.endsWith("[]");
              String name = list ? key.substring(0, key.length() - 2) : key;
              JsonNode value = node.get(name);
              if (value == null) {
                return;
              }
              if (list) {
                if (!value.isArray()) {
                  out.add(path + "." + name + ": must be an array");
                  return;
                }
                for (int i = 0; i < value.size(); i++) {
                  check(value.get(i), child, path + "." + name + "[" + i + "]", out);
                }
              } else {
                check(value, child, path + "." + name, out);
              }
            });
    values(node, definition, path, out);
  }

  /** The schema's enumerations, types, minimums and formats of the properties we write. */
  private static void values(JsonNode node, String definition, String path, List<String> out) {
    switch (definition) {
      case "sarifLog" -> {
        expect(node.path("version").asText().equals("2.1.0"), path + ".version must be 2.1.0", out);
        uri(node.get("$schema"), path + ".$schema", false, out);
      }
      case "toolComponent" -> {
        expect(node.path("name").isTextual(), path + ".name must be a string", out);
        uri(node.get("informationUri"), path + ".informationUri", false, out);
      }
      case "reportingDescriptor" ->
          expect(node.path("id").isTextual(), path + ".id must be a string", out);
      case "reportingConfiguration", "notification" -> level(node, path, out);
      case "result" -> {
        level(node, path, out);
        oneOf(
            node,
            "kind",
            Set.of("notApplicable", "pass", "fail", "review", "open", "informational"),
            path,
            out);
        oneOf(node, "baselineState", Set.of("new", "unchanged", "updated", "absent"), path, out);
        JsonNode index = node.get("ruleIndex");
        expect(
            index == null || (index.isInt() && index.asInt() >= -1),
            path + ".ruleIndex must be an integer >= -1",
            out);
        for (String map : List.of("partialFingerprints", "fingerprints")) {
          JsonNode fingerprints = node.get(map);
          if (fingerprints != null) {
            expect(fingerprints.isObject(), path + "." + map + " must be an object", out);
            fingerprints
                .elements()
                .forEachRemaining(
                    v -> expect(v.isTextual(), path + "." + map + " values must be strings", out));
          }
        }
      }
      case "message" ->
          expect(node.has("text") || node.has("id"), path + ": a message needs text or id", out);
      case "artifactLocation" -> uri(node.get("uri"), path + ".uri", true, out);
      case "invocation" -> {
        expect(
            node.path("executionSuccessful").isBoolean(),
            path + ".executionSuccessful must be a boolean",
            out);
        dateTime(node.get("startTimeUtc"), path + ".startTimeUtc", out);
        dateTime(node.get("endTimeUtc"), path + ".endTimeUtc", out);
      }
      case "suppression" -> {
        oneOf(node, "kind", Set.of("inSource", "external"), path, out);
        oneOf(node, "status", Set.of("accepted", "underReview", "rejected"), path, out);
      }
      case "multiformatMessageString" ->
          expect(node.path("text").isTextual(), path + ".text must be a string", out);
      default -> {}
    }
  }

  private static void propertyBag(JsonNode node, String path, List<String> out) {
    if (!node.isObject()) {
      out.add(path + ": a property bag must be an object");
      return;
    }
    JsonNode tags = node.get("tags");
    if (tags != null) {
      Set<String> seen = new java.util.HashSet<>();
      expect(tags.isArray(), path + ".tags must be an array", out);
      tags.forEach(
          t -> {
            expect(t.isTextual(), path + ".tags must hold strings", out);
            expect(seen.add(t.asText()), path + ".tags must be unique", out);
          });
    }
  }

  /** What the specification adds beyond the schema: a result's ruleIndex points at its rule. */
  private static void semantics(JsonNode sarif, List<String> out) {
    for (JsonNode run : sarif.path("runs")) {
      JsonNode rules = run.path("tool").path("driver").path("rules");
      for (JsonNode result : run.path("results")) {
        if (result.has("ruleIndex")) {
          JsonNode rule = rules.path(result.get("ruleIndex").asInt());
          expect(
              rule.path("id").asText().equals(result.path("ruleId").asText()),
              "ruleIndex of " + result.path("ruleId") + " names another rule",
              out);
        }
      }
    }
  }

  private static void level(JsonNode node, String path, List<String> out) {
    oneOf(node, "level", LEVELS, path, out);
  }

  private static void oneOf(
      JsonNode node, String key, Set<String> values, String path, List<String> out) {
    JsonNode value = node.get(key);
    if (value != null && !values.contains(value.asText("\u0000"))) {
      out.add(path + "." + key + ": " + value + " is not one of " + values);
    }
  }

  private static void uri(JsonNode value, String path, boolean reference, List<String> out) {
    if (value == null) {
      return;
    }
    try {
      URI uri = new URI(value.asText());
      expect(reference || uri.isAbsolute(), path + " must be an absolute URI", out);
    } catch (URISyntaxException e) {
      out.add(path + ": not a URI: " + value);
    }
  }

  private static void dateTime(JsonNode value, String path, List<String> out) {
    if (value == null) {
      return;
    }
    try {
      Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      out.add(path + ": not a date-time: " + value);
    }
  }

  private static void expect(boolean condition, String problem, List<String> out) {
    if (!condition) {
      out.add(problem);
    }
  }
}
