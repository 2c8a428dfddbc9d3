package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeployStatusCommandTest {
  static final String FULL =
      "{\"id\":42,\"project\":\"shop\",\"environment\":\"prod\",\"ref\":\"refs/heads/main\","
          + "\"sha\":\""
          + "b".repeat(40)
          + "\",\"images\":[\"registry.example.com/shop:1\"],"
          + "\"description\":\"\",\"payload\":{},\"requester\":\"developer\",\"state\":\"waiting\","
          + "\"createdAt\":\"2026-11-22T10:00:00Z\",\"updatedAt\":\"2026-11-22T10:05:00Z\","
          + "\"pending\":[{\"rule\":\"reviewers\",\"detail\":\"1 more approval from team security\"}],"
          + "\"requirements\":[{\"name\":\"team security\",\"minimum\":1,"
          + "\"eligible\":[\"security-reviewer\"],\"approvedBy\":[]}],"
          + "\"reviews\":[{\"reviewer\":\"ops-reviewer\",\"decision\":\"approve\",\"comment\":\"ok\","
          + "\"at\":\"2026-11-22T10:04:00Z\"}],\"waitUntil\":null,"
          + "\"gates\":[{\"name\":\"health\",\"type\":\"http\",\"status\":\"fail\","
          + "\"detail\":\"503\",\"evaluatedAt\":\"2026-11-22T10:05:00Z\"}],"
          + "\"bypassed\":false,\"logUrl\":null,\"statusDescription\":null}";

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void status_text_showsFactsPendingRequirementsReviewsAndGates() {
    server.on("GET", "/api/v1/deployments/42", json(200, FULL));

    CommandRun run = server.run("deploy", "status", "42");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            deployment   42
            project      shop
            environment  prod
            state        waiting
            ref          refs/heads/main
            sha          bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
            images       registry.example.com/shop:1
            requester    developer
            description  -
            created      2026-11-22T10:00:00Z
            updated      2026-11-22T10:05:00Z

            Pending:
            RULE       DETAIL
            reviewers  1 more approval from team security

            Reviewer requirements:
            REQUIREMENT    MINIMUM  APPROVED BY  ELIGIBLE
            team security  1        -            security-reviewer

            Reviews:
            AT                    REVIEWER      DECISION  COMMENT
            2026-11-22T10:04:00Z  ops-reviewer  approve   ok

            Gates:
            GATE    TYPE  STATUS  EVALUATED             DETAIL
            health  http  fail    2026-11-22T10:05:00Z  503
            """);
    assertThat(server.lastRequest().method()).isEqualTo("GET");
  }

  @Test
  void status_json_printsTheDocument() {
    server.on("GET", "/api/v1/deployments/42", json(200, FULL));

    CommandRun run = server.run("deploy", "status", "42", "--output", "json");

    assertThat(run.out()).isEqualTo(FULL + "\n");
  }

  @Test
  void status_notFound_exits1WithTheMessage() {
    server.on("GET", "/api/v1/deployments/7", error(404, "not_found", "no deployment 7"));

    CommandRun run = server.run("deploy", "status", "7");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("gatehouse deploy status: no deployment 7 (not_found, HTTP 404)\n");
  }

  @Test
  void status_idNotANumber_isAUsageError() {
    assertThat(server.run("deploy", "status", "abc").exitCode()).isEqualTo(2);
  }

  @Test
  void show_dastGate_listsItsFindingsFailingFirst() {
    String withDast =
        FULL.substring(0, FULL.length() - 1)
            + ",\"dast\":[{\"gate\":\"dast\",\"mode\":\"scan\",\"state\":\"done\","
            + "\"result\":\"fail\",\"detail\":\"1 failing\","
            + "\"startedAt\":\"2026-11-22T10:01:00Z\",\"finishedAt\":\"2026-11-22T10:02:00Z\","
            + "\"summary\":{\"target\":\"https://staging.example.com/\",\"partial\":false,"
            + "\"stopReason\":null,\"high\":1,\"medium\":0,\"low\":1,\"info\":0,\"failing\":1,"
            + "\"warnings\":1,\"suppressed\":0,\"requests\":812,\"pages\":9,"
            + "\"durationSeconds\":31.5,\"total\":2},"
            + "\"findings\":[{\"ruleId\":\"xss-reflected\",\"name\":\"Reflected XSS\","
            + "\"severity\":\"high\",\"confidence\":\"confirmed\",\"status\":\"fail\","
            + "\"justification\":null,\"cwe\":79,\"url\":\"https://staging.example.com/search\","
            + "\"method\":\"GET\",\"parameter\":\"q\",\"detail\":\"marker unescaped\"},"
            + "{\"ruleId\":\"csp-missing\",\"name\":\"CSP missing\",\"severity\":\"low\","
            + "\"confidence\":\"high\",\"status\":\"warn\",\"justification\":\"legacy\","
            + "\"cwe\":693,\"url\":\"https://staging.example.com/\",\"method\":\"GET\","
            + "\"parameter\":\"\",\"detail\":\"no header\"}]}]}";
    server.on("GET", "/api/v1/deployments/42", json(200, withDast));

    CommandRun run = server.run("deploy", "show", "42");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .endsWith(
            """

            DAST gate dast (scan, done: fail)
              https://staging.example.com/: high 1, medium 0, low 1, info 0; 1 failing, 1 warning(s), 0 suppressed; 812 requests
            STATUS  SEVERITY  RULE           WHERE                                       DETAIL
            fail    high      xss-reflected  GET https://staging.example.com/search [q]  marker unescaped
            warn    low       csp-missing    GET https://staging.example.com/            legacy
            """);
  }
}
