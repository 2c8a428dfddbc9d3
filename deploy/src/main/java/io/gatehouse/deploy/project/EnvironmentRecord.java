package io.gatehouse.deploy.project;

/**
 * An environment as stored.
 *
 * @param id the database id
 * @param projectId the project's id
 * @param name the name, in the case it was written
 * @param rules its protection rules
 * @param version counts the changes of the rules, from 1
 */
public record EnvironmentRecord(
    long id, long projectId, String name, EnvironmentRules rules, int version) {}
