package io.gatehouse.deploy.gate;

import static io.gatehouse.deploy.gate.GatesTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.persistence.Database;
import io.gatehouse.deploy.persistence.DatabaseConfig;
import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.testing.DatabaseKind;
import io.gatehouse.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The results table of {@code dast} gates and the scans they start, on H2 and PostgreSQL: a scan of
 * one deployment's gate never runs twice at once, however often the gate is evaluated and by
 * however many servers; a scan whose server stopped is started again.
 */
class DastGateResultsIT {
  private final DastTargetApp target = DastTargetApp.safe();
  private Database database;
  private Gates gates;
  private Gates otherReplica;

  @AfterEach
  void stop() {
    if (gates != null) {
      gates.close();
    }
    if (otherReplica != null) {
      otherReplica.close();
    }
    if (database != null) {
      database.close();
    }
    target.close();
  }

  private void start(DatabaseKind kind) {
    TestDatabase db = kind.create();
    database =
        Database.open(
            new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), Duration.ofSeconds(10)),
            new SimpleMeterRegistry());
    gates = newGates();
    otherReplica = newGates();
  }

  private Gates newGates() {
    return Gates.create(
        new GateEnvironment(
            GateEnvironment.defaultHttpClient(),
            () -> URI.create("http://127.0.0.1:1"),
            (p, e, s, i) -> Optional.empty(),
            Optional::empty,
            Clock.systemUTC(),
            database.jdbi()));
  }

  private GateSpec spec() {
    return new GateSpec(
        "dast",
        "dast",
        Duration.ZERO,
        Duration.ofSeconds(1),
        Duration.ofHours(1),
        map("url", target.url(), "maxDuration", "30s", "rate", 100, "maxPages", 10));
  }

  private static GateContext now(GateSpec spec) {
    return new GateContext(GateFixtures.deployment(List.of()), 7, spec, 1, Instant.now());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void start_whileRunning_refusedUntilTheScanEnds(DatabaseKind kind) {
    start(kind);
    DastGateResults results = new DastGateResults(database.jdbi());
    Instant now = Instant.now();

    Optional<Long> first = results.start(42, "dast", "http://x/", now, now.plusSeconds(60));
    Optional<Long> second = results.start(42, "dast", "http://x/", now, now.plusSeconds(60));
    Optional<Long> otherGate = results.start(42, "other", "http://x/", now, now.plusSeconds(60));
    results.error(first.orElseThrow(), 42, "the scan could not run", now);
    Optional<Long> afterwards = results.start(42, "dast", "http://x/", now, now.plusSeconds(60));

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    assertThat(otherGate).isPresent();
    assertThat(afterwards).isPresent();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void evaluate_againWhileScanning_startsNoSecondScan(DatabaseKind kind) throws Exception {
    start(kind);
    GateSpec spec = spec();
    Gate gate = gates.gate(spec);
    Gate onOtherReplica = otherReplica.gate(spec);

    GateOutcome started = gate.evaluate(now(spec));
    GateOutcome again = gate.evaluate(now(spec));
    GateOutcome elsewhere = onOtherReplica.evaluate(now(spec));

    assertThat(started.status()).isEqualTo(GateOutcome.Status.PENDING);
    assertThat(started.detail()).contains("started");
    assertThat(again.status()).isEqualTo(GateOutcome.Status.PENDING);
    assertThat(elsewhere.status()).isEqualTo(GateOutcome.Status.PENDING);
    GateOutcome done = awaitDone(gate, spec);
    assertThat(done.status()).as(done.detail()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(done.detail()).contains("0 failing");
    assertThat(rows()).isEqualTo(1);
    assertThat(gate.evaluate(now(spec)).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(rows()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void evaluate_scanOfAStoppedServer_scansAgain(DatabaseKind kind) throws Exception {
    start(kind);
    DastGateResults results = new DastGateResults(database.jdbi());
    Instant past = Instant.now().minusSeconds(600);
    assertThat(results.start(42, "dast", target.url(), past, past.plusSeconds(60))).isPresent();
    GateSpec spec = spec();
    Gate gate = gates.gate(spec);

    GateOutcome outcome = gate.evaluate(now(spec));

    assertThat(outcome.detail()).contains("started");
    assertThat(awaitDone(gate, spec).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(rows()).isEqualTo(2);
    assertThat(
            database
                .jdbi()
                .withHandle(h -> DastGateResults.forDeployment(h, 42))
                .getFirst()
                .state())
        .isEqualTo("done");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void evaluate_unreachableTarget_failsWithTheReason(DatabaseKind kind) throws Exception {
    start(kind);
    target.close();
    GateSpec spec = spec();
    Gate gate = gates.gate(spec);

    gate.evaluate(now(spec));
    GateOutcome outcome = awaitDone(gate, spec);

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).contains("the scan could not run");
  }

  private GateOutcome awaitDone(Gate gate, GateSpec spec) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    GateOutcome outcome = gate.evaluate(now(spec));
    while (outcome.status() == GateOutcome.Status.PENDING && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      outcome = gate.evaluate(now(spec));
    }
    return outcome;
  }

  private int rows() {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM dast_gate_results").mapTo(Integer.class).one());
  }
}
