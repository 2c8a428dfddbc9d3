package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Rule;
import java.util.ArrayList;
import java.util.List;

/** Every check the scanner has, by kind. */
public final class Checks {
  private Checks() {}

  /** The checks that read responses only. */
  public static List<PassiveCheck> passive() {
    return List.of(
        new CspCheck(),
        new SecurityHeadersCheck(),
        new HstsCheck(),
        new CookieFlagsCheck(),
        new VersionDisclosureCheck(),
        new ErrorDisclosureCheck(),
        new DirectoryListingCheck(),
        new PrivateIpDisclosureCheck());
  }

  /** The checks that send harmless requests of their own. */
  public static List<ProbeCheck> probes() {
    return List.of(new SensitivePathsCheck(), new CorsCheck(), new CacheControlCheck());
  }

  /** The checks that send attack payloads. */
  public static List<ActiveCheck> active() {
    return List.of(
        new ReflectedXssCheck(),
        new SqlInjectionCheck(),
        new PathTraversalCheck(),
        new CommandInjectionCheck(),
        new OpenRedirectCheck(),
        new TimeBasedSqlInjectionCheck(),
        new TimeBasedCommandInjectionCheck(),
        new TemplateInjectionCheck(),
        new LdapInjectionCheck(),
        new XpathInjectionCheck(),
        new HeaderInjectionCheck());
  }

  /** The active checks confirmed through the scan's callback {@code listener}. */
  public static List<ActiveCheck> outOfBand(CallbackListener listener) {
    return List.of(new SsrfCheck(listener), new XxeCheck(listener));
  }

  /** The active checks that look at the site as a whole, after the per-input checks. */
  public static List<SiteCheck> site() {
    return List.of(new StoredXssCheck(), new JwtCheck());
  }

  /** Every rule, in check order. */
  public static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    passive().forEach(check -> rules.addAll(check.rules()));
    probes().forEach(check -> rules.addAll(check.rules()));
    active().forEach(check -> rules.add(check.rule()));
    rules.add(SsrfCheck.RULE);
    rules.add(XxeCheck.RULE);
    site().forEach(check -> rules.addAll(check.rules()));
    return List.copyOf(rules);
  }
}
