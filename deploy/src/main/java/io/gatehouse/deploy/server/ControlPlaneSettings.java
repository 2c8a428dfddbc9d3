package io.gatehouse.deploy.server;

import io.gatehouse.deploy.federation.FederationSettings;
import io.gatehouse.deploy.keys.MasterKeys;
import io.gatehouse.deploy.oidc.IssuerSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the control plane's services run inside {@code gatehouse server}.
 *
 * @param bootstrapAdminToken the token of the first admin, created when the database has no user
 *     yet; empty to generate one and print it once
 * @param publicUrl the URL clients and gates reach this server at, for callback links; empty to use
 *     the listening address
 * @param workerInterval how often the background workers look for due work
 * @param leaseDuration how long a replica may hold a deployment it processes before another replica
 *     may take it over
 * @param demo whether to seed the demonstration project and print a fresh token for each of its
 *     users
 * @param issuerUrl the {@code iss} of the OIDC tokens this server issues, as relying parties reach
 *     its discovery document; empty to use the public URL
 * @param masterKeys the keys that seal secrets and signing keys in the database
 * @param federation how token exchange fetches remote issuers and what it hands out
 * @param issuer how the OIDC issuer's signing keys rotate
 */
public record ControlPlaneSettings(
    Optional<String> bootstrapAdminToken,
    Optional<URI> publicUrl,
    Duration workerInterval,
    Duration leaseDuration,
    boolean demo,
    Optional<URI> issuerUrl,
    MasterKeys masterKeys,
    FederationSettings federation,
    IssuerSettings issuer) {
  /**
   * The defaults: a generated admin token, a 1 s worker interval, 30 s leases, no demo, the issuer
   * at the public URL, and this process's random master key ({@link MasterKeys#forThisProcess}),
   * which no other process can use: a real server is given its keys.
   */
  public static ControlPlaneSettings defaults() {
    return new ControlPlaneSettings(
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        false,
        Optional.empty(),
        MasterKeys.forThisProcess(),
        FederationSettings.defaults(),
        IssuerSettings.defaults());
  }

  /** These settings with a known bootstrap admin token. */
  public ControlPlaneSettings withBootstrapAdminToken(String token) {
    return new ControlPlaneSettings(
        Optional.of(token),
        publicUrl,
        workerInterval,
        leaseDuration,
        demo,
        issuerUrl,
        masterKeys,
        federation,
        issuer);
  }

  /** These settings with another public URL. */
  public ControlPlaneSettings withPublicUrl(URI url) {
    return new ControlPlaneSettings(
        bootstrapAdminToken,
        Optional.of(url),
        workerInterval,
        leaseDuration,
        demo,
        issuerUrl,
        masterKeys,
        federation,
        issuer);
  }

  /** These settings with other worker timings. */
  public ControlPlaneSettings withTimings(Duration interval, Duration lease) {
    return new ControlPlaneSettings(
        bootstrapAdminToken,
        publicUrl,
        interval,
        lease,
        demo,
        issuerUrl,
        masterKeys,
        federation,
        issuer);
  }

  /** These settings with or without the demonstration seed. */
  public ControlPlaneSettings withDemo(boolean seed) {
    return new ControlPlaneSettings(
        bootstrapAdminToken,
        publicUrl,
        workerInterval,
        leaseDuration,
        seed,
        issuerUrl,
        masterKeys,
        federation,
        issuer);
  }

  /** These settings with another OIDC issuer URL. */
  public ControlPlaneSettings withIssuerUrl(URI url) {
    return new ControlPlaneSettings(
        bootstrapAdminToken,
        publicUrl,
        workerInterval,
        leaseDuration,
        demo,
        Optional.of(url),
        masterKeys,
        federation,
        issuer);
  }

  /** These settings with other master keys. */
  public ControlPlaneSettings withMasterKeys(MasterKeys keys) {
    return new ControlPlaneSettings(
        bootstrapAdminToken,
        publicUrl,
        workerInterval,
        leaseDuration,
        demo,
        issuerUrl,
        keys,
        federation,
        issuer);
  }

  /** These settings with other token exchange settings. */
  public ControlPlaneSettings withFederation(FederationSettings settings) {
    return new ControlPlaneSettings(
        bootstrapAdminToken,
        publicUrl,
        workerInterval,
        leaseDuration,
        demo,
        issuerUrl,
        masterKeys,
        settings,
        issuer);
  }

  /** These settings with other signing key settings. */
  public ControlPlaneSettings withIssuer(IssuerSettings settings) {
    return new ControlPlaneSettings(
        bootstrapAdminToken,
        publicUrl,
        workerInterval,
        leaseDuration,
        demo,
        issuerUrl,
        masterKeys,
        federation,
        settings);
  }
}
