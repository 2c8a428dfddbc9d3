package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.chunks;
import static io.gatehouse.cli.ScriptedServer.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditExportCommandTest {
  private static final String NDJSON = "application/x-ndjson";
  private static final String LINE1 = "{\"chain\":\"0\",\"seq\":1,\"action\":\"apply\"}";
  private static final String LINE2 = "{\"chain\":\"1\",\"seq\":1,\"action\":\"token.create\"}";

  private final ScriptedServer server = ScriptedServer.start();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void export_toStdout_copiesEachLine() {
    server.on(
        "GET",
        "/api/v1/audit/export",
        chunks(
            NDJSON,
            Duration.ZERO,
            LINE1.substring(0, 10),
            LINE1.substring(10) + "\n" + LINE2,
            "\n"));

    CommandRun run = server.run("audit", "export", "--project", "shop");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo(LINE1 + "\n" + LINE2 + "\n");
    assertThat(server.lastRequest().query()).isEqualTo("project=shop");
    assertThat(server.lastRequest().header("Authorization")).startsWith("Bearer ");
  }

  @Test
  void export_toFile_writesItAndCountsOnStderr() throws IOException {
    server.on(
        "GET", "/api/v1/audit/export", chunks(NDJSON, Duration.ZERO, LINE1 + "\n" + LINE2 + "\n"));
    Path file = dir.resolve("audit.ndjson");

    CommandRun run = server.run("audit", "export", "-o", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Files.readString(file)).isEqualTo(LINE1 + "\n" + LINE2 + "\n");
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("exported 2 entries to " + file + "\n");
    assertThat(dir.resolve("audit.ndjson.part")).doesNotExist();
  }

  @Test
  void export_notAdmin_leavesNoFile() {
    server.on("GET", "/api/v1/audit/export", error(403, "forbidden", "admins only"));
    Path file = dir.resolve("audit.ndjson");

    CommandRun run = server.run("audit", "export", "-o", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("admins only (forbidden, HTTP 403)");
    assertThat(file).doesNotExist();
  }
}
