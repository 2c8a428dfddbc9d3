package io.gatehouse.deploy.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that happened, as the audit log records it.
 *
 * <p>The inputs are recorded as they are given: never put a token, password, webhook secret or any
 * other credential in them. String values longer than 4 KiB are cut, with a marker, when appended.
 *
 * @param actor the user who did it, or {@code system} for the server itself; 1 to 255 characters
 * @param action what was done, e.g. {@code deployment.review.approve}; 1 to 255 characters
 * @param subject what it was done to, e.g. {@code deployment/42}; 1 to 1000 characters. It also
 *     chooses the chain, so that every entry about one subject lands in one chain, in order.
 * @param project the project it belongs to, if any; at most 255 characters
 * @param reason the comment or reason given, if any; cut at 4 KiB when appended
 * @param inputs the inputs of the action, a JSON-like tree (maps, lists, strings, numbers,
 *     booleans, records); {@code null} values are kept as JSON {@code null}
 */
public record AuditEvent(
    String actor,
    String action,
    String subject,
    Optional<String> project,
    Optional<String> reason,
    Map<String, Object> inputs) {
  static final int MAX_NAME = 255;
  static final int MAX_SUBJECT = 1000;

  /** Checks the sizes and copies the inputs. */
  public AuditEvent {
    requireText("actor", actor, MAX_NAME);
    requireText("action", action, MAX_NAME);
    requireText("subject", subject, MAX_SUBJECT);
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(reason, "reason");
    project.ifPresent(p -> requireText("project", p, MAX_NAME));
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inputs)));
  }

  /** An event without project, reason or inputs. */
  public static AuditEvent of(String actor, String action, String subject) {
    return new AuditEvent(actor, action, subject, Optional.empty(), Optional.empty(), Map.of());
  }

  /** This event with a project. */
  public AuditEvent withProject(String name) {
    return new AuditEvent(actor, action, subject, Optional.of(name), reason, inputs);
  }

  /** This event with a reason. */
  public AuditEvent withReason(String text) {
    return new AuditEvent(actor, action, subject, project, Optional.of(text), inputs);
  }

  /** This event with these inputs. */
  public AuditEvent withInputs(Map<String, Object> values) {
    return new AuditEvent(actor, action, subject, project, reason, values);
  }

  private static void requireText(String field, String value, int max) {
    Objects.requireNonNull(value, field);
    if (value.isBlank() || value.length() > max) {
      throw new IllegalArgumentException(
          "audit " + field + " must have 1 to " + max + " characters: " + value.length());
    }
  }
}
