package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.gate.DastGateResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment as the API shows it.
 *
 * @param id the deployment's id
 * @param project the project's name
 * @param environment the environment's name
 * @param ref the fully qualified Git ref
 * @param sha the commit, 40 or 64 lower-case hex digits
 * @param images the image references
 * @param description the requester's description
 * @param payload the requester's free-form JSON object
 * @param requester who asked for it
 * @param state the state's wire form
 * @param createdAt when it was requested
 * @param updatedAt when it last changed
 * @param pending the rules still pending, in rule order; empty unless waiting
 * @param requirements the reviewer requirements fixed at request time and who met them
 * @param reviews every review, oldest first
 * @param waitUntil when the wait timer ends, once it started
 * @param gates the last evaluation of each gate
 * @param bypassed whether an admin or maintainer bypassed the rules
 * @param logUrl the deployer's log, once reported
 * @param statusDescription the deployer's last description, once reported
 * @param dast the latest result of each {@code dast} gate, with its findings; only in the answer
 *     for one deployment, empty in lists, events and notifications
 */
public record Deployment(
    long id,
    String project,
    String environment,
    String ref,
    String sha,
    List<String> images,
    String description,
    Map<String, Object> payload,
    String requester,
    String state,
    Instant createdAt,
    Instant updatedAt,
    List<Pending> pending,
    List<Requirement> requirements,
    List<Review> reviews,
    Optional<Instant> waitUntil,
    List<GateStatus> gates,
    boolean bypassed,
    Optional<String> logUrl,
    Optional<String> statusDescription,
    List<DastGateResult> dast) {

  /**
   * A rule still pending.
   *
   * @param rule {@code reviewers}, {@code wait_timer}, {@code gates} or {@code lock}
   * @param detail what it waits for
   */
  public record Pending(String rule, String detail) {}

  /**
   * A reviewer requirement and who met it.
   *
   * @param name e.g. {@code team security}
   * @param minimum approvals needed
   * @param eligible who may approve
   * @param approvedBy who approved toward it
   */
  public record Requirement(
      String name, int minimum, List<String> eligible, List<String> approvedBy) {}

  /**
   * One review.
   *
   * @param reviewer who reviewed
   * @param decision {@code approve} or {@code reject}
   * @param comment the reviewer's comment
   * @param at when
   */
  public record Review(String reviewer, String decision, String comment, Instant at) {}

  /**
   * The last evaluation of a gate.
   *
   * @param name the gate's name
   * @param type the gate's type
   * @param status {@code pass}, {@code fail} or {@code pending}
   * @param detail why
   * @param evaluatedAt when
   */
  public record GateStatus(
      String name, String type, String status, String detail, Instant evaluatedAt) {}
}
