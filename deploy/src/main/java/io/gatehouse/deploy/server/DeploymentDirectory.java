package io.gatehouse.deploy.server;

import io.gatehouse.deploy.access.Access;
import io.gatehouse.deploy.access.Permission;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.deployment.DeploymentAccess;
import io.gatehouse.deploy.deployment.DeploymentTarget;
import io.gatehouse.deploy.deployment.ProjectDirectory;
import io.gatehouse.deploy.deployment.RefCheck;
import io.gatehouse.deploy.project.ProjectRef;
import io.gatehouse.deploy.project.Projects;
import io.gatehouse.deploy.project.RefRules;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What the deployments need of access and projects: environments by name, team members, the
 * caller's rights in a project and the ref rule, answered from the access and project services on
 * the deployment's own handle, so that a request needs one connection.
 */
final class DeploymentDirectory implements ProjectDirectory, DeploymentAccess, RefCheck {
  private final Jdbi jdbi;
  private final Access access;
  private final Projects projects;

  DeploymentDirectory(Jdbi jdbi, Access access, Projects projects) {
    this.jdbi = jdbi;
    this.access = access;
    this.projects = projects;
  }

  @Override
  public Optional<DeploymentTarget> target(Handle handle, String project, String environment) {
    return access
        .project(handle, project)
        .flatMap(
            found ->
                access
                    .environment(handle, found.id(), environment)
                    .map(
                        env ->
                            new DeploymentTarget(
                                found.id(),
                                found.name(),
                                env.id(),
                                env.name(),
                                env.rules(),
                                found.protectedBranches())));
  }

  @Override
  public Map<String, List<String>> teamMembers(Handle handle, Collection<String> teams) {
    return access.teamMembers(handle, teams);
  }

  @Override
  public Set<Permission> permissions(Handle handle, Principal principal, long projectId) {
    return access.permissions(handle, principal, projectId);
  }

  @Override
  public Collection<Long> readableProjects(Principal principal) {
    return jdbi.withHandle(
        handle ->
            access.readable(handle, principal, projects.list(handle)).stream()
                .map(ProjectRef::id)
                .toList());
  }

  @Override
  public Optional<String> refusal(DeploymentTarget target, String ref) {
    return RefRules.check(target.rules().deploymentRefs(), target.protectedBranches(), ref)
        .reason();
  }
}
