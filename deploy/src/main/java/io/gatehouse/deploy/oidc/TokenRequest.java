package io.gatehouse.deploy.oidc;

import io.gatehouse.deploy.server.ApiException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request for a deployment token, checked.
 *
 * @param audience the one audience, 1 to {@value #MAX_AUDIENCE} printable ASCII characters without
 *     spaces (e.g. {@code api://AzureADTokenExchange}, {@code sts.amazonaws.com})
 * @param lifetime from {@link #MIN_LIFETIME} to {@link SigningKeys#MAX_TOKEN_LIFETIME}
 * @param algorithm the algorithm asked for; empty for the project's
 */
public record TokenRequest(
    String audience, Duration lifetime, Optional<SigningAlgorithm> algorithm) {
  /** The longest audience. */
  public static final int MAX_AUDIENCE = 255;

  /** The lifetime when none is asked for. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  /** The shortest lifetime. */
  public static final Duration MIN_LIFETIME = Duration.ofMinutes(1);

  private static final Pattern LIFETIME = Pattern.compile("([1-9][0-9]{0,3})(s|m|h)");

  /** The body of {@code POST /api/v1/deployments/{id}/token}, as sent. */
  record Body(String audience, String lifetime, String alg) {}

  /**
   * Checks a request body.
   *
   * @throws ApiException 400 {@code invalid_request} naming the field and the rule
   */
  static TokenRequest of(Body body) {
    return new TokenRequest(
        audience(body.audience()),
        body.lifetime() == null ? DEFAULT_LIFETIME : lifetime(body.lifetime()),
        body.alg() == null ? Optional.empty() : Optional.of(algorithm(body.alg())));
  }

  private static String audience(String audience) {
    if (audience == null || audience.isEmpty()) {
      throw invalid("field 'audience' is required");
    }
    if (audience.length() > MAX_AUDIENCE) {
      throw invalid("field 'audience' must have at most " + MAX_AUDIENCE + " characters");
    }
    for (int i = 0; i < audience.length(); i++) {
      char c = audience.charAt(i);
      if (c <= ' ' || c > '~') {
        throw invalid(
            "field 'audience' must be printable ASCII without spaces (e.g. sts.amazonaws.com)");
      }
    }
    return audience;
  }

  private static Duration lifetime(String text) {
    Matcher matcher = LIFETIME.matcher(text);
    if (text.length() > 8 || !matcher.matches()) {
      throw invalid("field 'lifetime' must be a number and a unit, e.g. 90s, 5m or 1h");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration lifetime =
        switch (matcher.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
    if (lifetime.compareTo(MIN_LIFETIME) < 0
        || lifetime.compareTo(SigningKeys.MAX_TOKEN_LIFETIME) > 0) {
      throw invalid("field 'lifetime' must be between 1m and 60m");
    }
    return lifetime;
  }

  private static SigningAlgorithm algorithm(String name) {
    return SigningAlgorithm.parse(name)
        .orElseThrow(() -> invalid("field 'alg' must be ES256 or RS256"));
  }

  private static ApiException invalid(String message) {
    return new ApiException(400, "invalid_request", message);
  }
}
