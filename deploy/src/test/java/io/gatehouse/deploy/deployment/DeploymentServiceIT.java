package io.gatehouse.deploy.deployment;

import static io.gatehouse.deploy.deployment.Rules.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.gate.GateOutcome;
import io.gatehouse.deploy.project.EnvironmentRules;
import io.gatehouse.deploy.project.LockMode;
import io.gatehouse.deploy.review.ReviewDecision;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.testing.DatabaseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeploymentServiceIT {
  private DeploymentFixture fixture;
  private DeploymentService service;
  private Principal dev;
  private Principal maintainer;
  private Principal sec;
  private Principal ops;
  private Principal both;
  private Principal outsider;
  private long project;

  private void setUp(DatabaseKind kind) {
    fixture = DeploymentFixture.create(kind);
    service = fixture.service;
    dev = fixture.user("dev");
    maintainer = fixture.user("maint");
    sec = fixture.user("sec");
    ops = fixture.user("ops");
    both = fixture.user("both");
    outsider = fixture.user("outsider");
    fixture.team("security", sec, both, dev);
    fixture.team("operations", ops, both);
    project = fixture.project("shop");
    fixture.directory.grant(fixture.directory.deployers, project, dev);
    fixture.directory.grant(fixture.directory.maintainers, project, maintainer);
  }

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private Deployment create(String environment, EnvironmentRules rules) {
    fixture.environment(project, "shop", environment, rules);
    return service.create(dev, fixture.request("shop", environment));
  }

  private Deployment again(String environment) {
    return service.create(dev, fixture.request("shop", environment));
  }

  private List<String> eventStates(long id, String type) {
    return service.events(fixture.admin("audit-" + id + "-" + type), id, 0, 1000).stream()
        .filter(e -> e.type().equals(type))
        .map(DeploymentEvent::state)
        .toList();
  }

  private static void assertApi(ThrowingCallable call, int status, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
              assertThat(e.code()).isEqualTo(code);
            });
  }

  private long count(String table) {
    return fixture
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void create_noRules_approvedInTheSameRequest(DatabaseKind kind) {
    setUp(kind);

    Deployment d = create("dev", rules().build());

    assertThat(d.state()).isEqualTo("approved");
    assertThat(d.pending()).isEmpty();
    assertThat(d.project()).isEqualTo("shop");
    assertThat(d.payload()).containsEntry("replicas", 2);
    assertThat(service.events(dev, d.id(), 0, 10))
        .extracting(DeploymentEvent::seq, DeploymentEvent::type, DeploymentEvent::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "created", "waiting"),
            org.assertj.core.groups.Tuple.tuple(2L, "state", "approved"));
    assertThat(service.get(dev, d.id())).isEqualTo(d);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void create_refNotAllowed_422AndNothingStored(DatabaseKind kind) {
    setUp(kind);
    fixture.environment(project, "shop", "prod", rules().branches("release/*").build());

    assertApi(() -> again("prod"), 422, "ref_not_allowed");
    assertThat(count("deployments")).isZero();
    var ok =
        new DeploymentRequest(
            "shop", "prod", "refs/heads/release/1.2", DeploymentFixture.SHA, List.of(), null, null);
    assertThat(service.create(dev, ok).state()).isEqualTo("approved");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void create_onlyTheRequesterCouldReview_422Unsatisfiable(DatabaseKind kind) {
    setUp(kind);
    fixture.environment(project, "shop", "prod", rules().users(1, "dev").build());
    fixture.environment(
        project, "shop", "prod2", rules().users(1, "both").team("operations", 2).build());

    assertApi(() -> again("prod"), 422, "unsatisfiable_reviewers");
    assertApi(() -> again("prod2"), 422, "unsatisfiable_reviewers");
    assertThat(count("deployments")).isZero();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void create_withoutRights_404Or403(DatabaseKind kind) {
    setUp(kind);
    fixture.environment(project, "shop", "dev", rules().build());
    fixture.directory.grant(fixture.directory.readers, project, ops);

    assertApi(() -> service.create(outsider, fixture.request("shop", "dev")), 404, "not_found");
    assertApi(() -> service.create(ops, fixture.request("shop", "dev")), 403, "forbidden");
    assertApi(() -> service.create(dev, fixture.request("shop", "nope")), 404, "not_found");
    assertThat(count("deployments")).isZero();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void review_requesterInTheTeam_403SelfReview(DatabaseKind kind) {
    setUp(kind);
    Deployment d = create("prod", rules().team("security", 1).build());

    assertThat(d.state()).isEqualTo("waiting");
    assertThat(d.requirements().getFirst().eligible()).containsExactly("both", "sec");
    fixture.directory.grant(fixture.directory.readers, project, ops);
    assertApi(() -> service.review(dev, d.id(), ReviewDecision.APPROVE, ""), 403, "self_review");
    assertApi(() -> service.review(ops, d.id(), ReviewDecision.APPROVE, ""), 403, "not_eligible");
    assertApi(() -> service.review(outsider, d.id(), ReviewDecision.APPROVE, ""), 404, "not_found");
    assertThat(count("reviews")).isZero();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void review_twice_409(DatabaseKind kind) {
    setUp(kind);
    Deployment d = create("prod", rules().team("security", 2).build());

    service.review(sec, d.id(), ReviewDecision.APPROVE, "");
    assertApi(
        () -> service.review(sec, d.id(), ReviewDecision.APPROVE, ""), 409, "already_reviewed");
    assertThat(count("reviews")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void review_rejection_rejectsAndNeedsAComment(DatabaseKind kind) {
    setUp(kind);
    Deployment d = create("prod", rules().team("security", 1).team("operations", 1).build());

    assertApi(
        () -> service.review(sec, d.id(), ReviewDecision.REJECT, "  "), 400, "invalid_request");
    service.review(ops, d.id(), ReviewDecision.APPROVE, "");
    Deployment rejected = service.review(sec, d.id(), ReviewDecision.REJECT, "not today");

    assertThat(rejected.state()).isEqualTo("rejected");
    assertThat(rejected.reviews())
        .extracting(Deployment.Review::decision)
        .containsExactly("approve", "reject");
    assertApi(() -> service.review(both, d.id(), ReviewDecision.APPROVE, ""), 409, "invalid_state");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void review_allRequirementsFromDistinctApprovers_approves(DatabaseKind kind) {
    setUp(kind);
    Deployment d = create("prod", rules().team("security", 1).team("operations", 1).build());
    assertThat(d.pending())
        .extracting(Deployment.Pending::detail)
        .containsExactly(
            "1 more approval from team security", "1 more approval from team operations");

    Deployment afterBoth = service.review(both, d.id(), ReviewDecision.APPROVE, "");
    assertThat(afterBoth.state()).isEqualTo("waiting");
    assertThat(afterBoth.pending()).hasSize(1);

    Deployment approved = service.review(ops, d.id(), ReviewDecision.APPROVE, "lgtm");
    assertThat(approved.state()).isEqualTo("approved");
    assertThat(approved.requirements())
        .extracting(Deployment.Requirement::approvedBy)
        .containsExactly(List.of("both"), List.of("ops"));
    assertThat(eventStates(d.id(), "state")).containsExactly("approved");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void waitTimer_startsAfterReviews_approvesWhenItEnds(DatabaseKind kind) {
    setUp(kind);
    DeploymentProcessor processor = fixture.processor();
    Deployment d = create("prod", rules().team("security", 1).waitMinutes(5).build());
    fixture.clock.advance(Duration.ofMinutes(10));

    Deployment reviewed = service.review(sec, d.id(), ReviewDecision.APPROVE, "");
    assertThat(reviewed.state()).isEqualTo("waiting");
    assertThat(reviewed.waitUntil()).contains(fixture.clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(reviewed.pending())
        .extracting(Deployment.Pending::rule)
        .containsExactly("wait_timer");

    fixture.clock.advance(Duration.ofMinutes(4));
    processor.runOnce();
    assertThat(service.get(dev, d.id()).state()).isEqualTo("waiting");

    fixture.clock.advance(Duration.ofMinutes(1));
    assertThat(processor.runOnce()).isEqualTo(1);
    assertThat(service.get(dev, d.id()).state()).isEqualTo("approved");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void gate_failsThenPasses_approvedOnTheSecondRound(DatabaseKind kind) {
    setUp(kind);
    DeploymentProcessor processor = fixture.processor();
    Deque<GateOutcome> answers =
        new ArrayDeque<>(List.of(GateOutcome.fail("503"), GateOutcome.pass("200")));
    fixture.gates.put("health", context -> answers.removeFirst());
    Deployment d =
        create(
            "prod",
            rules()
                .gate("health", Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofHours(1))
                .build());
    assertThat(d.pending()).extracting(Deployment.Pending::rule).containsExactly("gates");

    assertThat(processor.runOnce()).isZero();
    fixture.clock.advance(Duration.ofSeconds(10));
    processor.runOnce();
    Deployment failed = service.get(dev, d.id());
    assertThat(failed.state()).isEqualTo("waiting");
    assertThat(failed.gates()).extracting(Deployment.GateStatus::status).containsExactly("fail");

    fixture.clock.advance(Duration.ofSeconds(29));
    assertThat(processor.runOnce()).isZero();
    fixture.clock.advance(Duration.ofSeconds(1));
    processor.runOnce();
    assertThat(service.get(dev, d.id()).state()).isEqualTo("approved");
    assertThat(eventStates(d.id(), "gate")).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void gates_mustAllPassInTheSameRound(DatabaseKind kind) {
    setUp(kind);
    DeploymentProcessor processor = fixture.processor();
    Deque<GateOutcome> a =
        new ArrayDeque<>(List.of(GateOutcome.pass(""), GateOutcome.fail(""), GateOutcome.pass("")));
    Deque<GateOutcome> b =
        new ArrayDeque<>(List.of(GateOutcome.fail(""), GateOutcome.pass(""), GateOutcome.pass("")));
    fixture.gates.put("a", context -> a.removeFirst());
    fixture.gates.put("b", context -> b.removeFirst());
    Duration interval = Duration.ofSeconds(30);
    Deployment d =
        create(
            "prod",
            rules()
                .gate("a", Duration.ZERO, interval, Duration.ofHours(1))
                .gate("b", Duration.ZERO, interval, Duration.ofHours(1))
                .build());

    processor.runOnce();
    assertThat(service.get(dev, d.id()).state()).isEqualTo("waiting");
    fixture.clock.advance(interval);
    processor.runOnce();
    assertThat(service.get(dev, d.id()).state()).isEqualTo("waiting");
    fixture.clock.advance(interval);
    processor.runOnce();

    assertThat(service.get(dev, d.id()).state()).isEqualTo("approved");
    assertThat(a).isEmpty();
    assertThat(b).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void gates_neverPassing_timeOut(DatabaseKind kind) {
    setUp(kind);
    DeploymentProcessor processor = fixture.processor();
    fixture.gates.put("health", context -> GateOutcome.fail("down"));
    Deployment d =
        create(
            "prod",
            rules()
                .gate("health", Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(50))
                .build());

    for (int i = 0; i < 4; i++) {
      processor.runOnce();
      fixture.clock.advance(Duration.ofSeconds(20));
    }

    assertThat(service.get(dev, d.id()).state()).isEqualTo("timed_out");
    assertThat(eventStates(d.id(), "gate")).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void reviews_takingTooLong_timeOut(DatabaseKind kind) {
    setUp(kind);
    DeploymentProcessor processor = fixture.processor();
    Deployment d =
        create("prod", rules().team("security", 1).reviewTimeout(Duration.ofHours(2)).build());

    fixture.clock.advance(Duration.ofHours(2));
    processor.runOnce();

    assertThat(service.get(dev, d.id()).state()).isEqualTo("timed_out");
    assertApi(() -> service.review(sec, d.id(), ReviewDecision.APPROVE, ""), 409, "invalid_state");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void sequentialLock_oneAtATime_oldestFirst(DatabaseKind kind) {
    setUp(kind);
    DeploymentProcessor processor = fixture.processor();
    Deployment first = create("prod", rules().lock(LockMode.SEQUENTIAL).build());
    Deployment second = again("prod");
    Deployment third = again("prod");

    assertThat(first.state()).isEqualTo("approved");
    assertThat(second.state()).isEqualTo("waiting");
    assertThat(second.pending()).extracting(Deployment.Pending::rule).containsExactly("lock");
    assertThat(third.state()).isEqualTo("waiting");

    service.status(dev, first.id(), "in_progress", Optional.empty(), Optional.empty());
    processor.runOnce();
    assertThat(service.get(dev, second.id()).state()).isEqualTo("waiting");
    service.status(
        dev, first.id(), "success", Optional.of("https://ci.example.com/1"), Optional.empty());
    processor.runOnce();

    assertThat(service.get(dev, second.id()).state()).isEqualTo("approved");
    assertThat(service.get(dev, third.id()).state()).isEqualTo("waiting");
    service.cancel(dev, second.id(), "not needed");
    processor.runOnce();
    assertThat(service.get(dev, third.id()).state()).isEqualTo("approved");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void latestLock_newestSupersedesOlderWaiting(DatabaseKind kind) {
    setUp(kind);
    DeploymentProcessor processor = fixture.processor();
    Deployment first = create("prod", rules().lock(LockMode.LATEST).build());
    Deployment second = again("prod");
    Deployment third = again("prod");

    assertThat(first.state()).isEqualTo("approved");
    assertThat(service.get(dev, second.id()).state()).isEqualTo("inactive");
    assertThat(third.state()).isEqualTo("waiting");

    service.status(dev, first.id(), "failure", Optional.empty(), Optional.of("crashed"));
    processor.runOnce();

    assertThat(service.get(dev, third.id()).state()).isEqualTo("approved");
    assertThat(eventStates(second.id(), "state")).containsExactly("inactive");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void bypass_maintainerWithComment_skipsReviewsButNotTheLock(DatabaseKind kind) {
    setUp(kind);
    DeploymentProcessor processor = fixture.processor();
    EnvironmentRules rules =
        rules().team("security", 1).waitMinutes(60).lock(LockMode.SEQUENTIAL).allowBypass().build();
    Deployment first = create("prod", rules);

    assertApi(() -> service.bypass(dev, first.id(), "urgent"), 403, "forbidden");
    assertApi(() -> service.bypass(maintainer, first.id(), " "), 400, "invalid_request");
    Deployment bypassed = service.bypass(maintainer, first.id(), "hotfix for incident 7");
    assertThat(bypassed.state()).isEqualTo("approved");
    assertThat(bypassed.bypassed()).isTrue();
    assertApi(() -> service.bypass(maintainer, first.id(), "again"), 409, "invalid_state");

    Deployment second = again("prod");
    Deployment held = service.bypass(maintainer, second.id(), "second hotfix");
    assertThat(held.state()).isEqualTo("waiting");
    assertThat(held.pending()).extracting(Deployment.Pending::rule).containsExactly("lock");
    assertApi(
        () -> service.review(sec, second.id(), ReviewDecision.REJECT, "too late"),
        409,
        "invalid_state");
    service.status(dev, first.id(), "success", Optional.empty(), Optional.empty());
    processor.runOnce();
    assertThat(service.get(dev, second.id()).state()).isEqualTo("approved");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void bypass_environmentForbidsIt_403(DatabaseKind kind) {
    setUp(kind);
    Deployment d = create("prod", rules().team("security", 1).build());

    assertApi(() -> service.bypass(maintainer, d.id(), "urgent"), 403, "bypass_not_allowed");
    assertThat(service.get(dev, d.id()).bypassed()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void status_followsTheStateMachine(DatabaseKind kind) {
    setUp(kind);
    Deployment d = create("dev", rules().build());

    assertApi(
        () -> service.status(dev, d.id(), "waiting", Optional.empty(), Optional.empty()),
        400,
        "invalid_request");
    assertApi(
        () ->
            service.status(dev, d.id(), "in_progress", Optional.of("ftp://x/y"), Optional.empty()),
        400,
        "invalid_request");
    assertApi(
        () -> service.status(outsider, d.id(), "in_progress", Optional.empty(), Optional.empty()),
        404,
        "not_found");
    Deployment running =
        service.status(
            dev,
            d.id(),
            "in_progress",
            Optional.of("https://ci.example.com/run/1"),
            Optional.of("rolling"));
    assertThat(running.logUrl()).contains("https://ci.example.com/run/1");
    Deployment done = service.status(dev, d.id(), "success", Optional.empty(), Optional.empty());
    assertThat(done.state()).isEqualTo("success");
    assertApi(
        () -> service.status(dev, d.id(), "failure", Optional.empty(), Optional.empty()),
        409,
        "invalid_state");
    assertApi(() -> service.cancel(dev, d.id(), ""), 409, "invalid_state");
    assertThat(
            DeploymentService.history(fixture.jdbi())
                .lastSuccess(
                    project,
                    "DEV",
                    DeploymentFixture.SHA,
                    List.of("registry.example.com/shop/web:1.0")))
        .contains(fixture.clock.instant());
    assertThat(
            DeploymentService.history(fixture.jdbi())
                .lastSuccess(project, "dev", DeploymentFixture.SHA, List.of()))
        .isEmpty();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void cancel_onlyRequesterMaintainerOrAdmin(DatabaseKind kind) {
    setUp(kind);
    Principal other = fixture.user("other-dev");
    fixture.directory.grant(fixture.directory.deployers, project, other);
    Deployment d = create("prod", rules().team("security", 1).build());

    assertApi(() -> service.cancel(other, d.id(), ""), 403, "forbidden");
    Deployment cancelled = service.cancel(maintainer, d.id(), "wrong build");
    assertThat(cancelled.state()).isEqualTo("cancelled");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void list_filtersAndPages_onlyReadableProjects(DatabaseKind kind) {
    setUp(kind);
    for (int i = 0; i < 5; i++) {
      create("env" + i, rules().build());
    }
    long other = fixture.project("secret");
    fixture.environment(other, "secret", "prod", rules().build());
    fixture.directory.grant(fixture.directory.deployers, other, outsider);
    Deployment hidden = service.create(outsider, fixture.request("secret", "prod"));

    DeploymentPage page =
        service.list(
            dev, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 3);
    assertThat(page.deployments()).hasSize(3);
    assertThat(page.next()).isPresent();
    DeploymentPage rest =
        service.list(dev, Optional.empty(), Optional.empty(), Optional.empty(), page.next(), 3);
    assertThat(rest.deployments()).hasSize(2);
    assertThat(rest.next()).isEmpty();
    assertThat(
            service
                .list(
                    dev,
                    Optional.of("shop"),
                    Optional.of("ENV1"),
                    Optional.of(DeploymentState.APPROVED),
                    Optional.empty(),
                    10)
                .deployments())
        .hasSize(1);
    assertApi(() -> service.get(dev, hidden.id()), 404, "not_found");
    assertApi(() -> service.events(dev, hidden.id(), 0, 10), 404, "not_found");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void eligibleReviewerOfAnotherProject_mayReadTheDeployment(DatabaseKind kind) {
    setUp(kind);
    Principal external = fixture.user("external");
    fixture.team("auditors", external);
    Deployment d = create("prod", rules().team("auditors", 1).build());

    assertThat(service.get(external, d.id()).id()).isEqualTo(d.id());
    assertThat(service.review(external, d.id(), ReviewDecision.APPROVE, "").state())
        .isEqualTo("approved");
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void restart_resumesFromTheStoredTimestamps(DatabaseKind kind) {
    setUp(kind);
    AtomicInteger evaluations = new AtomicInteger();
    fixture.gates.put(
        "health",
        context -> evaluations.incrementAndGet() < 2 ? GateOutcome.fail("") : GateOutcome.pass(""));
    Deployment d =
        create(
            "prod",
            rules()
                .waitMinutes(1)
                .gate("health", Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(1))
                .build());
    Instant waitEnd = d.waitUntil().orElseThrow();
    fixture.clock.advance(Duration.ofMinutes(1).plusSeconds(5));
    fixture.processor().runOnce();

    DeploymentService restarted = fixture.newService();
    DeploymentProcessor after = fixture.processor(restarted);
    fixture.clock.advance(Duration.ofSeconds(9));
    assertThat(after.runOnce()).isZero();
    fixture.clock.advance(Duration.ofSeconds(1));
    after.runOnce();

    assertThat(restarted.get(dev, d.id()).state()).isEqualTo("approved");
    assertThat(evaluations).hasValue(2);
    assertThat(waitEnd).isEqualTo(DeploymentFixture.START.plus(Duration.ofMinutes(1)));
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void forJob_onlyTheRequestingTokenWhileApprovedOrInProgress(DatabaseKind kind) {
    setUp(kind);
    fixture.environment(project, "shop", "prod", rules().users(1, "sec").build());
    fixture.environment(project, "shop", "dev", rules().build());
    Principal job = withToken(dev, 41);
    Principal sameUserOtherToken = withToken(dev, 42);
    Deployment waiting = service.create(job, fixture.request("shop", "prod"));
    Deployment ready = service.create(job, fixture.request("shop", "dev"));
    Deployment tokenless = service.create(dev, fixture.request("shop", "dev"));

    assertThat(forJob(job, ready.id()).id()).isEqualTo(ready.id());
    assertApi(() -> forJob(job, waiting.id()), 409, "deployment_not_active");
    assertApi(() -> forJob(sameUserOtherToken, ready.id()), 403, "not_deployment_job");
    assertApi(() -> forJob(dev, ready.id()), 403, "not_deployment_job");
    assertApi(() -> forJob(job, tokenless.id()), 403, "not_deployment_job");
    assertApi(() -> forJob(withToken(outsider, 41), ready.id()), 404, "not_found");
    assertApi(() -> forJob(job, 999_999), 404, "not_found");

    service.status(dev, ready.id(), "in_progress", Optional.empty(), Optional.empty());
    assertThat(forJob(job, ready.id()).state()).isEqualTo("in_progress");
    service.status(dev, ready.id(), "success", Optional.empty(), Optional.empty());
    assertApi(() -> forJob(job, ready.id()), 409, "deployment_not_active");
  }

  private Deployment forJob(Principal principal, long id) {
    return fixture.database.jdbi().withHandle(h -> service.forJob(h, principal, id));
  }

  private static Principal withToken(Principal user, long tokenId) {
    return new Principal(
        user.userId(), user.name(), user.admin(), java.util.OptionalLong.of(tokenId));
  }
}
