package io.gatehouse.deploy.project;

/** How an environment limits deployments in progress. */
public enum LockMode {
  /** No limit: any number of deployments may be approved or in progress at once. */
  NONE,
  /** One at a time; the others wait, oldest first. */
  SEQUENTIAL,
  /** One at a time; a newer deployment that is ready supersedes every older waiting one. */
  LATEST
}
