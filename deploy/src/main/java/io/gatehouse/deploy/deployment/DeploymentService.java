package io.gatehouse.deploy.deployment;

import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.deploy.access.Permission;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.gate.DastGateReports;
import io.gatehouse.deploy.gate.DastGateResults;
import io.gatehouse.deploy.gate.DeploymentHistory;
import io.gatehouse.deploy.notify.Notifier;
import io.gatehouse.deploy.project.LockMode;
import io.gatehouse.deploy.project.ReviewerRequirement;
import io.gatehouse.deploy.review.Quorum;
import io.gatehouse.deploy.review.ReviewDecision;
import io.gatehouse.deploy.review.ReviewRequirement;
import io.gatehouse.deploy.server.ApiException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Deployments: requests, reviews, status reports, cancellation and bypass, each one short
 * transaction that locks the deployment's row, checks its version, and records an event, an audit
 * entry and, where the state changes, a webhook notification. Listeners learn of events after the
 * commit through the in-process event bus.
 */
public final class DeploymentService {
  /** The most images a deployment may name. */
  public static final int MAX_IMAGES = 100;

  /** The longest description. */
  public static final int MAX_DESCRIPTION = 1000;

  /** The largest payload, as JSON. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  /** The longest log URL. */
  public static final int MAX_LOG_URL = 2000;

  /** The longest comment. */
  public static final int MAX_COMMENT = 4000;

  private static final int MAX_ATTEMPTS = 5;

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProjectDirectory directory;
  private final DeploymentAccess access;
  private final RefCheck refCheck;
  private final AuditLog audit;
  private final Notifier notifier;
  private final DeploymentEventBus bus = new DeploymentEventBus();
  private volatile Runnable processorNudge = () -> {};

  private DeploymentService(
      Jdbi jdbi,
      Clock clock,
      ProjectDirectory directory,
      DeploymentAccess access,
      RefCheck refCheck,
      AuditLog audit,
      Notifier notifier) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.directory = directory;
    this.access = access;
    this.refCheck = refCheck;
    this.audit = audit;
    this.notifier = notifier;
  }

  /** Creates the service on a migrated database. */
  public static DeploymentService create(
      Jdbi jdbi,
      Clock clock,
      ProjectDirectory directory,
      DeploymentAccess access,
      RefCheck refCheck,
      AuditLog audit,
      Notifier notifier) {
    return new DeploymentService(jdbi, clock, directory, access, refCheck, audit, notifier);
  }

  /**
   * Requests a deployment. When no rule is pending it is approved at once.
   *
   * @throws ApiException 400 for invalid input, 413 for an oversized payload, 404 for an
   *     environment the caller may not read, 403 when the caller may not deploy, 422 {@code
   *     ref_not_allowed} or {@code unsatisfiable_reviewers}
   */
  public Deployment create(Principal principal, DeploymentRequest request) {
    Map<String, Object> payload = RequestChecks.validate(request);
    return transaction(
        effects -> {
          Handle h = effects.handle;
          Optional<DeploymentTarget> found =
              directory.target(h, request.project(), request.environment());
          Set<Permission> rights =
              found.isEmpty()
                  ? Set.of()
                  : access.permissions(h, principal, found.get().projectId());
          DeploymentTarget target =
              found
                  .filter(t -> rights.contains(Permission.READ))
                  .orElseThrow(
                      () ->
                          new ApiException(
                              404,
                              "not_found",
                              "no environment '"
                                  + request.environment()
                                  + "' in a project '"
                                  + request.project()
                                  + "' you can see"));
          if (!rights.contains(Permission.DEPLOY)) {
            throw new ApiException(
                403, "forbidden", "you may not deploy project '" + target.project() + "'");
          }
          refCheck
              .refusal(target, request.ref())
              .ifPresent(
                  reason -> {
                    throw new ApiException(422, "ref_not_allowed", reason);
                  });
          List<ReviewRequirement> requirements = requirements(h, target, principal);
          if (!Quorum.satisfiable(requirements)) {
            throw new ApiException(
                422,
                "unsatisfiable_reviewers",
                "the reviewer requirements of '"
                    + target.environment()
                    + "' cannot be met by users other than you: "
                    + describe(requirements));
          }
          DeploymentRow row = newRow(principal, request, payload, target, requirements);
          return createIn(effects, row, principal);
        });
  }

  /** The environment's reviewer requirements fixed for this requester, teams read in one query. */
  private List<ReviewRequirement> requirements(
      Handle h, DeploymentTarget target, Principal principal) {
    List<ReviewerRequirement> declared = target.rules().reviewers();
    Set<String> teams = new HashSet<>();
    declared.forEach(r -> r.team().ifPresent(teams::add));
    Map<String, List<String>> members =
        teams.isEmpty() ? Map.of() : directory.teamMembers(h, teams);
    return ReviewRequirement.snapshot(
        declared, team -> members.getOrDefault(team, List.of()), principal.name());
  }

  private Deployment createIn(Transition.Effects effects, DeploymentRow row, Principal principal) {
    if (row.rules.lock() != LockMode.NONE) {
      // Before the insert: its foreign key share-locks the environment row, and upgrading that
      // lock later would deadlock with concurrent requests to the same environment.
      DeploymentStore.lockEnvironment(effects.handle, row.environmentId);
    }
    row.id = DeploymentStore.nextId(effects.handle);
    Transition t = Transition.fresh(row, effects);
    t.event("created", principal.name(), "requested " + row.ref + " at " + row.sha);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("environment", row.environment);
    inputs.put("ref", row.ref);
    inputs.put("sha", row.sha);
    inputs.put("images", row.images);
    t.audit(principal.name(), "deployment.create", Optional.empty(), inputs);
    if (!row.requirements.isEmpty()) {
      t.notify("deployment.waiting");
    }
    proceed(
        t, RuleProgress.advance(row, row.requirements.isEmpty(), effects.now), principal.name());
    t.write(false);
    return DeploymentViews.view(row, effects.now);
  }

  /**
   * Records a review. A rejection rejects the deployment; the approval that meets the last
   * requirement moves it on through its rules.
   *
   * @throws ApiException 404 when the caller may not read it, 403 {@code self_review} or {@code
   *     not_eligible}, 409 when already reviewed or no longer waiting, 400 for a rejection without
   *     a comment
   */
  public Deployment review(Principal principal, long id, ReviewDecision decision, String comment) {
    String text = RequestChecks.comment(comment);
    if (decision == ReviewDecision.REJECT && text.isBlank()) {
      throw new ApiException(400, "invalid_request", "a rejection needs a comment");
    }
    return transaction(
        effects -> {
          Transition t = lockReadable(effects, new Rights(effects.handle, principal), id);
          DeploymentRow row = t.row;
          if (principal.userId() == row.requesterId) {
            throw new ApiException(403, "self_review", "you may not review your own deployment");
          }
          if (!eligible(row, principal)) {
            throw new ApiException(
                403, "not_eligible", "you are not an eligible reviewer of deployment " + id);
          }
          if (row.reviews.stream().anyMatch(r -> r.userId() == principal.userId())) {
            throw new ApiException(409, "already_reviewed", "you reviewed deployment " + id);
          }
          requireState(row, DeploymentState.WAITING);
          if (row.bypassed) {
            throw new ApiException(
                409, "invalid_state", "deployment " + id + " was bypassed; reviews are closed");
          }
          StoredReview review =
              new StoredReview(principal.userId(), principal.name(), decision, text, effects.now);
          DeploymentStore.insertReview(effects.handle, id, review);
          List<StoredReview> reviews = new ArrayList<>(row.reviews);
          reviews.add(review);
          row.reviews = List.copyOf(reviews);
          t.event(
              "review", principal.name(), decision.wire() + (text.isEmpty() ? "" : ": " + text));
          t.audit(
              principal.name(),
              "deployment.review." + decision.wire(),
              text.isEmpty() ? Optional.empty() : Optional.of(text),
              Map.of());
          if (decision == ReviewDecision.REJECT) {
            t.moveTo(DeploymentState.REJECTED, principal.name(), text);
          } else {
            boolean met = DeploymentViews.quorum(row).met();
            proceed(t, RuleProgress.advance(row, met, effects.now), principal.name());
          }
          t.write(false);
          return DeploymentViews.view(row, effects.now);
        });
  }

  /**
   * Records the deployer's report: {@code in_progress}, {@code success}, {@code failure} or {@code
   * error}. Only the requester, deployers, maintainers and admins may report.
   */
  public Deployment status(
      Principal principal,
      long id,
      String state,
      Optional<String> logUrl,
      Optional<String> description) {
    DeploymentState next =
        DeploymentState.parse(state == null ? "" : state)
            .filter(s -> s == DeploymentState.IN_PROGRESS || (s.terminal() && isReport(s)))
            .orElseThrow(
                () ->
                    new ApiException(
                        400,
                        "invalid_request",
                        "field 'state' must be in_progress, success, failure or error"));
    logUrl.ifPresent(RequestChecks::checkLogUrl);
    description.ifPresent(d -> RequestChecks.checkLength("description", d, MAX_DESCRIPTION));
    return transaction(
        effects -> {
          Rights rights = new Rights(effects.handle, principal);
          Transition t = lockReadable(effects, rights, id);
          DeploymentRow row = t.row;
          if (principal.userId() != row.requesterId
              && !principal.admin()
              && !rights.has(row, Permission.DEPLOY)) {
            throw new ApiException(
                403, "forbidden", "you may not report the status of deployment " + id);
          }
          logUrl.ifPresent(u -> row.logUrl = u);
          description.ifPresent(d -> row.statusDescription = d);
          t.moveTo(next, principal.name(), description.orElse(""), "status", "deployment.status");
          t.write(false);
          return DeploymentViews.view(row, effects.now);
        });
  }

  private static boolean isReport(DeploymentState state) {
    return state == DeploymentState.SUCCESS
        || state == DeploymentState.FAILURE
        || state == DeploymentState.ERROR;
  }

  /** Cancels a deployment that is not finished; the requester, maintainers and admins may. */
  public Deployment cancel(Principal principal, long id, String comment) {
    String text = RequestChecks.comment(comment);
    return transaction(
        effects -> {
          Rights rights = new Rights(effects.handle, principal);
          Transition t = lockReadable(effects, rights, id);
          DeploymentRow row = t.row;
          if (principal.userId() != row.requesterId && !rights.has(row, Permission.MAINTAIN)) {
            throw new ApiException(403, "forbidden", "you may not cancel deployment " + id);
          }
          t.moveTo(DeploymentState.CANCELLED, principal.name(), text, "state", "deployment.cancel");
          t.write(false);
          return DeploymentViews.view(row, effects.now);
        });
  }

  /**
   * Bypasses the reviews, the wait timer and the gates of a waiting deployment; the lock still
   * applies. Only admins and maintainers, only where the environment allowed bypass when the
   * deployment was requested, and only with a comment.
   */
  public Deployment bypass(Principal principal, long id, String comment) {
    String text = RequestChecks.comment(comment);
    if (text.isBlank()) {
      throw new ApiException(400, "invalid_request", "a bypass needs a comment");
    }
    return transaction(
        effects -> {
          Rights rights = new Rights(effects.handle, principal);
          Transition t = lockReadable(effects, rights, id);
          DeploymentRow row = t.row;
          if (!rights.has(row, Permission.MAINTAIN)) {
            throw new ApiException(
                403, "forbidden", "only admins and maintainers may bypass deployment rules");
          }
          if (!row.rules.allowBypass()) {
            throw new ApiException(
                403, "bypass_not_allowed", "environment '" + row.environment + "' forbids bypass");
          }
          requireState(row, DeploymentState.WAITING);
          if (row.bypassed) {
            throw new ApiException(409, "invalid_state", "deployment " + id + " is bypassed");
          }
          row.bypassed = true;
          t.event("state", principal.name(), "bypassed: " + text);
          t.audit(principal.name(), "deployment.bypass", Optional.of(text), Map.of());
          proceed(t, RuleProgress.advance(row, true, effects.now), principal.name());
          t.write(false);
          return DeploymentViews.view(row, effects.now);
        });
  }

  /** A deployment the caller may read. */
  public Deployment get(Principal principal, long id) {
    return jdbi.withHandle(
        h -> {
          DeploymentRow row = readable(h, principal, id);
          return DeploymentViews.view(
              row, clock.instant(), DastGateResults.forDeployment(h, row.id));
        });
  }

  /**
   * The deployment, for its job: the API token that requested it, while it is {@code approved} or
   * {@code in_progress}. Its credentials (OIDC token, secrets, variables) are given on this basis.
   * The answer holds the deployment's identity, commit, images, requester, state and reviews; its
   * rule progress (pending rules, requirements, gates) and payload are left empty, since no
   * credential depends on them and their JSON is most of the cost of reading the row.
   *
   * @throws ApiException 404 {@code not_found} when it does not exist or the caller may not read
   *     it, 403 {@code not_deployment_job} when another token requested it (or none did), 409
   *     {@code deployment_not_active} when it is in another state (the message names it)
   */
  public Deployment forJob(Handle h, Principal principal, long id) {
    DeploymentRow row = DeploymentStore.readForJob(h, id).orElseThrow(() -> notFound(id));
    requireJob(h, principal, row, "receives its credentials");
    if (row.state != DeploymentState.APPROVED && row.state != DeploymentState.IN_PROGRESS) {
      throw new ApiException(
          409,
          "deployment_not_active",
          "deployment "
              + id
              + " is "
              + row.state.wire()
              + "; its credentials are given only while it is approved or in_progress");
    }
    return DeploymentViews.forJob(row);
  }

  /**
   * Takes the DAST report the deployment's job uploads for a {@code dast} gate in report mode,
   * while the deployment waits: judges it under the gate's rules, stores the result, records an
   * event and an audit entry, and makes the deployment due for a gate evaluation.
   *
   * @param gate the gate's name; may be empty when the deployment has one report gate
   * @throws ApiException 404 when the deployment does not exist or the caller may not read it, 403
   *     {@code not_deployment_job} when another token requested it, 409 {@code
   *     deployment_not_waiting} when it no longer waits, 422 {@code no_report_gate} when it has no
   *     such gate
   */
  public DastGateReports.Accepted dastReport(
      Principal principal, long id, Optional<String> gate, ScanReport report) {
    return transaction(
        effects -> {
          DeploymentRow row =
              DeploymentStore.lock(effects.handle, id).orElseThrow(() -> notFound(id));
          requireJob(effects.handle, principal, row, "uploads its DAST report");
          if (row.state != DeploymentState.WAITING) {
            throw new ApiException(
                409,
                "deployment_not_waiting",
                "deployment "
                    + id
                    + " is "
                    + row.state.wire()
                    + "; a DAST report is taken only while it waits for its gates");
          }
          DastGateReports.Accepted accepted =
              DastGateReports.accept(
                  effects.handle, id, row.rules.gates(), gate, report, effects.now);
          Transition t = new Transition(row, effects);
          String detail =
              "DAST report for gate "
                  + accepted.gate()
                  + ": "
                  + (accepted.pass() ? "pass" : "fail")
                  + " ("
                  + accepted.detail()
                  + ")";
          t.event("gate", principal.name(), detail);
          t.audit(
              principal.name(),
              "deployment.dast_report",
              Optional.empty(),
              Map.of("gate", accepted.gate(), "result", accepted.pass() ? "pass" : "fail"));
          if (row.gatesStartedAt != null) {
            row.nextCheckAt = effects.now;
            effects.nudgeProcessor = true;
          }
          t.write(false);
          return accepted;
        });
  }

  /**
   * Checks that {@code principal} is the job that requested the deployment: the API token it was
   * requested with.
   *
   * @param what what only the job may do, for the message
   */
  private void requireJob(Handle h, Principal principal, DeploymentRow row, String what) {
    long id = row.id;
    boolean job =
        row.jobTokenId != 0
            && principal.tokenId().isPresent()
            && principal.tokenId().getAsLong() == row.jobTokenId
            && principal.userId() == row.requesterId;
    if (!job) {
      DeploymentRow whole = DeploymentStore.read(h, id).orElseThrow(() -> notFound(id));
      if (!eligible(whole, principal) && !new Rights(h, principal).has(whole, Permission.READ)) {
        throw notFound(id);
      }
      throw new ApiException(
          403,
          "not_deployment_job",
          "only the job that requested deployment "
              + id
              + " (the API token it was requested with) "
              + what);
    }
  }

  /**
   * Deployments the caller may read, newest first.
   *
   * @param before only deployments with a smaller id (the previous page's {@code next})
   * @param limit 1 to 100
   */
  public DeploymentPage list(
      Principal principal,
      Optional<String> project,
      Optional<String> environment,
      Optional<DeploymentState> state,
      Optional<Long> before,
      int limit) {
    Optional<Collection<Long>> readable =
        principal.admin() ? Optional.empty() : Optional.of(access.readableProjects(principal));
    DeploymentStore.ListFilter filter =
        new DeploymentStore.ListFilter(project, environment, state, before, readable, limit);
    return jdbi.withHandle(
        h -> {
          List<DeploymentRow> rows = DeploymentStore.list(h, filter);
          Optional<Long> next = Optional.empty();
          if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = Optional.of(rows.get(limit - 1).id);
          }
          Instant now = clock.instant();
          List<Deployment> views = rows.stream().map(d -> DeploymentViews.view(d, now)).toList();
          return new DeploymentPage(views, next);
        });
  }

  /** The events of a deployment the caller may read after {@code afterSeq}, oldest first. */
  public List<DeploymentEvent> events(Principal principal, long id, long afterSeq, int limit) {
    return jdbi.withHandle(
        h -> {
          DeploymentStore.Audience audience =
              DeploymentStore.audience(h, id).orElseThrow(() -> notFound(id));
          if (!audience.eligible(principal.name())
              && !new Rights(h, principal).has(audience.projectId(), Permission.READ)) {
            throw notFound(id);
          }
          return DeploymentStore.events(h, id, afterSeq, limit);
        });
  }

  /**
   * The past deployments, for the {@code prior-environment} gate: when a deployment of this commit
   * with exactly these images (in any order) last succeeded in the named environment.
   */
  public static DeploymentHistory history(Jdbi jdbi) {
    return (projectId, environment, sha, images) -> {
      Set<String> wanted = new HashSet<>(images);
      return jdbi
          .withHandle(h -> DeploymentStore.successes(h, projectId, environment, sha))
          .stream()
          .filter(
              s -> s.images().size() == images.size() && new HashSet<>(s.images()).equals(wanted))
          .map(DeploymentStore.Success::at)
          .findFirst();
    };
  }

  /**
   * Makes a waiting deployment due for the processor now, e.g. when an asynchronous gate answered;
   * nothing happens to a deployment that is not waiting.
   */
  public void recheckNow(long deploymentId) {
    int changed =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE deployments SET next_check_at = :now"
                            + " WHERE id = :id AND state = 'waiting'")
                    .bind("id", deploymentId)
                    .bindByType("now", now(), Instant.class)
                    .execute());
    if (changed > 0) {
      processorNudge.run();
    }
  }

  // --- package-private: the processor and the routes ---

  DeploymentEventBus bus() {
    return bus;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  Clock clock() {
    return clock;
  }

  void onProcessorNudge(Runnable nudge) {
    this.processorNudge = nudge;
  }

  /** Reads a deployment the caller may read; 404 otherwise. */
  DeploymentRow readable(Handle h, Principal principal, long id) {
    DeploymentRow row = DeploymentStore.read(h, id).orElseThrow(() -> notFound(id));
    if (!eligible(row, principal) && !new Rights(h, principal).has(row, Permission.READ)) {
      throw notFound(id);
    }
    return row;
  }

  /**
   * Applies the processor's look at a waiting deployment: the rules at {@code now} and, when a
   * round was due, its gate results. Nothing happens when the deployment changed since the
   * processor read version {@code expectedVersion}; the lease is released either way.
   */
  void applyProcessed(
      long id,
      int expectedVersion,
      Optional<List<Deployment.GateStatus>> gateResults,
      String leaseOwner) {
    transaction(
        effects -> {
          Optional<DeploymentRow> locked = DeploymentStore.lock(effects.handle, id);
          if (locked.isEmpty()
              || locked.get().version != expectedVersion
              || locked.get().state != DeploymentState.WAITING) {
            DeploymentStore.release(effects.handle, id, leaseOwner);
            return null;
          }
          DeploymentRow row = locked.get();
          Transition t = new Transition(row, effects);
          boolean met = DeploymentViews.quorum(row).met();
          RuleProgress.Phase phase = RuleProgress.advance(row, met, effects.now);
          if (phase == RuleProgress.Phase.GATES_DUE && gateResults.isPresent()) {
            boolean passed = RuleProgress.recordRound(row, gateResults.get(), effects.now);
            t.event("gate", "system", roundDetail(row, passed));
            if (passed) {
              decideLock(t, "system");
            }
          } else {
            proceed(t, phase, "system");
          }
          t.write(true);
          return null;
        });
  }

  private static String roundDetail(DeploymentRow row, boolean passed) {
    StringBuilder detail = new StringBuilder("round " + row.gateRound + ": ");
    detail.append(passed ? "every gate passed" : "not every gate passed");
    for (Deployment.GateStatus g : row.gates) {
      detail.append("; ").append(g.name()).append(' ').append(g.status());
      if (!g.detail().isEmpty()) {
        detail.append(" (").append(g.detail()).append(')');
      }
    }
    return detail.toString();
  }

  // --- the rules ---

  private void proceed(Transition t, RuleProgress.Phase phase, String actor) {
    switch (phase) {
      case TIMED_OUT ->
          t.moveTo(
              DeploymentState.TIMED_OUT,
              "system",
              t.row.reviewsCompletedAt == null
                  ? "reviews took longer than " + t.row.rules.reviewTimeout()
                  : "gates did not all pass in time");
      case GATES_DUE -> t.effects.nudgeProcessor = true;
      case LOCK -> decideLock(t, actor);
      case REVIEWS, WAIT_TIMER, GATES -> {}
    }
  }

  /**
   * The last rule: the environment's lock, decided with the environment row locked so that two
   * deployments never both take it.
   */
  private void decideLock(Transition t, String actor) {
    DeploymentRow row = t.row;
    LockMode mode = row.rules.lock();
    if (mode != LockMode.NONE) {
      Handle h = t.handle();
      DeploymentStore.lockEnvironment(h, row.environmentId);
      if (mode == LockMode.LATEST) {
        for (DeploymentRow older : DeploymentStore.lockOlderWaiting(h, row.environmentId, row.id)) {
          Transition superseded = new Transition(older, t.effects);
          superseded.moveTo(
              DeploymentState.INACTIVE, "system", "superseded by deployment " + row.id);
          superseded.write(false);
        }
      }
      boolean blocked =
          DeploymentStore.lockHeld(h, row.environmentId, row.id)
              || (mode == LockMode.SEQUENTIAL
                  && DeploymentStore.olderReady(h, row.environmentId, row.id));
      if (blocked) {
        row.nextCheckAt = t.now().plus(RuleProgress.LOCK_RECHECK);
        return;
      }
    }
    t.moveTo(
        DeploymentState.APPROVED,
        actor,
        row.bypassed ? "approved: rules bypassed" : "approved: every rule passed");
  }

  // --- helpers ---

  private Transition lockReadable(Transition.Effects effects, Rights rights, long id) {
    DeploymentRow row = DeploymentStore.lock(effects.handle, id).orElseThrow(() -> notFound(id));
    if (!eligible(row, rights.principal) && !rights.has(row, Permission.READ)) {
      throw notFound(id);
    }
    return new Transition(row, effects);
  }

  /**
   * The caller's permissions in one project, read on the request's handle at most once per request,
   * however many checks need them.
   */
  private final class Rights {
    private final Handle handle;
    private final Principal principal;
    private long projectId = -1;
    private Set<Permission> held = Set.of();

    Rights(Handle handle, Principal principal) {
      this.handle = handle;
      this.principal = principal;
    }

    boolean has(DeploymentRow row, Permission permission) {
      return has(row.projectId, permission);
    }

    boolean has(long project, Permission permission) {
      if (principal.admin()) {
        return true;
      }
      if (project != projectId) {
        held = access.permissions(handle, principal, project);
        projectId = project;
      }
      return held.contains(permission);
    }
  }

  private static boolean eligible(DeploymentRow row, Principal principal) {
    return row.requirements.stream().anyMatch(r -> r.eligible().contains(principal.name()));
  }

  private static void requireState(DeploymentRow row, DeploymentState state) {
    if (row.state != state) {
      throw new ApiException(
          409,
          "invalid_state",
          "deployment " + row.id + " is " + row.state.wire() + ", not " + state.wire());
    }
  }

  private static ApiException notFound(long id) {
    return new ApiException(404, "not_found", "no deployment " + id);
  }

  private static String describe(List<ReviewRequirement> requirements) {
    List<String> unmet = new ArrayList<>();
    for (ReviewRequirement r : requirements) {
      unmet.add(r.name() + " needs " + r.minimum() + ", has " + r.eligible().size() + " eligible");
    }
    return String.join("; ", unmet);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private DeploymentRow newRow(
      Principal principal,
      DeploymentRequest request,
      Map<String, Object> payload,
      DeploymentTarget target,
      List<ReviewRequirement> requirements) {
    DeploymentRow row = new DeploymentRow();
    row.projectId = target.projectId();
    row.environmentId = target.environmentId();
    row.project = target.project();
    row.environment = target.environment();
    row.ref = request.ref();
    row.sha = request.sha();
    row.images = request.images() == null ? List.of() : List.copyOf(request.images());
    row.description = request.description() == null ? "" : request.description();
    row.payload = payload;
    row.requesterId = principal.userId();
    row.requester = principal.name();
    row.jobTokenId = principal.tokenId().orElse(0);
    row.rules = target.rules();
    row.requirements = requirements;
    Instant now = now();
    row.createdAt = now;
    row.updatedAt = now;
    return row;
  }

  // --- transactions ---

  /** One transaction, retried when the database reports a deadlock or serialization failure. */
  <T> T transaction(TransactionBody<T> body) {
    for (int attempt = 1; ; attempt++) {
      Transition.Effects[] done = new Transition.Effects[1];
      try {
        HandleCallback<T, RuntimeException> callback =
            h -> {
              Transition.Effects effects = new Transition.Effects(h, now(), audit, notifier);
              T result = body.run(effects);
              effects.finish();
              done[0] = effects;
              return result;
            };
        T result = jdbi.inTransaction(callback);
        afterCommit(done[0]);
        return result;
      } catch (JdbiException e) {
        if (attempt >= MAX_ATTEMPTS || !retryable(e)) {
          throw e;
        }
      }
    }
  }

  /** The work of one transaction. */
  @FunctionalInterface
  interface TransactionBody<T> {
    T run(Transition.Effects effects);
  }

  private void afterCommit(Transition.Effects effects) {
    if (effects == null) {
      return;
    }
    for (long id : effects.deploymentIds()) {
      bus.publish(id);
    }
    if (effects.nudgeProcessor) {
      processorNudge.run();
    }
  }

  private static boolean retryable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.equals("40001") || state.equals("40P01") || state.equals("HYT00")) {
          return true;
        }
      }
    }
    return false;
  }
}
