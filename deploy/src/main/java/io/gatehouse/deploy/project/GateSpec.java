package io.gatehouse.deploy.project;

import java.time.Duration;
import java.util.Map;

/**
 * One automated gate of an environment, as declared.
 *
 * @param name the gate's name, unique in the environment
 * @param type the gate type: {@code http}, {@code prior-environment}, {@code window}, {@code
 *     image-policy}, {@code dast}
 * @param delay how long after the gates phase starts the first evaluation happens
 * @param interval how long between two evaluations
 * @param timeout how long the gates may take in all before the deployment times out
 * @param parameters the type's parameters, a JSON-like tree
 */
public record GateSpec(
    String name,
    String type,
    Duration delay,
    Duration interval,
    Duration timeout,
    Map<String, Object> parameters) {}
