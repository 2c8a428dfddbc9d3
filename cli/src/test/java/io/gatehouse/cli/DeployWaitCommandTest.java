package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.chunks;
import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class DeployWaitCommandTest {
  private static final String EVENTS = "/api/v1/deployments/42/events";
  private static final String STREAM = "text/event-stream";
  private static final Duration NO_PAUSE = Duration.ZERO;

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  static String deployment(String state) {
    return "{\"id\":42,\"project\":\"shop\",\"environment\":\"prod\",\"ref\":\"refs/heads/main\","
        + "\"sha\":\""
        + "a".repeat(40)
        + "\",\"state\":\""
        + state
        + "\"}";
  }

  static String event(int seq, String type, String state, String actor, String detail) {
    return "{\"seq\":"
        + seq
        + ",\"deploymentId\":42,\"type\":\""
        + type
        + "\",\"state\":\""
        + state
        + "\",\"actor\":"
        + (actor == null ? "null" : "\"" + actor + "\"")
        + ",\"at\":\"2026-11-22T10:00:0"
        + seq
        + "Z\",\"detail\":\""
        + detail
        + "\"}";
  }

  static String sse(int seq, String type, String state, String actor, String detail) {
    return "id: "
        + seq
        + "\nevent: "
        + type
        + "\ndata: "
        + event(seq, type, state, actor, detail)
        + "\n\n";
  }

  private void waiting() {
    server.on("GET", "/api/v1/deployments/42", json(200, deployment("waiting")));
  }

  @Test
  void wait_approvedOnTheStream_printsEachEventAndExits0() {
    waiting();
    server.on(
        "GET",
        EVENTS,
        chunks(
            STREAM,
            NO_PAUSE,
            sse(1, "created", "waiting", "developer", ""),
            ": heartbeat\n\n",
            sse(2, "review", "waiting", "ops-reviewer", "approve"),
            sse(3, "state", "approved", null, "all rules passed")));

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            2026-11-22T10:00:01Z  created  waiting  by developer
            2026-11-22T10:00:02Z  review  waiting  by ops-reviewer  approve
            2026-11-22T10:00:03Z  state  approved  all rules passed
            deployment 42 is approved
            """);
    ScriptedServer.Request stream = server.lastRequest();
    assertThat(stream.path()).isEqualTo(EVENTS);
    assertThat(stream.header("Accept")).isEqualTo(STREAM);
    assertThat(stream.header("Authorization")).isEqualTo("Bearer " + ScriptedServer.TOKEN);
    assertThat(stream.header("Last-Event-ID")).isNull();
  }

  @Test
  void wait_fragmentedStream_isReadWhole() {
    waiting();
    String all =
        sse(1, "created", "waiting", "developer", "") + sse(2, "state", "approved", null, "");
    List<String> pieces =
        List.of(
            all.substring(0, 5), all.substring(5, 31), all.substring(31, 140), all.substring(140));
    server.on("GET", EVENTS, chunks(STREAM, Duration.ofMillis(30), pieces.toArray(String[]::new)));

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("created  waiting").contains("deployment 42 is approved");
  }

  @ParameterizedTest
  @CsvSource({
    "approved, 0",
    "in_progress, 0",
    "success, 0",
    "rejected, 3",
    "failure, 4",
    "error, 4",
    "timed_out, 5",
    "cancelled, 5",
    "inactive, 5"
  })
  void wait_untilApproved_exitCodeFollowsTheState(String state, int exitCode) {
    waiting();
    server.on("GET", EVENTS, chunks(STREAM, NO_PAUSE, sse(5, "state", state, "x", "")));

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
    assertThat(run.out()).endsWith("deployment 42 is " + state + "\n");
  }

  @Test
  void wait_untilFinished_goesOnPastApprovedToSuccess() {
    waiting();
    server.on(
        "GET",
        EVENTS,
        chunks(
            STREAM,
            NO_PAUSE,
            sse(1, "state", "approved", null, ""),
            sse(2, "status", "in_progress", "ci", ""),
            sse(3, "status", "success", "ci", "")));

    CommandRun run = server.run("deploy", "wait", "42", "--until", "finished");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("approved").contains("in_progress").endsWith("is success\n");
  }

  @Test
  void wait_untilFinished_failureExits4() {
    waiting();
    server.on(
        "GET",
        EVENTS,
        chunks(
            STREAM,
            NO_PAUSE,
            sse(1, "state", "approved", null, ""),
            sse(2, "status", "failure", "ci", "rollout failed")));

    CommandRun run = server.run("deploy", "wait", "42", "--until", "finished");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
  }

  @Test
  void wait_ownTimeout_exits6AndSaysSo() {
    waiting();
    server.on(
        "GET",
        EVENTS,
        chunks(
            STREAM,
            Duration.ofMillis(200),
            sse(1, "created", "waiting", "developer", ""),
            ": hb\n\n",
            ": hb\n\n",
            ": hb\n\n",
            ": hb\n\n",
            ": hb\n\n",
            ": hb\n\n",
            ": hb\n\n"));

    CommandRun run = server.run("deploy", "wait", "42", "--timeout", "700ms");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(6);
    assertThat(run.out())
        .contains("created  waiting")
        .endsWith("gave up waiting for deployment 42 after PT0.7S (state waiting)\n");
  }

  @Test
  void wait_droppedStream_reconnectsWithLastEventId() {
    waiting();
    server.on(
        "GET",
        EVENTS,
        chunks(
            STREAM,
            NO_PAUSE,
            "retry: 20\n\n",
            sse(1, "created", "waiting", "developer", ""),
            "id: 2\nevent: review\ndata: {\"seq\":2,"),
        (exchange, request) -> {
          assertThat(request.header("Last-Event-ID")).isEqualTo("1");
          chunks(
                  STREAM,
                  NO_PAUSE,
                  sse(2, "review", "waiting", "ops", ""),
                  sse(3, "state", "approved", null, ""))
              .write(exchange, request);
        });

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<ScriptedServer.Request> streams =
        server.requests().stream().filter(r -> r.path().equals(EVENTS)).toList();
    assertThat(streams).hasSize(2);
    assertThat(streams.get(1).header("Last-Event-ID")).isEqualTo("1");
    assertThat(run.out().lines().filter(l -> l.contains("review"))).hasSize(1);
  }

  @Test
  void wait_streamCannotBeOpened_fallsBackToLongPolling() {
    waiting();
    server.on("GET", EVENTS, json(200, "{\"buffered\":true}"));
    server.on(
        "GET",
        EVENTS + "/poll",
        json(
            200,
            "{\"events\":["
                + event(1, "created", "waiting", "dev", "")
                + "],\"deployment\":"
                + deployment("waiting")
                + "}"),
        json(200, "{\"events\":[],\"deployment\":" + deployment("waiting") + "}"),
        json(
            200,
            "{\"events\":["
                + event(2, "state", "rejected", "sec", "no")
                + "],"
                + "\"deployment\":"
                + deployment("rejected")
                + "}"));

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    List<String> polls =
        server.requests().stream()
            .filter(r -> r.path().endsWith("/poll"))
            .map(ScriptedServer.Request::query)
            .toList();
    assertThat(polls)
        .containsExactly("after=0&timeout=60", "after=1&timeout=60", "after=1&timeout=60");
    assertThat(run.out()).contains("created  waiting  by dev").endsWith("is rejected\n");
  }

  @Test
  void wait_streamEndingAgainAndAgainWithoutEvents_fallsBackToLongPolling() {
    waiting();
    server.on("GET", EVENTS, chunks(STREAM, NO_PAUSE, "retry: 5\n\n: hb\n\n"));
    server.on(
        "GET",
        EVENTS + "/poll",
        json(
            200,
            "{\"events\":["
                + event(1, "state", "cancelled", "ops", "")
                + "],"
                + "\"deployment\":"
                + deployment("cancelled")
                + "}"));

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    assertThat(server.requests().stream().filter(r -> r.path().equals(EVENTS))).hasSize(5);
  }

  @Test
  void wait_streamAnswers502_fallsBackToLongPolling() {
    waiting();
    server.on("GET", EVENTS, json(502, "bad gateway"));
    server.on(
        "GET",
        EVENTS + "/poll",
        json(200, "{\"events\":[],\"deployment\":" + deployment("approved") + "}"));

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("deployment 42 is approved\n");
  }

  @Test
  void wait_alreadyDecided_exitsWithoutStreaming() {
    server.on("GET", "/api/v1/deployments/42", json(200, deployment("timed_out")));

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).isEqualTo(5);
    assertThat(run.out()).isEqualTo("deployment 42 is timed_out\n");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void wait_jsonOutput_printsEachEventDocumentOnItsLine() {
    waiting();
    server.on(
        "GET",
        EVENTS,
        chunks(
            STREAM,
            NO_PAUSE,
            sse(1, "created", "waiting", "dev", ""),
            sse(2, "state", "approved", null, "")));

    CommandRun run = server.run("deploy", "wait", "42", "--output", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            event(1, "created", "waiting", "dev", "")
                + "\n"
                + event(2, "state", "approved", null, "")
                + "\n");
  }

  @Test
  void wait_unknownDeployment_exits1WithTheServersMessage() {
    server.on("GET", "/api/v1/deployments/42", error(404, "not_found", "no deployment 42"));

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("gatehouse deploy wait: no deployment 42 (not_found, HTTP 404)\n");
  }

  @Test
  void wait_tokenRefusedOnTheStream_exits1() {
    waiting();
    server.on("GET", EVENTS, error(401, "unauthenticated", "expired"));

    CommandRun run = server.run("deploy", "wait", "42");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the token was refused");
  }

  @Test
  void wait_serverDown_exits1() {
    String down = ScriptedServer.nothingListening().toString();

    CommandRun run = CommandRun.run("deploy", "wait", "42", "--server", down);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach the Gatehouse server at " + down);
  }

  @Test
  void wait_badUntil_isAUsageError() {
    CommandRun run = server.run("deploy", "wait", "42", "--until", "later");

    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void help_documentsTheExitCodes() {
    CommandRun run = CommandRun.run("deploy", "wait", "--help");

    assertThat(run.out())
        .contains("3  rejected by a reviewer")
        .contains("4  the deployment failed")
        .contains("5  timed out in review")
        .contains("6  --timeout elapsed");
  }
}
