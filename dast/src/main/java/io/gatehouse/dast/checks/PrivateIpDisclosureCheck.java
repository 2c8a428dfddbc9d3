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

/**
 * Private IP addresses in a page or its headers: RFC 1918 ({@code 10/8}, {@code 172.16/12}, {@code
 * 192.168/16}), IPv4 link-local ({@code 169.254/16}), IPv6 unique-local ({@code fc00::/7}) and
 * link-local ({@code fe80::/10}). An address that is the request's own host is not reported, nor
 * one that is part of a longer dotted number (a version such as {@code 10.2.0.1.5}).
 */
public final class PrivateIpDisclosureCheck implements PassiveCheck {
  static final Rule RULE =
      Rule.of(
          "private-ip-disclosure",
          "Private IP address disclosed",
          Severity.LOW,
          200,
          "Do not show internal addresses to clients: remove them from pages, error messages and"
              + " headers (Via, X-Backend-Server...).");

  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 =
      Pattern.compile(
          "(?<![\\d.])((10\\."
              + OCTET
              + ")|(172\\.(1[6-9]|2\\d|3[01]))|(192\\.168)|(169\\.254))\\."
              + OCTET
              + "\\."
              + OCTET
              + "(?![\\d]|\\.\\d)");
  private static final Pattern IPV6 =
      Pattern.compile(
          "(?i)(?<![0-9a-f:])(f[cd][0-9a-f]{2}|fe[89ab][0-9a-f]):[0-9a-f]{0,4}(:[0-9a-f]{0,4}){1,6}(?![0-9a-f:])");
  private static final int MAX_TEXT = 512 * 1024;

  @Override
  public List<Rule> rules() {
    return List.of(RULE);
  }

  @Override
  public List<Finding> inspect(Response response) {
    String host = hostOf(response);
    String text = response.headText() + "\n" + response.body();
    text = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    Optional<String> address = find(text, host);
    if (address.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Finding(
            RULE,
            Confidence.HIGH,
            EvidenceText.withoutQuery(response.uri().toString()),
            response.request().method(),
            "",
            EvidenceText.of(response, address.get(), "private address " + address.get())));
  }

  /** The first private address in {@code text} that is not {@code ownHost}, if any. */
  static Optional<String> find(String text, String ownHost) {
    for (Pattern pattern : List.of(IPV4, IPV6)) {
      Matcher matcher = pattern.matcher(text);
      while (matcher.find()) {
        String address = matcher.group();
        if (isAddress(address) && !address.toLowerCase(Locale.ROOT).equals(ownHost)) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  /** A dotted quad, or an IPv6 address with at least three groups (not a time like fc00:12). */
  private static boolean isAddress(String candidate) {
    if (candidate.contains(".")) {
      return candidate.chars().filter(c -> c == '.').count() == 3;
    }
    return candidate.contains("::") || candidate.chars().filter(c -> c == ':').count() >= 3;
  }

  private static String hostOf(Response response) {
    String host = response.uri().getHost();
    if (host == null) {
      return "";
    }
    host = host.toLowerCase(Locale.ROOT);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
