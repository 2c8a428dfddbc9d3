package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict-Transport-Security on HTTPS responses: missing, or with a max-age under 180 days. */
public final class HstsCheck implements PassiveCheck {
  static final long MIN_MAX_AGE = 180L * 24 * 3600;
  private static final Pattern MAX_AGE = Pattern.compile("(?i)max-age\\s*=\\s*\"?(\\d{1,12})");

  static final Rule MISSING =
      Rule.perSite(
          "hsts-missing",
          "Strict-Transport-Security missing",
          Severity.LOW,
          319,
          "Send Strict-Transport-Security: max-age=31536000; includeSubDomains on HTTPS responses.");
  static final Rule WEAK =
      Rule.perSite(
          "hsts-weak",
          "Strict-Transport-Security max-age too short",
          Severity.LOW,
          319,
          "Set the Strict-Transport-Security max-age to at least 15552000 (180 days).");

  @Override
  public List<Rule> rules() {
    return List.of(MISSING, WEAK);
  }

  @Override
  public List<Finding> inspect(Response response) {
    if (!"https".equals(response.uri().getScheme().toLowerCase(Locale.ROOT))) {
      return List.of();
    }
    Optional<String> header = response.header("Strict-Transport-Security");
    if (header.isEmpty()) {
      return List.of(
          EvidenceText.siteFinding(
              MISSING, Confidence.HIGH, response, "", "HTTPS response without HSTS"));
    }
    Matcher matcher = MAX_AGE.matcher(header.get());
    if (!matcher.find() || Long.parseLong(matcher.group(1)) < MIN_MAX_AGE) {
      return List.of(
          EvidenceText.siteFinding(
              WEAK, Confidence.HIGH, response, "", "Strict-Transport-Security: " + header.get()));
    }
    return List.of();
  }
}
