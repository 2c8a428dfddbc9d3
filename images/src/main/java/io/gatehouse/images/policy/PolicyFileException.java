package io.gatehouse.images.policy;

import java.io.Serial;

/**
 * A policy file that cannot be used: the message names the file, the path inside it (for example
 * {@code images.namespaces[1].selector.matchLabels}) and the reason. Nothing is built from a file
 * that raises this.
 */
public final class PolicyFileException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  private final String file;
  private final String path;
  private final String reason;

  PolicyFileException(String file, String path, String reason) {
    this(file, path, reason, null);
  }

  PolicyFileException(String file, String path, String reason, Throwable cause) {
    super(file + (path.isEmpty() ? "" : ": " + path) + ": " + reason, cause);
    this.file = file;
    this.path = path;
    this.reason = reason;
  }

  /** The file, as it was named to the reader ({@code <string>} for text given directly). */
  public String file() {
    return file;
  }

  /** The path of the offending value in the file; empty when the file as a whole is at fault. */
  public String path() {
    return path;
  }

  /** What is wrong and what was expected. */
  public String reason() {
    return reason;
  }
}
