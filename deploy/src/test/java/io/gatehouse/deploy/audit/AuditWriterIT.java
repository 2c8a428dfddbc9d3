package io.gatehouse.deploy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.audit.AuditVerifier.Report;
import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuditWriterIT {
  private static Database open(DatabaseKind kind) {
    TestDatabase db = kind.create();
    return Database.open(
        new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
        new SimpleMeterRegistry());
  }

  private static AuditEvent event(int i) {
    return new AuditEvent(
        "job" + i,
        "deployment.token.issue",
        "deployment/" + i,
        Optional.of("shop"),
        Optional.empty(),
        Map.of("jti", "j" + i));
  }

  /** A value whose JSON cannot be written. */
  public static final class Unreadable {
    private final boolean readable = false;

    /** Fails: the value cannot be read. */
    public String getValue() {
      if (!readable) {
        throw new IllegalStateException("cannot be read");
      }
      return "";
    }
  }

  /** A transaction that holds the head of the subject's chain until it is rolled back. */
  private static Handle lockChainOf(Database database, String subject) {
    Handle handle = database.jdbi().open();
    handle.begin();
    handle
        .createQuery("SELECT seq FROM audit_heads WHERE chain = :chain FOR UPDATE")
        .bind("chain", AuditLog.chainOf(subject))
        .mapTo(Long.class)
        .one();
    return handle;
  }

  private static Report verify(Database database) {
    return AuditVerifier.verify(new StringReader(AuditLogIT.export(database)));
  }

  private static long entries(Report report) {
    return report.entriesPerChain().values().stream().mapToLong(Long::longValue).sum();
  }

  private static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void append_alone_isCommittedWhenItReturns(DatabaseKind kind) {
    try (Database database = open(kind)) {
      AuditWriter writer = new AuditWriter(database.jdbi(), new AuditLog(Clock.systemUTC()));

      writer.append(event(1));

      assertThat(AuditLogIT.export(database)).contains("\"subject\":\"deployment/1\"");
      assertThat(writer.transactions()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void append_callersArrivingWhileOneWrites_shareTheNextTransaction(DatabaseKind kind)
      throws Exception {
    try (Database database = open(kind);
        ExecutorService pool = Executors.newFixedThreadPool(11)) {
      AuditWriter writer = new AuditWriter(database.jdbi(), new AuditLog(Clock.systemUTC()));
      Handle blocker = lockChainOf(database, "deployment/0");
      List<Future<?>> done = new ArrayList<>();
      done.add(pool.submit(() -> writer.append(event(0))));
      await("the first caller writes", writer::writing);
      Thread.sleep(200); // it takes its group and waits on the locked chain head
      for (int i = 1; i <= 10; i++) {
        int n = i;
        done.add(pool.submit(() -> writer.append(event(n))));
      }
      await("ten callers queue behind it", () -> writer.queued() == 10);

      blocker.rollback();
      blocker.close();
      for (Future<?> future : done) {
        future.get();
      }

      assertThat(writer.transactions()).isEqualTo(2);
      Report report = verify(database);
      assertThat(report.problems()).isEmpty();
      assertThat(entries(report)).isEqualTo(11);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void append_manyConcurrentCallers_everyEventOnceAndTheChainsVerify(DatabaseKind kind)
      throws Exception {
    try (Database database = open(kind);
        ExecutorService pool = Executors.newFixedThreadPool(16)) {
      AuditWriter writer = new AuditWriter(database.jdbi(), new AuditLog(Clock.systemUTC()));
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int base = t * 100;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    writer.append(event(base + i));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }

      Report report = verify(database);
      assertThat(report.problems()).isEmpty();
      assertThat(entries(report)).isEqualTo(1600);
      assertThat(writer.transactions()).isBetween(1L, 1600L);
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void append_oneEventCannotBeWritten_onlyItsCallerFails(DatabaseKind kind) throws Exception {
    try (Database database = open(kind);
        ExecutorService pool = Executors.newFixedThreadPool(6)) {
      AuditWriter writer = new AuditWriter(database.jdbi(), new AuditLog(Clock.systemUTC()));
      Handle blocker = lockChainOf(database, "deployment/0");
      Future<?> first = pool.submit(() -> writer.append(event(0)));
      await("the first caller writes", writer::writing);
      Thread.sleep(200);
      List<Future<?>> good = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        int n = i;
        good.add(pool.submit(() -> writer.append(event(n))));
      }
      AuditEvent unwritable =
          new AuditEvent(
              "job9",
              "deployment.token.issue",
              "deployment/9",
              Optional.empty(),
              Optional.empty(),
              Map.of("value", new Unreadable()));
      Future<?> bad = pool.submit(() -> writer.append(unwritable));
      await("five callers queue behind the first", () -> writer.queued() == 5);

      blocker.rollback();
      blocker.close();
      first.get();
      for (Future<?> future : good) {
        future.get();
      }

      assertThatThrownBy(bad::get)
          .hasCauseInstanceOf(IllegalStateException.class)
          .cause()
          .hasMessage("cannot write the audit entry for deployment.token.issue");
      Report report = verify(database);
      assertThat(report.problems()).isEmpty();
      assertThat(entries(report)).isEqualTo(5);
      assertThat(AuditLogIT.export(database)).doesNotContain("deployment/9");
    }
  }
}
