package io.gatehouse.deploy.gate;

import io.gatehouse.deploy.project.GateSpec;
import java.time.Instant;

/**
 * One evaluation of one gate.
 *
 * @param deployment the deployment checked
 * @param projectId the project's database id
 * @param spec the gate as declared
 * @param round the evaluation round of the deployment's gates phase, from 1
 * @param now the time of the evaluation
 */
public record GateContext(
    GateDeployment deployment, long projectId, GateSpec spec, int round, Instant now) {}
