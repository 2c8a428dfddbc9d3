package io.gatehouse.deploy.deployment;

import static io.gatehouse.deploy.deployment.Rules.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.gate.GateOutcome;
import io.gatehouse.deploy.project.LockMode;
import io.gatehouse.deploy.review.ReviewDecision;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.testing.DatabaseKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeploymentConcurrencyIT {
  private DeploymentFixture fixture;
  private Principal dev;
  private Principal sec;
  private Principal ops;
  private Principal admin;
  private long project;

  private void setUp(DatabaseKind kind) {
    fixture = DeploymentFixture.create(kind);
    dev = fixture.user("dev");
    sec = fixture.user("sec");
    ops = fixture.user("ops");
    admin = fixture.admin("root");
    project = fixture.project("shop");
    fixture.directory.grant(fixture.directory.deployers, project, dev);
  }

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private List<DeploymentEvent> events(long id) {
    return fixture.service.events(admin, id, 0, 1000);
  }

  private static long count(List<DeploymentEvent> events, String state) {
    return events.stream()
        .filter(e -> e.state().equals(state) && !e.type().equals("review"))
        .count();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void twoApprovalsAtTheSameInstant_approvedExactlyOnce(DatabaseKind kind) throws Exception {
    setUp(kind);
    fixture.environment(project, "shop", "prod", rules().users(2, "sec", "ops").build());
    DeploymentService other = fixture.newService();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < 10; round++) {
        long id = fixture.service.create(dev, fixture.request("shop", "prod")).id();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Deployment> a =
            pool.submit(
                () -> {
                  start.await();
                  return fixture.service.review(sec, id, ReviewDecision.APPROVE, "");
                });
        Future<Deployment> b =
            pool.submit(
                () -> {
                  start.await();
                  return other.review(ops, id, ReviewDecision.APPROVE, "");
                });
        a.get();
        b.get();

        assertThat(fixture.service.get(dev, id).state()).isEqualTo("approved");
        assertThat(fixture.service.get(dev, id).reviews()).hasSize(2);
        List<DeploymentEvent> events = events(id);
        assertThat(count(events, "approved")).isEqualTo(1);
        assertThat(events).extracting(DeploymentEvent::seq).containsExactly(1L, 2L, 3L, 4L);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void approveRacingCancel_exactlyOneOutcome(DatabaseKind kind) throws Exception {
    setUp(kind);
    fixture.environment(project, "shop", "prod", rules().users(1, "sec").build());
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < 10; round++) {
        long id = fixture.service.create(dev, fixture.request("shop", "prod")).id();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Optional<ApiException>> approve =
            pool.submit(
                attempt(start, () -> fixture.service.review(sec, id, ReviewDecision.APPROVE, "")));
        Future<Optional<ApiException>> cancel =
            pool.submit(attempt(start, () -> fixture.service.cancel(dev, id, "stop")));

        assertThat(cancel.get()).isEmpty();
        Optional<ApiException> approveFailure = approve.get();
        List<DeploymentEvent> events = events(id);
        assertThat(fixture.service.get(dev, id).state()).isEqualTo("cancelled");
        if (approveFailure.isPresent()) {
          assertThat(approveFailure.get().status()).isEqualTo(409);
          assertThat(events)
              .extracting(DeploymentEvent::state)
              .containsExactly("waiting", "cancelled");
        } else {
          assertThat(events)
              .extracting(DeploymentEvent::state)
              .containsExactly("waiting", "waiting", "approved", "cancelled");
        }
      }
    }
  }

  private static Callable<Optional<ApiException>> attempt(CyclicBarrier start, Callable<?> call) {
    return () -> {
      start.await();
      try {
        call.call();
        return Optional.empty();
      } catch (ApiException e) {
        return Optional.of(e);
      }
    };
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void concurrentRequests_sequentialLock_exactlyOneApproved(DatabaseKind kind) throws Exception {
    setUp(kind);
    fixture.environment(project, "shop", "prod", rules().lock(LockMode.SEQUENTIAL).build());
    List<Callable<Deployment>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      DeploymentService replica = i % 2 == 0 ? fixture.service : fixture.newService();
      calls.add(() -> replica.create(dev, fixture.request("shop", "prod")));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
      List<String> states = new ArrayList<>();
      for (Future<Deployment> f : pool.invokeAll(calls)) {
        states.add(f.get().state());
      }
      assertThat(states).filteredOn("approved"::equals).hasSize(1);
    }
  }

  @Test
  void twoReplicasOnPostgresql_eachTransitionExactlyOnce() throws Exception {
    setUp(DatabaseKind.POSTGRESQL);
    Map<Long, AtomicInteger> evaluations = new ConcurrentHashMap<>();
    fixture.gates.put(
        "health",
        context -> {
          evaluations
              .computeIfAbsent(context.deployment().id(), k -> new AtomicInteger())
              .incrementAndGet();
          return GateOutcome.pass("ok");
        });
    fixture.environment(
        project,
        "shop",
        "prod",
        rules()
            .gate("health", Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofHours(1))
            .build());
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(fixture.service.create(dev, fixture.request("shop", "prod")).id());
    }
    fixture.clock.advance(Duration.ofSeconds(1));
    DeploymentProcessor one = fixture.processor(fixture.service);
    DeploymentProcessor two = fixture.processor(fixture.newService());
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      CyclicBarrier start = new CyclicBarrier(2);
      Callable<Integer> runOne =
          () -> {
            start.await();
            return one.runOnce() + one.runOnce();
          };
      Callable<Integer> runTwo =
          () -> {
            start.await();
            return two.runOnce() + two.runOnce();
          };
      Future<Integer> a = pool.submit(runOne);
      Future<Integer> b = pool.submit(runTwo);
      assertThat(a.get() + b.get()).isEqualTo(40);
    }

    for (long id : ids) {
      List<DeploymentEvent> events = events(id);
      assertThat(fixture.service.get(dev, id).state()).isEqualTo("approved");
      assertThat(events).filteredOn(e -> e.type().equals("gate")).hasSize(1);
      assertThat(count(events, "approved")).isEqualTo(1);
      assertThat(evaluations.get(id)).hasValue(1);
    }
  }
}
