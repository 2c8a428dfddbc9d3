package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.dast.triage.RulesFile;
import io.gatehouse.deploy.apply.ApplyFileReader;
import io.gatehouse.deploy.gate.Gates;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gatehouse apply}: sends gatehouse.yaml to the server, which makes it so. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    versionProvider = Gatehouse.Version.class,
    description = {
      "Applies gatehouse.yaml (teams, users, projects, environments and their rules) to a"
          + " Gatehouse server, and prints what changed: each object's kind, name and action"
          + " (create, update, delete, unchanged). Needs an admin token.",
      "",
      "A dast gate's rulesFile names a rules file relative to the document (inside its"
          + " directory); it is read and sent with the document.",
      "",
      "$${NAME} in the file is replaced with the environment variable NAME before it is sent; a"
          + " variable that is not set is an error naming it and the line. A literal $${ is written"
          + " with a second dollar sign in front. The server checks the whole file first and changes nothing if any part"
          + " of it is wrong."
    },
    footer = {
      "",
      "Examples:",
      "  gatehouse apply -f gatehouse.yaml --dry-run",
      "  export GATEHOUSE_SERVER=https://gatehouse.example.com GATEHOUSE_TOKEN=...",
      "  gatehouse apply -f gatehouse.yaml",
      "",
      "Exit codes: 0 applied (or planned, with --dry-run), 1 failed (nothing was changed),"
          + " 2 bad command line."
    })
final class ApplyCommand implements Callable<Integer> {
  static final int MAX_BYTES = 1024 * 1024;

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      required = true,
      description = "The gatehouse.yaml to apply, or '-' for standard input (at most 1 MiB).")
  String file;

  @Option(
      names = "--dry-run",
      description = "Only show what would change; the server changes nothing.")
  boolean dryRun;

  @Mixin ServerOptions server;
  @Mixin Verbosity verbosity;

  private final CommandEnvironment environment;

  ApplyCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    String document = new VariableSubstitution(environment.variables()).apply(sourceName(), read());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("document", document);
    body.put("dryRun", dryRun);
    Map<String, String> rulesFiles = rulesFiles(document);
    if (!rulesFiles.isEmpty()) {
      body.put("files", rulesFiles);
    }
    ApiClient.Answer answer = server.client(environment).post("/apply", body);
    PrintWriter out = spec.commandLine().getOut();
    if (server.json()) {
      ServerOptions.printJson(out, answer);
    } else {
      printPlan(out, answer.json());
    }
    return 0;
  }

  private String sourceName() {
    return file.equals("-") ? "<stdin>" : file;
  }

  /**
   * The rules files the document's dast gates name ({@code rulesFile: PATH}), read relative to the
   * document's directory (the working directory for standard input), which they must not leave.
   */
  private Map<String, String> rulesFiles(String document) {
    Map<String, String> contents = new LinkedHashMap<>();
    List<String> names = ApplyFileReader.rulesFiles(document);
    if (names.isEmpty()) {
      return contents;
    }
    Path base = projectDirectory();
    for (String name : names) {
      String problem = Gates.rulesFilePathProblem(name).orElse("");
      if (!problem.isEmpty()) {
        throw new IllegalArgumentException(sourceName() + ": rulesFile '" + name + "' " + problem);
      }
      contents.put(name, readRulesFile(base, name));
    }
    return contents;
  }

  private Path projectDirectory() {
    Path document = file.equals("-") ? Path.of("document") : Path.of(file);
    Path parent = document.toAbsolutePath().getParent();
    try {
      return parent.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the directory of " + file, e);
    }
  }

  private String readRulesFile(Path base, String name) {
    String shown = "rules file " + name + " (named in " + sourceName() + ")";
    Path path;
    try {
      path = base.resolve(name).toRealPath();
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot read " + shown + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + shown + ": " + e.getMessage(), e);
    }
    if (!path.startsWith(base) || !Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          shown + " must be a regular file inside " + base + " (a link must not lead out)");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(RulesFile.MAX_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + shown + ": " + e.getMessage(), e);
    }
    if (bytes.length > RulesFile.MAX_BYTES) {
      throw new IllegalArgumentException(
          shown + " is larger than " + RulesFile.MAX_BYTES + " bytes");
    }
    return utf8(bytes, shown);
  }

  private String read() {
    byte[] bytes;
    try (InputStream in =
        file.equals("-") ? environment.stdin() : Files.newInputStream(Path.of(file))) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot read " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(sourceName() + " is larger than 1 MiB");
    }
    return utf8(bytes, sourceName());
  }

  private static String utf8(byte[] bytes, String shown) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(shown + " is not UTF-8 text", e);
    }
  }

  private static void printPlan(PrintWriter out, JsonNode plan) {
    TextTable table = new TextTable("KIND", "NAME", "ACTION");
    Map<String, Integer> counts = new TreeMap<>();
    for (JsonNode change : plan.path("changes")) {
      String action = TextTable.text(change, "action");
      table.row(TextTable.text(change, "kind"), TextTable.text(change, "name"), action);
      counts.merge(action, 1, Integer::sum);
    }
    if (!table.isEmpty()) {
      table.print(out);
      out.println();
    }
    StringBuilder summary = new StringBuilder();
    counts.forEach(
        (action, count) ->
            summary.append(summary.isEmpty() ? "" : ", ").append(count).append(' ').append(action));
    boolean dryRun = plan.path("dryRun").asBoolean(false);
    out.println(
        (dryRun ? "dry run, nothing changed: " : "applied: ")
            + (summary.isEmpty() ? "no objects" : summary.toString()));
  }
}
