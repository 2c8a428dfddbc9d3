package io.gatehouse.dast.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON Web Token weaknesses. Tokens are collected from the scan's own {@code Authorization} and
 * {@code Cookie} headers (those of its settings and of its login session) and from the crawled
 * pages (cookies they set, tokens in their bodies). <b>Weak secret</b>: an HMAC-signed token
 * (HS256/384/512) whose signature verifies with a secret from the bundled word list. <b>{@code alg:
 * none} accepted</b>: on a page whose answer with the token differs from the answer without it, the
 * same token re-signed with {@code alg: none} and no signature gets the authenticated answer, not
 * the unauthenticated one.
 */
public final class JwtCheck implements SiteCheck {
  static final Rule WEAK_SECRET =
      Rule.of(
          "jwt-weak-secret",
          "JWT signed with a guessable secret",
          Severity.HIGH,
          521,
          "Sign tokens with a random secret of at least 256 bits kept out of the code, or with an"
              + " asymmetric key (RS256, ES256); rotate the guessed secret now.");
  static final Rule NONE_ACCEPTED =
      Rule.of(
          "jwt-none-accepted",
          "JWT with alg none accepted",
          Severity.HIGH,
          347,
          "Verify every token with the one algorithm and key the server expects; reject 'none'"
              + " and never take the algorithm from the token's header.");

  static final int MAX_TOKEN_CHARS = 8 * 1024;
  static final int MAX_TOKENS = 5;
  static final int MAX_PAGES = 300;
  static final int MAX_REPLAY_PAGES = 30;
  static final String AUTHORIZATION = "Authorization";
  private static final Pattern JWT =
      Pattern.compile(
          "eyJ[A-Za-z0-9_-]{4,4000}\\.eyJ[A-Za-z0-9_-]{2,4000}\\.[A-Za-z0-9_-]{0,1000}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A token and how it travels.
   *
   * @param value the token
   * @param carrier the cookie name, or {@value #AUTHORIZATION} for a bearer token
   * @param seenAt the page it was found on (the target for the scan's own headers)
   */
  record Token(String value, String carrier, URI seenAt) {
    boolean inCookie() {
      return !carrier.equals(AUTHORIZATION);
    }
  }

  @Override
  public List<Rule> rules() {
    return List.of(WEAK_SECRET, NONE_ACCEPTED);
  }

  @Override
  public List<Finding> run(
      URI target, List<URI> pages, List<InjectionPoint> points, ScanHttpClient client) {
    List<URI> toRead = SitePages.readable(target, pages, points, MAX_PAGES);
    Map<String, Token> tokens = collect(target, toRead, client);
    List<Finding> findings = new ArrayList<>();
    for (Token token : tokens.values()) {
      weakSecret(token).ifPresent(findings::add);
      try {
        noneAccepted(token, toRead, client).ifPresent(findings::add);
      } catch (IOException e) {
        // the pages stopped answering: left untested
      }
    }
    return findings;
  }

  private static Map<String, Token> collect(URI target, List<URI> pages, ScanHttpClient client) {
    Map<String, Token> tokens = new LinkedHashMap<>();
    client
        .scanHeaders()
        .forEach(
            (name, value) -> {
              if (name.equalsIgnoreCase(AUTHORIZATION)) {
                find(value).ifPresent(t -> add(tokens, new Token(t, AUTHORIZATION, target)));
              } else if (name.equalsIgnoreCase("Cookie")) {
                cookies(value)
                    .forEach(
                        (n, v) -> find(v).ifPresent(t -> add(tokens, new Token(t, n, target))));
              }
            });
    for (URI page : pages) {
      try {
        Response response = client.send(Request.get(page));
        for (String setCookie : response.headerValues("Set-Cookie")) {
          cookies(setCookie.split(";", 2)[0])
              .forEach((n, v) -> find(v).ifPresent(t -> add(tokens, new Token(t, n, page))));
        }
        find(response.body()).ifPresent(t -> add(tokens, new Token(t, AUTHORIZATION, page)));
      } catch (IOException e) {
        // an unreachable page has no token to give
      }
    }
    return tokens;
  }

  private static void add(Map<String, Token> tokens, Token token) {
    if (tokens.size() < MAX_TOKENS) {
      tokens.putIfAbsent(token.value(), token);
    }
  }

  /** The first token in {@code text}, if any. */
  static Optional<String> find(String text) {
    Matcher matcher = JWT.matcher(text);
    return matcher.find() && matcher.group().length() <= MAX_TOKEN_CHARS
        ? Optional.of(matcher.group())
        : Optional.empty();
  }

  static Map<String, String> cookies(String header) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String pair : header.split(";", 50)) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        cookies.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
      }
    }
    return cookies;
  }

  private static Optional<Finding> weakSecret(Token token) {
    Optional<String> secret = JwtSecrets.crack(token.value());
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    String shown = secret.get();
    String masked = shown.substring(0, Math.min(2, shown.length())) + "…";
    return Optional.of(
        new Finding(
            WEAK_SECRET,
            Confidence.CONFIRMED,
            EvidenceText.withoutQuery(token.seenAt().toString()),
            "GET",
            token.carrier(),
            new Finding.Evidence(
                "GET " + token.seenAt(),
                "token header " + header(token.value()).map(JsonNode::toString).orElse("?"),
                "the signature verifies with the word-list secret "
                    + masked
                    + " ("
                    + shown.length()
                    + " characters)")));
  }

  private static Optional<Finding> noneAccepted(Token token, List<URI> pages, ScanHttpClient client)
      throws IOException {
    List<String> forged = forgedNone(token.value());
    if (forged.isEmpty()) {
      return Optional.empty();
    }
    for (URI page : nearest(token.seenAt(), pages)) {
      Response with = client.send(withToken(page, token, token.value(), client));
      Response without = client.send(withToken(page, token, "", client));
      if (!differ(with, without)) {
        continue;
      }
      for (String candidate : forged) {
        Response response = client.send(withToken(page, token, candidate, client));
        if (same(response, with) && differ(response, without)) {
          return Optional.of(
              new Finding(
                  NONE_ACCEPTED,
                  Confidence.CONFIRMED,
                  EvidenceText.withoutQuery(page.toString()),
                  "GET",
                  token.carrier(),
                  EvidenceText.of(
                      response,
                      "",
                      "a token with header "
                          + header(candidate).map(JsonNode::toString).orElse("?")
                          + " and no signature gets the authenticated answer (HTTP "
                          + response.status()
                          + "); without a token the answer is HTTP "
                          + without.status())));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The pages to replay the token on: those whose path shares the longest prefix with the page the
   * token was found on first, at most {@value #MAX_REPLAY_PAGES}.
   */
  static List<URI> nearest(URI seenAt, List<URI> pages) {
    String home = String.valueOf(seenAt.getPath());
    return pages.stream()
        .sorted(
            java.util.Comparator.comparingInt(
                (URI page) -> -commonPrefix(home, String.valueOf(page.getPath()))))
        .limit(MAX_REPLAY_PAGES)
        .toList();
  }

  private static int commonPrefix(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n;
  }

  private static boolean differ(Response a, Response b) {
    return a.status() != b.status() || Similarity.of(a.body(), b.body()) < 0.9;
  }

  private static boolean same(Response a, Response b) {
    return a.status() == b.status() && Similarity.of(a.body(), b.body()) >= 0.97;
  }

  private static Request withToken(URI page, Token token, String value, ScanHttpClient client) {
    if (!token.inCookie()) {
      return Request.get(page).withHeader(AUTHORIZATION, value.isEmpty() ? "" : "Bearer " + value);
    }
    Map<String, String> jar = new LinkedHashMap<>();
    client
        .scanHeaders()
        .forEach(
            (n, v) -> {
              if (n.equalsIgnoreCase("Cookie")) {
                jar.putAll(cookies(v));
              }
            });
    jar.remove(token.carrier());
    if (!value.isEmpty()) {
      jar.put(token.carrier(), value);
    }
    StringBuilder header = new StringBuilder();
    jar.forEach(
        (n, v) -> header.append(header.isEmpty() ? "" : "; ").append(n).append('=').append(v));
    return Request.get(page).withHeader("Cookie", header.toString());
  }

  /** The token's header (its first part), parsed, if it is a JSON object. */
  static Optional<JsonNode> header(String token) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
      JsonNode node = JSON.readTree(bytes);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** The token's claims with {@code alg: none} headers in several spellings, and no signature. */
  static List<String> forgedNone(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || header(token).isEmpty() || header(parts[1] + ".").isEmpty()) {
      return List.of();
    }
    List<String> forged = new ArrayList<>();
    for (String alg : List.of("none", "None", "NONE", "nOnE")) {
      String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
      forged.add(
          Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(header.getBytes(StandardCharsets.UTF_8))
              + "."
              + parts[1]
              + ".");
    }
    return forged;
  }

  static String algorithm(String token) {
    return header(token).map(h -> h.path("alg").asText("")).orElse("").toUpperCase(Locale.ROOT);
  }
}
