package io.gatehouse.deploy.secret;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.deploy.access.ApiCalls;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No secret's plaintext is ever written down: not in the H2 database files, not in any column of
 * any PostgreSQL table (audit log included), not in a log line. A variable, which is plain by
 * design, shows that the scans do find what is there.
 */
class SecretsAtRestIT {
  private static final String SECRET = "PlainSecret-4b8e61d2-at-rest";
  private static final String SECRET_WITH_QUOTES = "pa'ss\"w0rd-93a7-at-rest";
  private static final String VARIABLE = "PlainVariable-7c21f0e9-visible";

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLogs() {
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    root.detachAppender(logs);
    logs.stop();
  }

  @Test
  void h2Files_holdNoSecretPlaintext() throws Exception {
    TestDatabase database = DatabaseKind.H2.create();
    useSecrets(database);

    Path directory = Path.of(database.jdbcUrl().substring("jdbc:h2:file:".length())).getParent();
    byte[] files = allBytes(directory);
    assertThat(files.length).isPositive();
    assertThat(contains(files, VARIABLE, StandardCharsets.UTF_8))
        .as("the scan finds a plain value")
        .isTrue();
    for (String secret : List.of(SECRET, SECRET_WITH_QUOTES)) {
      for (Charset charset :
          List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
        assertThat(contains(files, secret, charset)).as("%s in %s", secret, charset).isFalse();
      }
    }
    assertNotLogged();
  }

  @Test
  void postgresqlTables_holdNoSecretPlaintext() throws Exception {
    TestDatabase database = DatabaseKind.POSTGRESQL.create();
    useSecrets(database);

    String everything = everyCell(database);
    assertThat(everything).as("the scan finds a plain value").contains(VARIABLE);
    assertThat(everything).contains("DB_PASSWORD").contains("gh1.");
    assertThat(everything).doesNotContain(SECRET).doesNotContain(SECRET_WITH_QUOTES);
    assertNotLogged();
  }

  /** Sets, replaces, releases and misuses secrets, then stops the server. */
  private static void useSecrets(TestDatabase database) {
    try (SecretWorld world = SecretWorld.create(database, SecretWorld.keys(SecretWorld.newKey()))) {
      assertThat(world.putSecret(world.maint, "DB_PASSWORD", "first " + SECRET).status())
          .isEqualTo(201);
      assertThat(world.putSecret(world.maint, "DB_PASSWORD", SECRET).status()).isEqualTo(200);
      assertThat(world.putSecret(world.maint, "OTHER", SECRET_WITH_QUOTES).status()).isEqualTo(201);
      assertThat(world.putVariable(world.maint, "PLAIN", VARIABLE).status()).isEqualTo(201);
      ApiCalls.Answer tooLarge =
          world.putSecret(world.maint, "TOO_LARGE", SECRET + "x".repeat(50_000));
      assertThat(tooLarge.status()).isEqualTo(400);
      assertThat(world.putSecret(world.dev, "DB_PASSWORD", SECRET).status()).isEqualTo(403);
      ApiCalls.Answer malformed =
          world.api.send(
              world.maint,
              "PUT",
              SecretWorld.PROD + "/secrets/X",
              Optional.of("{\"value\":\"" + SECRET + "\" trailing"),
              "application/json");
      assertThat(malformed.status()).isEqualTo(400);
      long id = world.deploy(world.dev, "prod");
      world.approve(id);
      ApiCalls.Answer released = world.secretsOf(world.dev, id);
      assertThat(released.body().path("secrets").path("DB_PASSWORD").asText()).isEqualTo(SECRET);
      world.report(world.dev, id, "success");
    }
  }

  private void assertNotLogged() {
    assertThat(logs.list).isNotEmpty();
    for (ILoggingEvent event : logs.list) {
      String text =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertThat(text).doesNotContain(SECRET).doesNotContain(SECRET_WITH_QUOTES);
    }
  }

  private static byte[] allBytes(Path directory) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.write(Files.readAllBytes(file));
      }
    }
    return out.toByteArray();
  }

  private static boolean contains(byte[] haystack, String needle, Charset charset) {
    byte[] pattern = needle.getBytes(charset);
    outer:
    for (int i = 0; i + pattern.length <= haystack.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (haystack[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Every cell of every table of the database's schema, as text. */
  private static String everyCell(TestDatabase database) throws Exception {
    StringBuilder cells = new StringBuilder();
    try (Connection connection = ApiCalls.connect(database)) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("environment_secrets", "audit_entries", "master_key_check");
      for (String table : tables) {
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
          ResultSetMetaData meta = rows.getMetaData();
          while (rows.next()) {
            for (int column = 1; column <= meta.getColumnCount(); column++) {
              cells.append(rows.getString(column)).append('\n');
            }
          }
        }
      }
    }
    return cells.toString();
  }
}
