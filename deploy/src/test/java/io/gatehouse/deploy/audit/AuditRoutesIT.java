package io.gatehouse.deploy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.deploy.server.ApiJson;
import io.gatehouse.deploy.server.ServerFixture;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuditRoutesIT {
  private static HttpResponse<String> get(ServerFixture server, String path, String token) {
    return server.send(
        HttpRequest.newBuilder(server.uri(path))
            .header("Authorization", "Bearer " + token)
            .build());
  }

  private static String userToken(ServerFixture server) throws Exception {
    HttpResponse<String> created =
        server.send(
            HttpRequest.newBuilder(server.uri("/api/v1/users"))
                .header("Authorization", "Bearer " + server.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bob\"}"))
                .build());
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<String> token =
        server.send(
            HttpRequest.newBuilder(server.uri("/api/v1/users/bob/tokens"))
                .header("Authorization", "Bearer " + server.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"test\"}"))
                .build());
    assertThat(token.statusCode()).isEqualTo(201);
    return ApiJson.mapper().readTree(token.body()).get("token").asText();
  }

  private static List<String> deploymentLines(String body) {
    return body.lines().filter(line -> line.contains("\"subject\":\"deployment/")).toList();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void exportAndHeads_admin_streamVerifiableEntries(DatabaseKind kind) throws Exception {
    TestDatabase db = kind.create();
    try (ServerFixture server = ServerFixture.start(db);
        Database database =
            Database.open(
                new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
                new SimpleMeterRegistry())) {
      Clock early = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
      Clock late = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
      for (int i = 0; i < 20; i++) {
        AuditLog audit = new AuditLog(i < 10 ? early : late);
        AuditEvent event =
            new AuditEvent(
                "root",
                "apply",
                "deployment/" + i,
                Optional.of(i % 2 == 0 ? "shop" : "blog"),
                Optional.empty(),
                Map.of("n", i));
        database.jdbi().useTransaction(h -> audit.append(h, event));
      }
      String admin = server.adminToken();

      HttpResponse<String> heads = get(server, "/api/v1/audit/heads", admin);
      HttpResponse<String> export = get(server, "/api/v1/audit/export", admin);

      assertThat(heads.statusCode()).isEqualTo(200);
      assertThat(export.statusCode()).isEqualTo(200);
      assertThat(export.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
      assertThat(deploymentLines(export.body())).hasSize(20);
      AuditVerifier.Report report =
          AuditVerifier.verify(new StringReader(export.body()), new StringReader(heads.body()));
      assertThat(report.problems()).isEmpty();
      JsonNode chains = ApiJson.mapper().readTree(heads.body()).get("chains");
      assertThat(chains).hasSize(AuditLog.CHAINS);
      assertThat(chains.get(0).fieldNames()).toIterable().containsExactly("chain", "seq", "hash");

      HttpResponse<String> shop = get(server, "/api/v1/audit/export?project=shop", admin);
      assertThat(shop.body().lines()).hasSize(10).allMatch(l -> l.contains("\"project\":\"shop\""));
      assertThat(AuditVerifier.verifyExcerpt(new StringReader(shop.body())).ok()).isTrue();
      HttpResponse<String> recent =
          get(server, "/api/v1/audit/export?since=2026-03-01T00:00:00Z", admin);
      assertThat(deploymentLines(recent.body())).hasSize(10);
    }
  }

  @ParameterizedTest
  @EnumSource(value = DatabaseKind.class, names = "H2")
  void routes_nonAdminOrAnonymousOrBadSince_refused(DatabaseKind kind) throws Exception {
    try (ServerFixture server = ServerFixture.start(kind.create())) {
      String user = userToken(server);
      assertThat(get(server, "/api/v1/audit/export", user).statusCode()).isEqualTo(403);
      assertThat(get(server, "/api/v1/audit/heads", user).statusCode()).isEqualTo(403);
      assertThat(get(server, "/api/v1/audit/heads", "gth_nobody").statusCode()).isEqualTo(401);
      assertThat(server.get("/api/v1/audit/export").statusCode()).isEqualTo(401);
      HttpResponse<String> badSince =
          get(server, "/api/v1/audit/export?since=yesterday", server.adminToken());
      assertThat(badSince.statusCode()).isEqualTo(400);
      assertThat(badSince.body()).contains("\"code\":\"invalid_request\"");
    }
  }
}
