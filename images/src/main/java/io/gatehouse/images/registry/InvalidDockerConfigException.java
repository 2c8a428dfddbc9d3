package io.gatehouse.images.registry;

/** A {@code .dockerconfigjson} that cannot be used; the message names the source and the rule. */
public final class InvalidDockerConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidDockerConfigException(String source, String problem) {
    super("invalid docker config " + source + ": " + problem);
  }
}
