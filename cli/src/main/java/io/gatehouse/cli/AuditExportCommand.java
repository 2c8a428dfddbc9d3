package io.gatehouse.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse audit export}: the audit log as NDJSON. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Streams the audit log from the server as NDJSON, one entry per line, to standard output or"
          + " a file. Needs an admin token.",
      "",
      "With -o the entries are written to FILE.part and renamed to FILE only when the export is"
          + " complete, and a count is printed on standard error as it goes."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse audit export -o audit.ndjson",
      "  gatehouse audit export --project shop | jq -c 'select(.action == \"deployment.bypass\")'",
      "",
      "Exit codes: 0 exported, 1 failed (no file is left behind), 2 bad command line."
    })
final class AuditExportCommand extends ClientCommand {
  static final int PROGRESS_EVERY = 10_000;

  @Option(names = "--project", paramLabel = "PROJECT", description = "Only this project's entries.")
  String project;

  @Option(
      names = {"-o", "--output-file"},
      paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path file;

  AuditExportCommand(CommandEnvironment environment) {
    super(environment);
  }

  /** The export request's path, shared with {@code audit verify}. */
  static String path(String project) {
    return "/audit/export" + (project == null ? "" : "?project=" + ApiClient.query(project));
  }

  @Override
  public Integer call() throws IOException {
    HttpResponse<InputStream> response =
        client().stream(path(project), Map.of("Accept", "application/x-ndjson"));
    try (InputStream body = response.body()) {
      if (file == null) {
        copy(body, out(), false);
      } else {
        toFile(body);
      }
    }
    return 0;
  }

  private void toFile(InputStream body) throws IOException {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    long count;
    try (PrintWriter writer =
        new PrintWriter(Files.newBufferedWriter(part, StandardCharsets.UTF_8))) {
      count = copy(body, writer, true);
      if (writer.checkError()) {
        throw new UncheckedIOException(new IOException("cannot write " + part));
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    err().println("exported " + count + " entries to " + file);
    err().flush();
  }

  private long copy(InputStream body, Writer target, boolean progress) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    long count = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      target.write(line);
      target.write('\n');
      count++;
      if (progress && count % PROGRESS_EVERY == 0) {
        err().println("exported " + count + " entries ...");
        err().flush();
      }
    }
    target.flush();
    return count;
  }
}
