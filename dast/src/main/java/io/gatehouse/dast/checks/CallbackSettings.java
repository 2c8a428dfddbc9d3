package io.gatehouse.dast.checks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the scan's out-of-band callback listener listens and the URL targets are told to call. By
 * default it listens on loopback at a free port and is called at that address; behind NAT or in a
 * cluster, {@link #reachableAt} names an address the target can reach.
 */
public final class CallbackSettings {
  private static final CallbackSettings OFF =
      new CallbackSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "", false);

  private final InetSocketAddress bind;
  private final String advertised;
  private final boolean enabled;

  private CallbackSettings(InetSocketAddress bind, String advertised, boolean enabled) {
    this.bind = bind;
    this.advertised = advertised;
    this.enabled = enabled;
  }

  /** No listener: the out-of-band checks (SSRF, XXE) do not run. */
  public static CallbackSettings off() {
    return OFF;
  }

  /** Whether the scan starts a listener and runs the out-of-band checks. */
  public boolean enabled() {
    return enabled;
  }

  /** A listener on loopback at a free port, called at its own address. */
  public static CallbackSettings loopback() {
    return new CallbackSettings(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "", true);
  }

  /**
   * A listener on every interface at the port of {@code url} (80 when it has none), which targets
   * call at {@code url}.
   *
   * @throws IllegalArgumentException when {@code url} is not an absolute {@code http} URL with a
   *     host
   */
  public static CallbackSettings reachableAt(URI url) {
    Objects.requireNonNull(url, "url");
    int port = url.getPort() == -1 ? 80 : url.getPort();
    return reachableAt(url, new InetSocketAddress(port));
  }

  /**
   * A listener bound to {@code bind}, which targets call at {@code url} (a proxy or a port mapping
   * may stand between them).
   *
   * @throws IllegalArgumentException when {@code url} is not an absolute {@code http} URL with a
   *     host
   */
  public static CallbackSettings reachableAt(URI url, InetSocketAddress bind) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(bind, "bind");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") || url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "the callback URL must be an absolute http URL with a host: " + url);
    }
    String base = url.toString();
    return new CallbackSettings(
        bind, base.endsWith("/") ? base.substring(0, base.length() - 1) : base, true);
  }

  /** The address the listener binds. */
  public InetSocketAddress bind() {
    return bind;
  }

  /** The base URL targets call, or empty to use the listener's bound address. */
  String advertised() {
    return advertised;
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "off";
    }
    return advertised.isEmpty() ? "listen on " + bind : advertised + " (listen on " + bind + ")";
  }
}
