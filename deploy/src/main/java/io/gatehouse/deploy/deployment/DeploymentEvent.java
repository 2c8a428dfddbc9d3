package io.gatehouse.deploy.deployment;

import java.time.Instant;

/**
 * One thing that happened to a deployment; the events of a deployment are numbered from 1.
 *
 * @param seq the event's number within the deployment
 * @param deploymentId the deployment
 * @param type {@code created}, {@code review}, {@code state}, {@code status} or {@code gate}
 * @param state the deployment's state after the event
 * @param actor who caused it, or {@code system}
 * @param at when
 * @param detail what happened
 */
public record DeploymentEvent(
    long seq,
    long deploymentId,
    String type,
    String state,
    String actor,
    Instant at,
    String detail) {}
