package io.gatehouse.deploy.gate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a gate knows of the deployment it checks; the {@code http} gate sends it as JSON.
 *
 * @param id the deployment's id
 * @param project the project's name
 * @param environment the environment's name
 * @param ref the fully qualified Git ref
 * @param sha the commit
 * @param images the image references
 * @param requester who asked for the deployment
 * @param description the requester's description
 * @param payload the requester's free-form payload
 * @param createdAt when it was requested
 */
public record GateDeployment(
    long id,
    String project,
    String environment,
    String ref,
    String sha,
    List<String> images,
    String requester,
    String description,
    Map<String, Object> payload,
    Instant createdAt) {}
