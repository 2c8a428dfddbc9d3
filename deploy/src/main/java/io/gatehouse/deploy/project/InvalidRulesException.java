package io.gatehouse.deploy.project;

import java.io.Serial;

/** Environment rules, or a part of them, that are not valid; names where and why. */
public final class InvalidRulesException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String path;
  private final String reason;

  /**
   * @param path where in the rules, e.g. {@code gates[1].parameters.url}
   * @param reason what is wrong and what was expected
   */
  public InvalidRulesException(String path, String reason) {
    super(path.isEmpty() ? reason : path + ": " + reason);
    this.path = path;
    this.reason = reason;
  }

  /** Where in the rules. */
  public String path() {
    return path;
  }

  /** What is wrong. */
  public String reason() {
    return reason;
  }
}
