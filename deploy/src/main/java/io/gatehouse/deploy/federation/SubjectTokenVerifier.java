package io.gatehouse.deploy.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Verifies a CI system's token: its form, its issuer's signature (RS256 or ES256 only, with a key
 * of the matching type from the issuer's JWKS), and its times ({@code exp} required, {@code nbf}
 * and {@code iat} when present, at most {@link #SKEW} of clock difference). The audience and the
 * credential match are the caller's.
 */
final class SubjectTokenVerifier {
  /** The clock difference tolerated between the issuer and this server. */
  static final Duration SKEW = Duration.ofSeconds(60);

  /** The longest subject token accepted, in characters. */
  static final int MAX_TOKEN = 16 * 1024;

  private static final Pattern SHAPE =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
  private static final List<JWSAlgorithm> ACCEPTED =
      List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private final IssuerKeys keys;
  private final Clock clock;

  SubjectTokenVerifier(IssuerKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** A token read but not yet verified: its header and claims. */
  record Unverified(SignedJWT jwt, JWTClaimsSet claims, String issuer) {}

  /** Reads the token without trusting it; only its issuer is looked at. */
  Unverified read(String token) {
    if (token.length() > MAX_TOKEN) {
      throw ExchangeRefusedException.invalid(
          "size", "the subject_token is longer than " + MAX_TOKEN + " characters");
    }
    if (!SHAPE.matcher(token).matches()) {
      throw ExchangeRefusedException.invalid(
          "format", "the subject_token is not a compact JWT (three base64url parts)");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw ExchangeRefusedException.invalid(
          "format", "the subject_token's header or payload is not valid JSON");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw ExchangeRefusedException.invalid(
          "algorithm", "the subject_token is not signed (alg none is never accepted)");
    }
    JWSHeader header = signed.getHeader();
    if (!ACCEPTED.contains(header.getAlgorithm())) {
      throw ExchangeRefusedException.invalid(
          "algorithm",
          "the subject_token's algorithm "
              + printable(header.getAlgorithm().getName())
              + " is not accepted (RS256 or ES256 only)");
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw ExchangeRefusedException.invalid(
          "header", "the subject_token's header has critical parameters, which are not supported");
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw ExchangeRefusedException.invalid(
          "format", "the subject_token's payload is not a JSON object of claims");
    }
    Object issuer = claims.getClaim("iss");
    if (!(issuer instanceof String text) || text.isEmpty()) {
      throw ExchangeRefusedException.invalid("issuer", "the subject_token has no iss claim");
    }
    return new Unverified(signed, claims, text);
  }

  /** Checks the signature with the issuer's key and the token's times. */
  void verify(Unverified token) {
    JWSHeader header = token.jwt().getHeader();
    String kid = header.getKeyID();
    if (kid == null || kid.isEmpty()) {
      throw ExchangeRefusedException.invalid("kid", "the subject_token's header has no kid");
    }
    JWK key = key(token.issuer(), kid);
    boolean valid;
    try {
      valid = token.jwt().verify(verifier(header.getAlgorithm(), key, kid));
    } catch (JOSEException e) {
      valid = false;
    }
    if (!valid) {
      throw ExchangeRefusedException.invalid(
          "signature",
          "the subject_token's signature does not verify with key "
              + printable(kid)
              + " of its issuer");
    }
    times(token.claims());
  }

  private JWK key(String issuer, String kid) {
    Optional<JWK> key;
    try {
      key = keys.key(issuer, kid);
    } catch (IssuerKeys.FetchException e) {
      throw new ExchangeRefusedException(
          503,
          "temporarily_unavailable",
          "jwks",
          "cannot get the issuer's keys: " + e.getMessage());
    }
    return key.orElseThrow(
        () ->
            ExchangeRefusedException.invalid(
                "kid", "the issuer's JWKS has no key with kid " + printable(kid)));
  }

  private static JWSVerifier verifier(JWSAlgorithm alg, JWK key, String kid) throws JOSEException {
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      throw mismatch(kid, "is not a signing key");
    }
    if (key.getAlgorithm() != null && !alg.equals(key.getAlgorithm())) {
      throw mismatch(kid, "is published for another algorithm");
    }
    if (JWSAlgorithm.RS256.equals(alg)) {
      if (!(key instanceof RSAKey rsa) || rsa.size() < 2048) {
        throw mismatch(kid, "is not an RSA key of at least 2048 bits, as RS256 needs");
      }
      return new RSASSAVerifier(rsa);
    }
    if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
      throw mismatch(kid, "is not an EC P-256 key, as ES256 needs");
    }
    return new ECDSAVerifier(ec);
  }

  private static ExchangeRefusedException mismatch(String kid, String problem) {
    return ExchangeRefusedException.invalid(
        "algorithm", "the issuer's key " + printable(kid) + " " + problem);
  }

  private void times(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Instant expires =
        instant(claims, "exp")
            .orElseThrow(
                () -> ExchangeRefusedException.invalid("exp", "the subject_token has no exp"));
    if (!now.isBefore(expires.plus(SKEW))) {
      throw ExchangeRefusedException.invalid(
          "exp", "the subject_token expired at " + expires + " (60 s of clock skew allowed)");
    }
    Optional<Instant> notBefore = instant(claims, "nbf");
    if (notBefore.isPresent() && now.plus(SKEW).isBefore(notBefore.get())) {
      throw ExchangeRefusedException.invalid(
          "nbf",
          "the subject_token is not valid before " + notBefore.get() + " (60 s of skew allowed)");
    }
    Optional<Instant> issuedAt = instant(claims, "iat");
    if (issuedAt.isPresent() && now.plus(SKEW).isBefore(issuedAt.get())) {
      throw ExchangeRefusedException.invalid(
          "iat", "the subject_token was issued in the future, at " + issuedAt.get());
    }
  }

  private static Optional<Instant> instant(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Date date)) {
      throw ExchangeRefusedException.invalid(
          name, "the subject_token's " + name + " is not a number of seconds");
    }
    return Optional.of(date.toInstant());
  }

  /** A claimed value fit for a message: printable and at most 100 characters. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 100; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return value.length() > 100 ? out.append('…').toString() : out.toString();
  }
}
