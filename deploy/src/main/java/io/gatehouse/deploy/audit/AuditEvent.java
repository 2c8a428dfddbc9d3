package io.gatehouse.deploy.audit;

import java.util.Map;
import java.util.Optional;

/**
 * One thing that happened, as the audit log records it.
 *
 * @param actor the user who did it, or {@code system} for the server itself
 * @param action what was done, e.g. {@code deployment.review.approve}
 * @param subject what it was done to, e.g. {@code deployment/42}
 * @param project the project it belongs to, if any
 * @param reason the comment or reason given, if any
 * @param inputs the inputs of the action, a JSON-like tree
 */
public record AuditEvent(
    String actor,
    String action,
    String subject,
    Optional<String> project,
    Optional<String> reason,
    Map<String, Object> inputs) {}
