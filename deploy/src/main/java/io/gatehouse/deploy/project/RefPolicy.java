package io.gatehouse.deploy.project;

/** Which Git refs may be deployed to an environment. */
public enum RefPolicy {
  /** Any branch or tag. */
  ANY,
  /** Only branches the project declares protected. */
  PROTECTED_BRANCHES,
  /** Branches and tags matching the environment's name patterns. */
  PATTERNS
}
