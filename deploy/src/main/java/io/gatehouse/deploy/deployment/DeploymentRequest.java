package io.gatehouse.deploy.deployment;

import java.util.List;
import java.util.Map;

/**
 * A request for a deployment, as the API reads it; absent optional fields are {@code null} only
 * while the JSON is read and are checked by {@link DeploymentService#create}.
 *
 * @param project the project's name
 * @param environment the environment's name
 * @param ref {@code refs/heads/…} or {@code refs/tags/…}
 * @param sha the commit, 40 or 64 lower-case hex digits
 * @param images up to 100 image references
 * @param description up to 1000 characters
 * @param payload a JSON object of up to 64 KiB
 */
public record DeploymentRequest(
    String project,
    String environment,
    String ref,
    String sha,
    List<String> images,
    String description,
    Map<String, Object> payload) {}
