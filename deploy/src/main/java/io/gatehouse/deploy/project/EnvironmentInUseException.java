package io.gatehouse.deploy.project;

import java.io.Serial;

/** An environment cannot be deleted while deployments to it are still under way. */
public final class EnvironmentInUseException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String environment;

  /** The environment {@code environment} has {@code active} deployments under way. */
  public EnvironmentInUseException(String environment, long active) {
    super(
        "environment "
            + environment
            + " has "
            + active
            + " deployment(s) waiting, approved or in progress; finish or cancel them first");
    this.environment = environment;
  }

  /** The environment's name. */
  public String environment() {
    return environment;
  }
}
