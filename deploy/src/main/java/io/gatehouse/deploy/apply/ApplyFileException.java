package io.gatehouse.deploy.apply;

import java.io.Serial;

/**
 * A {@code gatehouse.yaml} that cannot be applied: names the file, the path inside it (for example
 * {@code projects[0].environments[1].waitMinutes}) and the reason. Nothing is changed by a document
 * that raises this.
 */
public final class ApplyFileException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String file;
  private final String path;
  private final String reason;

  /** A document {@code file} that is wrong at {@code path} for {@code reason}. */
  public ApplyFileException(String file, String path, String reason) {
    super(file + (path.isEmpty() ? "" : ": " + path) + ": " + reason);
    this.file = file;
    this.path = path;
    this.reason = reason;
  }

  /** The file as named to the reader. */
  public String file() {
    return file;
  }

  /** The path of the offending value; empty when the document as a whole is at fault. */
  public String path() {
    return path;
  }

  /** What is wrong and what was expected. */
  public String reason() {
    return reason;
  }
}
