package io.gatehouse.cli;

import static io.gatehouse.cli.ScriptedServer.error;
import static io.gatehouse.cli.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvListCommandTest {
  static final String PROD =
      "{\"project\":\"shop\",\"name\":\"prod\",\"rules\":{"
          + "\"deploymentRefs\":{\"policy\":\"patterns\",\"branches\":[\"main\"],\"tags\":[\"v*\"]},"
          + "\"reviewers\":[{\"team\":\"security\",\"minimum\":1},"
          + "{\"users\":[\"carol\",\"dave\"],\"minimum\":2}],"
          + "\"waitMinutes\":15,\"gates\":[{\"name\":\"health\",\"type\":\"http\",\"delay\":\"0s\","
          + "\"interval\":\"30s\",\"timeout\":\"1h\",\"parameters\":{\"url\":\"https://x/h\"}}],"
          + "\"lock\":\"sequential\",\"allowBypass\":false,\"reviewTimeout\":\"720h\"}}";
  static final String DEV =
      "{\"project\":\"shop\",\"name\":\"dev\",\"rules\":{\"deploymentRefs\":{\"policy\":\"any\","
          + "\"branches\":[],\"tags\":[]},\"reviewers\":[],\"waitMinutes\":0,\"gates\":[],"
          + "\"lock\":\"none\",\"allowBypass\":true,\"reviewTimeout\":\"720h\"}}";

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void list_printsOneLinePerEnvironment() {
    server.on(
        "GET",
        "/api/v1/projects/shop/environments",
        json(200, "{\"environments\":[" + DEV + "," + PROD + "]}"));

    CommandRun run = server.run("env", "list", "--project", "shop");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            NAME  REFS                         REVIEWERS                                   WAIT    GATES   LOCK        BYPASS
            dev   any ref                      none                                        none    none    none        yes
            prod  branches main; tags v*       1 of team security AND 2 of carol, dave     15 min  health  sequential  no
            """
                .replace("REFS                         ", "REFS                    ")
                .replace("any ref                      ", "any ref                 ")
                .replace("branches main; tags v*       ", "branches main; tags v*  ")
                .replace(
                    "REVIEWERS                                   ",
                    "REVIEWERS                                ")
                .replace(
                    "none                                        ",
                    "none                                     ")
                .replace("2 of carol, dave     ", "2 of carol, dave  "));
  }

  @Test
  void list_json_printsTheDocument() {
    String doc = "{\"environments\":[" + DEV + "]}";
    server.on("GET", "/api/v1/projects/shop/environments", json(200, doc));

    assertThat(server.run("env", "list", "--project", "shop", "--output", "json").out())
        .isEqualTo(doc + "\n");
  }

  @Test
  void list_unknownProject_showsNotFound() {
    server.on(
        "GET", "/api/v1/projects/nope/environments", error(404, "not_found", "no project nope"));

    CommandRun run = server.run("env", "list", "--project", "nope");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no project nope");
  }
}
