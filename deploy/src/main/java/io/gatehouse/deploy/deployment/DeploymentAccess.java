package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.access.Permission;
import io.gatehouse.deploy.access.Principal;
import java.util.Collection;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Who may do what in a project; admins may do everything. */
public interface DeploymentAccess {
  /**
   * Everything the user may do in the project, read on the caller's handle (inside its
   * transaction): {@code READ} to see it and its deployments, {@code DEPLOY} to request deployments
   * and report their status, {@code MAINTAIN} for maintainers. An admin holds every permission.
   */
  Set<Permission> permissions(Handle handle, Principal principal, long projectId);

  /** The ids of the projects the user may read (for an admin, any answer: admins read all). */
  Collection<Long> readableProjects(Principal principal);
}
