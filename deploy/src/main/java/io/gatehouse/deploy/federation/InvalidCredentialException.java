package io.gatehouse.deploy.federation;

import java.io.Serial;

/** A federated credential declared with an invalid value: names the field and the reason. */
public final class InvalidCredentialException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String field;
  private final String reason;

  /**
   * The value of {@code field} (empty for the credential as a whole) is wrong for {@code reason}.
   */
  public InvalidCredentialException(String field, String reason) {
    super((field.isEmpty() ? "" : field + ": ") + reason);
    this.field = field;
    this.reason = reason;
  }

  /** The field at fault, e.g. {@code issuer} or {@code claims.ref}; empty for the whole. */
  public String field() {
    return field;
  }

  /** What is wrong and what was expected. */
  public String reason() {
    return reason;
  }
}
