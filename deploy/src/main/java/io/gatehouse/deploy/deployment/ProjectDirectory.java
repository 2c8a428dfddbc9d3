package io.gatehouse.deploy.deployment;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Where deployments look up projects, environments and team members, on the caller's handle. */
public interface ProjectDirectory {
  /** The environment of a project, by names; empty when either does not exist. */
  Optional<DeploymentTarget> target(Handle handle, String project, String environment);

  /**
   * The names of the members of each of these teams, in one lookup; an unknown team is missing from
   * the answer or maps to an empty list.
   */
  Map<String, List<String>> teamMembers(Handle handle, Collection<String> teams);
}
