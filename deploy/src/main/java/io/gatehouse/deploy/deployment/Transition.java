package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.audit.AuditEvent;
import io.gatehouse.deploy.audit.AuditLog;
import io.gatehouse.deploy.notify.Notifier;
import io.gatehouse.deploy.project.LockMode;
import io.gatehouse.deploy.server.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The changes to one deployment row inside one transaction: events numbered in order, the audit
 * entries and notifications of each state change, and the version check when the row is written.
 */
final class Transition {
  /** What one transaction did, shared by the transitions of every row it changed. */
  static final class Effects {
    final Handle handle;
    final Instant now;
    final AuditLog audit;
    final Notifier notifier;
    final List<DeploymentEvent> events = new ArrayList<>();
    final List<AuditEvent> auditEvents = new ArrayList<>();
    final Set<Long> wakeEnvironments = new LinkedHashSet<>();
    boolean nudgeProcessor;

    Effects(Handle handle, Instant now, AuditLog audit, Notifier notifier) {
      this.handle = handle;
      this.now = now;
      this.audit = audit;
      this.notifier = notifier;
    }

    /**
     * Writes the events, wakes the deployments waiting for a released lock and appends the audit
     * entries, last and all at once, so that an audit chain's head stays locked only from there to
     * the commit.
     */
    void finish() {
      DeploymentStore.insertEvents(handle, events);
      for (long environment : wakeEnvironments) {
        if (DeploymentStore.wakeLockWaiters(handle, environment, now) > 0) {
          nudgeProcessor = true;
        }
      }
      if (!auditEvents.isEmpty()) {
        audit.appendAll(handle, auditEvents);
      }
    }

    Set<Long> deploymentIds() {
      Set<Long> ids = new LinkedHashSet<>();
      events.forEach(e -> ids.add(e.deploymentId()));
      return ids;
    }
  }

  final DeploymentRow row;
  final Effects effects;
  private final int originalVersion;
  private final boolean fresh;

  /** The changes to a stored deployment. */
  Transition(DeploymentRow row, Effects effects) {
    this(row, effects, false);
  }

  private Transition(DeploymentRow row, Effects effects, boolean fresh) {
    this.row = row;
    this.effects = effects;
    this.originalVersion = fresh ? 0 : row.version;
    this.fresh = fresh;
  }

  /** The request of a new deployment, written once when {@link #write} is called. */
  static Transition fresh(DeploymentRow row, Effects effects) {
    return new Transition(row, effects, true);
  }

  Handle handle() {
    return effects.handle;
  }

  Instant now() {
    return effects.now;
  }

  /** Records an event with the row's current state. */
  void event(String type, String actor, String detail) {
    row.eventSeq++;
    effects.events.add(
        new DeploymentEvent(
            row.eventSeq, row.id, type, row.state.wire(), actor, effects.now, detail));
  }

  /** Appends an audit entry about this deployment. */
  void audit(String actor, String action, Optional<String> reason, Map<String, Object> inputs) {
    effects.auditEvents.add(
        new AuditEvent(
            actor, action, "deployment/" + row.id, Optional.of(row.project), reason, inputs));
  }

  /** Sends the project's webhooks an event about this deployment. */
  void notify(String event) {
    if (!row.webhooks) {
      return;
    }
    effects.notifier.enqueue(
        effects.handle, row.projectId, event, DeploymentViews.view(row, effects.now));
  }

  /** Moves to a state, audited as a state change. */
  void moveTo(DeploymentState next, String actor, String detail) {
    moveTo(next, actor, detail, "state", "deployment.state");
  }

  /**
   * Moves to a state: checks the move, records the event, the audit entry and the notification.
   *
   * @throws ApiException 409 when the state machine does not allow the move
   */
  void moveTo(
      DeploymentState next, String actor, String detail, String eventType, String auditAction) {
    DeploymentState from = row.state;
    if (!from.canMoveTo(next)) {
      throw new ApiException(
          409,
          "invalid_state",
          "deployment " + row.id + " is " + from.wire() + ", not " + allowedFrom(next));
    }
    row.state = next;
    if (next.terminal()) {
      row.finishedAt = effects.now;
      row.nextCheckAt = null;
      if (next == DeploymentState.SUCCESS) {
        row.succeededAt = effects.now;
      }
      if (row.rules.lock() != LockMode.NONE) {
        effects.wakeEnvironments.add(row.environmentId);
      }
    } else if (next != DeploymentState.WAITING) {
      row.nextCheckAt = null;
    }
    event(eventType, actor, detail);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("from", from.wire());
    inputs.put("to", next.wire());
    audit(actor, auditAction, detail.isEmpty() ? Optional.empty() : Optional.of(detail), inputs);
    notification(next).ifPresent(this::notify);
  }

  private static String allowedFrom(DeploymentState next) {
    return switch (next) {
      case IN_PROGRESS -> "approved";
      case SUCCESS, FAILURE, ERROR -> "approved or in_progress";
      case CANCELLED -> "waiting, approved or in_progress";
      default -> "waiting";
    };
  }

  private static Optional<String> notification(DeploymentState state) {
    return switch (state) {
      case APPROVED, REJECTED, TIMED_OUT, SUCCESS, FAILURE, ERROR, CANCELLED ->
          Optional.of("deployment." + state.wire());
      default -> Optional.empty();
    };
  }

  /** Writes the row, checking that nobody changed it since it was read. */
  void write(boolean releaseLease) {
    row.updatedAt = effects.now;
    if (fresh) {
      DeploymentStore.insert(effects.handle, row);
    } else if (!DeploymentStore.update(effects.handle, row, originalVersion, releaseLease)) {
      throw new ApiException(
          409, "conflict", "deployment " + row.id + " changed at the same time; try again");
    }
    row.version = originalVersion + 1;
  }
}
