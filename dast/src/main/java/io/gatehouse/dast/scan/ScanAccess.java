package io.gatehouse.dast.scan;

import io.gatehouse.dast.auth.LoginForm;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the scan gets into the target beyond the headers of its settings.
 *
 * @param tls what HTTPS connections trust instead of the JDK's trust store (a private CA), if
 *     anything
 * @param login a login form the scan logs in through before it starts, and again when the session
 *     is lost
 */
public record ScanAccess(Optional<SSLContext> tls, Optional<LoginForm> login) {
  public ScanAccess {
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(login, "login");
  }

  /** The JDK's trust store and no login. */
  public static ScanAccess none() {
    return new ScanAccess(Optional.empty(), Optional.empty());
  }
}
