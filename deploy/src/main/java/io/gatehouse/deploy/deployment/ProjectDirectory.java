package io.gatehouse.deploy.deployment;

import java.util.Collection;
import java.util.Optional;

/** Where deployments look up projects, environments and team members. */
public interface ProjectDirectory {
  /** The environment of a project, by names; empty when either does not exist. */
  Optional<DeploymentTarget> target(String project, String environment);

  /** The names of a team's members; empty for an unknown team. */
  Collection<String> teamMembers(String team);
}
