package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.gate.DastGateResult;
import io.gatehouse.deploy.review.Quorum;
import io.gatehouse.deploy.review.ReviewDecision;
import io.gatehouse.deploy.review.ReviewRequirement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the API's view of a deployment from its row and reviews. */
final class DeploymentViews {
  private DeploymentViews() {}

  /** A job's view: no rule progress and no payload (see {@link DeploymentService#forJob}). */
  static Deployment forJob(DeploymentRow row) {
    return deployment(row, Map.of(), List.of(), List.of(), List.of(), List.of());
  }

  static Deployment view(DeploymentRow row, Instant now) {
    return view(row, now, List.of());
  }

  /** The view of one deployment, with the results of its {@code dast} gates. */
  static Deployment view(DeploymentRow row, Instant now, List<DastGateResult> dast) {
    Quorum quorum = quorum(row);
    List<Deployment.Requirement> requirements = new ArrayList<>();
    for (int i = 0; i < row.requirements.size(); i++) {
      ReviewRequirement r = row.requirements.get(i);
      requirements.add(
          new Deployment.Requirement(r.name(), r.minimum(), r.eligible(), quorum.approvedBy(i)));
    }
    return deployment(
        row, row.payload, pending(row, quorum, now), List.copyOf(requirements), row.gates, dast);
  }

  private static Deployment deployment(
      DeploymentRow row,
      Map<String, Object> payload,
      List<Deployment.Pending> pending,
      List<Deployment.Requirement> requirements,
      List<Deployment.GateStatus> gates,
      List<DastGateResult> dast) {
    return new Deployment(
        row.id,
        row.project,
        row.environment,
        row.ref,
        row.sha,
        row.images,
        row.description,
        payload,
        row.requester,
        row.state.wire(),
        row.createdAt,
        row.updatedAt,
        pending,
        requirements,
        row.reviews.stream()
            .map(r -> new Deployment.Review(r.reviewer(), r.decision().wire(), r.comment(), r.at()))
            .toList(),
        Optional.ofNullable(row.waitUntil),
        gates,
        row.bypassed,
        Optional.ofNullable(row.logUrl),
        Optional.ofNullable(row.statusDescription),
        dast);
  }

  static Quorum quorum(DeploymentRow row) {
    return Quorum.evaluate(
        row.requirements,
        row.reviews.stream()
            .filter(r -> r.decision() == ReviewDecision.APPROVE)
            .map(StoredReview::reviewer)
            .toList());
  }

  private static List<Deployment.Pending> pending(DeploymentRow row, Quorum quorum, Instant now) {
    if (row.state != DeploymentState.WAITING) {
      return List.of();
    }
    if (!row.bypassed && row.reviewsCompletedAt == null) {
      return quorum.pending().stream().map(p -> new Deployment.Pending("reviewers", p)).toList();
    }
    if (row.readyAt != null) {
      return List.of(
          new Deployment.Pending("lock", "another deployment holds or goes first for the lock"));
    }
    if (row.waitUntil != null && now.isBefore(row.waitUntil)) {
      return List.of(new Deployment.Pending("wait_timer", "until " + row.waitUntil));
    }
    if (!row.rules.gates().isEmpty()) {
      return List.of(new Deployment.Pending("gates", gatesDetail(row)));
    }
    return List.of();
  }

  private static String gatesDetail(DeploymentRow row) {
    if (row.gateRound == 0) {
      return "first evaluation pending";
    }
    List<String> failing =
        row.gates.stream().filter(g -> !g.status().equals("pass")).map(g -> g.name()).toList();
    return "round " + row.gateRound + ": not passed: " + String.join(", ", failing);
  }
}
