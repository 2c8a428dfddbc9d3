package io.gatehouse.dast.checks;

import io.gatehouse.dast.checks.BooleanProbes.Pair;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * LDAP injection. Error-based: an unbalanced parenthesis or a backslash makes the page show an LDAP
 * error (JNDI, OpenLDAP, Active Directory, PHP, .NET) the original page does not show.
 * Boolean-based: {@code value)(objectClass=*} and {@code value)(!(objectClass=M))} keep the
 * original page while {@code value)(objectClass=M)} changes it, M a random marker: the value closed
 * a filter component and added one of its own.
 */
public final class LdapInjectionCheck implements ActiveCheck {
  static final Rule RULE =
      Rule.of(
          "ldap-injection",
          "LDAP injection",
          Severity.HIGH,
          90,
          "Escape every value put into an LDAP filter (RFC 4515: \\28 \\29 \\2a \\5c \\00), or"
              + " build filters with the directory library's filter API.");

  static final ErrorSignatures ERRORS =
      ErrorSignatures.of(
          "javax\\.naming\\.(directory\\.InvalidSearchFilterException|NamingException)",
          "[Bb]ad search filter",
          "com\\.sun\\.jndi\\.ldap",
          "LDAPException|com\\.unboundid\\.ldap",
          "ldap_search(_ext)?(\\(\\))?: ",
          "supplied argument is not a valid ldap",
          "Invalid DN syntax",
          "System\\.DirectoryServices\\.\\w+Exception",
          "The search filter is invalid",
          "IPWorksASP\\.LDAP",
          "Module Products\\.LDAPMultiPlugins");

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    String a = Markers.next();
    String b = Markers.next();
    return QueryInjection.test(
        RULE,
        point,
        client,
        ERRORS,
        List.of(")", "*)(|(", "\\", "*)(&"),
        List.of(
            List.of(
                new Pair(")(objectClass=*", ")(objectClass=" + a),
                new Pair(")(!(objectClass=" + b + ")", ")(objectClass=" + b))));
  }
}
