package io.gatehouse.deploy.oidc;

/**
 * How private signing keys are kept at rest: sealed by the master key, bound to a context naming
 * the key ({@code signing-key:<kid>}), so that a sealed key copied to another row does not open.
 */
public interface KeySeal {
  /** Seals the key's bytes. */
  String seal(byte[] privateKey, String context);

  /**
   * Opens a sealed key.
   *
   * @throws RuntimeException when no known master key opens it or it was tampered with
   */
  byte[] open(String sealed, String context);
}
