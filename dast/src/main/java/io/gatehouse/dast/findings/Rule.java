package io.gatehouse.dast.findings;

/**
 * What a check looks for.
 *
 * @param id the stable rule id, for example {@code xss-reflected}
 * @param name a short human name
 * @param severity the severity of its findings
 * @param cwe the CWE number
 * @param remediation how to fix it, one or two sentences
 * @param perSite whether one finding per site is enough (a header missing everywhere), rather than
 *     one per URL
 */
public record Rule(
    String id, String name, Severity severity, int cwe, String remediation, boolean perSite) {
  /** A rule whose findings are per URL and parameter. */
  public static Rule of(String id, String name, Severity severity, int cwe, String remediation) {
    return new Rule(id, name, severity, cwe, remediation, false);
  }

  /** A rule of which one finding per site is reported. */
  public static Rule perSite(
      String id, String name, Severity severity, int cwe, String remediation) {
    return new Rule(id, name, severity, cwe, remediation, true);
  }
}
