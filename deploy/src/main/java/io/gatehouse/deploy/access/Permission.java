package io.gatehouse.deploy.access;

/** What a principal may do with a project. */
public enum Permission {
  /** See the project, its environments and deployments. */
  READ,
  /** Request deployments. */
  DEPLOY,
  /** Change the environments' rules, delete environments, bypass where allowed. */
  MAINTAIN
}
