package io.gatehouse.deploy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.audit.AuditVerifier.ProblemKind;
import io.gatehouse.deploy.audit.AuditVerifier.Report;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class AuditLogIT {
  private static final Logger log = LoggerFactory.getLogger(AuditLogIT.class);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:15:30.123456789Z"), ZoneOffset.UTC);

  private static Database open(DatabaseKind kind) {
    TestDatabase db = kind.create();
    return Database.open(
        new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
        new SimpleMeterRegistry());
  }

  static String export(Database database) {
    StringBuilder text = new StringBuilder();
    new AuditStore(database.jdbi())
        .export(
            Optional.empty(), Optional.empty(), e -> text.append(AuditJson.line(e)).append('\n'));
    return text.toString();
  }

  private static AuditEvent event(int i) {
    return new AuditEvent(
        "user" + (i % 7),
        "deployment.create",
        "deployment/" + (i % 40),
        Optional.of("shop"),
        Optional.of("because " + i),
        Map.of("i", i, "images", List.of("registry.example/app:" + i)));
  }

  private static void appendMany(Database database, AuditLog audit, int threads, int each)
      throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * each;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    int n = base + i;
                    database.jdbi().useTransaction(h -> audit.append(h, event(n)));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void append_manyThreads_everyChainContiguousAndVerified(DatabaseKind kind) throws Exception {
    try (Database database = open(kind)) {
      appendMany(database, new AuditLog(Clock.systemUTC()), 8, 500);

      Report report = AuditVerifier.verify(new StringReader(export(database)));

      assertThat(report.problems()).isEmpty();
      assertThat(report.entriesPerChain().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(4000);
      List<AuditHead> heads = new AuditStore(database.jdbi()).heads();
      assertThat(heads).hasSize(AuditLog.CHAINS);
      assertThat(heads.stream().filter(h -> h.seq() > 0).collect(Collectors.toList()))
          .isEqualTo(report.heads());
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void append_rolledBackTransaction_leavesNoEntry(DatabaseKind kind) {
    try (Database database = open(kind)) {
      AuditLog audit = new AuditLog(CLOCK);
      database.jdbi().useTransaction(h -> audit.append(h, event(1)));

      assertThatThrownBy(
              () ->
                  database
                      .jdbi()
                      .useTransaction(
                          h -> {
                            audit.append(h, event(2));
                            throw new IllegalStateException("the action failed");
                          }))
          .hasMessage("the action failed");

      String export = export(database);
      assertThat(export.lines()).hasSize(1);
      assertThat(AuditVerifier.verify(new StringReader(export)).ok()).isTrue();
      database.jdbi().useTransaction(h -> audit.append(h, event(2)));
      assertThat(AuditVerifier.verify(new StringReader(export(database))).ok()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void append_storesEveryFieldExactly(DatabaseKind kind) {
    try (Database database = open(kind)) {
      database
          .jdbi()
          .useTransaction(
              h -> new AuditLog(CLOCK).append(h, AuditEvent.of("system", "apply", "x/1")));
      AuditEntry entry = onlyEntry(database);

      assertThat(entry.at()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123456Z"));
      assertThat(entry.chain()).isEqualTo(AuditLog.chainOf("x/1"));
      assertThat(entry.seq()).isEqualTo(1);
      assertThat(entry.project()).isEmpty();
      assertThat(entry.reason()).isEmpty();
      assertThat(entry.inputs()).isEqualTo("{}");
      assertThat(entry.prevHash()).isEqualTo(AuditHash.GENESIS);
      assertThat(entry.hashMatches()).isTrue();
    }
  }

  private static AuditEntry onlyEntry(Database database) {
    List<AuditEntry> entries = new ArrayList<>();
    new AuditStore(database.jdbi()).export(Optional.empty(), Optional.empty(), entries::add);
    assertThat(entries).hasSize(1);
    return entries.getFirst();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void verify_tamperedInDatabase_namesEachTamperedEntry(DatabaseKind kind) {
    try (Database database = open(kind)) {
      AuditLog audit = new AuditLog(CLOCK);
      for (int i = 0; i < 10; i++) {
        database.jdbi().useTransaction(h -> audit.append(h, AuditEvent.of("a", "x", "one")));
        database.jdbi().useTransaction(h -> audit.append(h, AuditEvent.of("a", "x", "two")));
        database.jdbi().useTransaction(h -> audit.append(h, AuditEvent.of("a", "x", "three")));
      }
      String anchor = AuditVerifier.verify(new StringReader(export(database))).anchorJson();
      int one = AuditLog.chainOf("one");
      int two = AuditLog.chainOf("two");
      int three = AuditLog.chainOf("three");
      assertThat(List.of(one, two, three)).doesNotHaveDuplicates();
      database
          .jdbi()
          .useHandle(
              h -> {
                sql(h, "UPDATE audit_entries SET actor = 'eve' WHERE chain = ? AND seq = 3", one);
                sql(h, "DELETE FROM audit_entries WHERE chain = ? AND seq = 5", two);
                sql(h, "UPDATE audit_entries SET seq = 100 WHERE chain = ? AND seq = 7", three);
                sql(h, "UPDATE audit_entries SET seq = 7 WHERE chain = ? AND seq = 8", three);
                sql(h, "UPDATE audit_entries SET seq = 8 WHERE chain = ? AND seq = 100", three);
                sql(h, "DELETE FROM audit_entries WHERE chain = ? AND seq > 8", one);
              });

      Report report = AuditVerifier.verify(new StringReader(export(database)));
      Report anchored =
          AuditVerifier.verify(new StringReader(export(database)), new StringReader(anchor));

      assertThat(report.problems())
          .extracting(p -> p.kind() + " " + p.chain().orElseThrow() + "/" + p.seq().orElseThrow())
          .containsExactlyInAnyOrder(
              "HASH_MISMATCH " + one + "/3",
              "GAP " + two + "/6",
              "HASH_MISMATCH " + three + "/7",
              "BROKEN_LINK " + three + "/7",
              "HASH_MISMATCH " + three + "/8",
              "BROKEN_LINK " + three + "/8",
              "BROKEN_LINK " + three + "/9");
      assertThat(anchored.problems())
          .filteredOn(p -> p.kind() == ProblemKind.TRUNCATED)
          .singleElement()
          .satisfies(p -> assertThat(p.chain()).hasValue(one));
    }
  }

  private static void sql(org.jdbi.v3.core.Handle h, String sql, int chain) {
    h.execute(sql, chain);
  }

  /** Not a benchmark: a rough figure of appends per second on PostgreSQL, in the test log. */
  @Test
  void append_sixteenThreadsOnPostgresql_logsRate() throws Exception {
    try (Database database = open(DatabaseKind.POSTGRESQL)) {
      AuditLog audit = new AuditLog(Clock.systemUTC());
      appendMany(database, audit, 16, 50);
      long start = System.nanoTime();
      appendMany(database, audit, 16, 500);
      double seconds = (System.nanoTime() - start) / 1e9;

      log.info(
          "audit appends on PostgreSQL, 16 threads, one append per transaction: {} per second",
          Math.round(16 * 500 / seconds));
      assertThat(AuditVerifier.verify(new StringReader(export(database))).ok()).isTrue();
    }
  }
}
