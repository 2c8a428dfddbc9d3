package io.gatehouse.deploy.federation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A federated credential as declared: which tokens of which issuer act as the credential's workload
 * user, a deployer of its project.
 *
 * <p>Exactly one of {@code subject} (the token's {@code sub}, compared exactly) and {@code claims}
 * is given. In {@code claims}, {@code sub} is a glob ({@code *} matches any run of characters,
 * {@code :} and {@code /} included); every other claim must equal the value given, as a string.
 *
 * @param name the credential's name within its project: 1 to 64 of {@code a-z 0-9 . _ -}, starting
 *     with a letter or digit
 * @param issuer the issuer, compared exactly with the token's {@code iss}: an https URL without
 *     query or fragment (http only for a loopback host, for development)
 * @param audience the audience the token must carry in {@code aud}, exactly
 * @param subject the exact {@code sub}, or empty
 * @param claims the claims to match, or empty
 * @param role the role granted; only {@code deployer}
 */
public record CredentialSpec(
    String name,
    String issuer,
    String audience,
    Optional<String> subject,
    Map<String, String> claims,
    String role) {
  /** The most credentials a project holds. */
  public static final int MAX_PER_PROJECT = 20;

  /** The only role a credential grants. */
  public static final String DEPLOYER = "deployer";

  /** The most claims one credential matches on. */
  public static final int MAX_CLAIMS = 10;

  private static final int MAX_ISSUER = 500;
  private static final int MAX_AUDIENCE = 500;
  private static final int MAX_VALUE = 1000;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern CLAIM = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
  private static final Set<String> RESERVED_CLAIMS =
      Set.of("iss", "aud", "exp", "nbf", "iat", "jti");

  /** Checks every value; the claims are kept sorted by name. */
  public CredentialSpec {
    claims = Map.copyOf(claims);
    require(
        NAME.matcher(name).matches(),
        "name",
        "must be 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
    issuerProblem(issuer).ifPresent(problem -> fail("issuer", problem));
    require(
        !audience.isEmpty() && audience.length() <= MAX_AUDIENCE && printable(audience),
        "audience",
        "must be 1 to " + MAX_AUDIENCE + " characters without control characters");
    require(
        subject.isPresent() != !claims.isEmpty(), "", "give exactly one of 'subject' and 'claims'");
    subject.ifPresent(
        value ->
            require(
                !value.isEmpty() && value.length() <= MAX_VALUE && printable(value),
                "subject",
                "must be 1 to " + MAX_VALUE + " characters without control characters"));
    require(claims.size() <= MAX_CLAIMS, "claims", "must have at most " + MAX_CLAIMS + " entries");
    claims.forEach(CredentialSpec::checkClaim);
    require(DEPLOYER.equals(role), "role", "must be deployer");
  }

  /** The claims sorted by name. */
  public Map<String, String> sortedClaims() {
    return new TreeMap<>(claims);
  }

  /**
   * What is wrong with {@code issuer} as a credential's issuer, or empty: it must be an absolute
   * https URL with a host and no query, fragment or user information, at most 500 characters; http
   * is accepted for {@code localhost}, {@code 127.0.0.1} and {@code [::1]} only (a server uses
   * those only when started to allow plain-HTTP issuers).
   */
  public static Optional<String> issuerProblem(String issuer) {
    if (issuer.isEmpty() || issuer.length() > MAX_ISSUER || !printable(issuer)) {
      return Optional.of("must be 1 to " + MAX_ISSUER + " characters without control characters");
    }
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null
        || !uri.isAbsolute()) {
      return Optional.of("must be an absolute https URL with a host and no query or fragment");
    }
    if (scheme.equals("https")) {
      return Optional.empty();
    }
    if (scheme.equals("http") && loopback(uri.getHost())) {
      return Optional.empty();
    }
    return Optional.of("must be an https URL (http only for a loopback host)");
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  private static void checkClaim(String key, String value) {
    require(
        CLAIM.matcher(key).matches(),
        "claims." + key,
        "a claim name must be 1 to 64 of A-Z, a-z, 0-9, '_', '.' and '-'");
    require(
        !RESERVED_CLAIMS.contains(key),
        "claims." + key,
        "cannot be matched: iss and aud have their own fields, and times and ids are checked"
            + " elsewhere");
    require(
        !value.isEmpty() && value.length() <= MAX_VALUE && printable(value),
        "claims." + key,
        "must be 1 to " + MAX_VALUE + " characters without control characters");
  }

  static boolean printable(String text) {
    return text.chars().noneMatch(Character::isISOControl);
  }

  private static void require(boolean condition, String field, String problem) {
    if (!condition) {
      fail(field, problem);
    }
  }

  private static void fail(String field, String problem) {
    throw new InvalidCredentialException(field, problem);
  }
}
