package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.access.Principal;
import java.util.Collection;

/** Who may do what in a project; admins may do everything. */
public interface DeploymentAccess {
  /** Whether the user may see the project and its deployments. */
  boolean canRead(Principal principal, long projectId);

  /** Whether the user may request deployments and report their status (deployers and up). */
  boolean canDeploy(Principal principal, long projectId);

  /** Whether the user maintains the project (maintainers and admins). */
  boolean canMaintain(Principal principal, long projectId);

  /** The ids of the projects the user may read (for an admin, any answer: admins read all). */
  Collection<Long> readableProjects(Principal principal);
}
