package io.gatehouse.dast.triage;

import java.nio.file.Path;

/**
 * A rules file or baseline report that cannot be used: it names the file, the place in it (a path
 * such as {@code rules[2].action}, or a line and column) and what was expected. The message never
 * quotes more than a short excerpt of the file.
 */
public final class InvalidTriageFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String where;
  private final String reason;

  InvalidTriageFileException(String kind, Path file, String where, String reason) {
    super(kind + " " + file + (where.isEmpty() ? "" : ": " + where) + ": " + reason);
    this.file = file;
    this.where = where;
    this.reason = reason;
  }

  InvalidTriageFileException(String kind, Path file, String where, String reason, Throwable e) {
    this(kind, file, where, reason);
    initCause(e);
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The place in the file, empty for the whole file. */
  public String where() {
    return where;
  }

  /** What is wrong. */
  public String reason() {
    return reason;
  }
}
