package io.gatehouse.images.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.images.registry.RegistryException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Answers registry challenges: HTTP basic with the configured credentials, or the bearer token flow
 * (fetch a token from the challenge's realm, with the credentials if any). Tokens are cached per
 * registry and scope until shortly before they expire.
 */
final class Authenticator {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{1,8192}");
  private static final long DEFAULT_TOKEN_SECONDS = 60;
  private static final int MAX_CACHED_TOKENS = 1024;
  private static final long MAX_TOKEN_RESPONSE = 64 * 1024;

  private final RegistryCredentials credentials;
  private final HttpTransport transport;
  private final Endpoints endpoints;
  private final Clock clock;
  private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
  private final Set<String> basicRegistries = ConcurrentHashMap.newKeySet();

  private record CachedToken(String header, Instant expiresAt) {}

  Authenticator(
      RegistryCredentials credentials, HttpTransport transport, Endpoints endpoints, Clock clock) {
    this.credentials = credentials;
    this.transport = transport;
    this.endpoints = endpoints;
    this.clock = clock;
  }

  /** The authorization to send before any challenge: a cached token or known basic credentials. */
  Optional<String> current(RegistryCall call) {
    CachedToken token = tokens.get(cacheKey(call));
    if (token != null && clock.instant().isBefore(token.expiresAt())) {
      return Optional.of(token.header());
    }
    if (basicRegistries.contains(call.registry())) {
      return credentials.forRegistry(call.registry()).map(BasicCredentials::authorizationHeader);
    }
    return Optional.empty();
  }

  /**
   * The authorization that answers {@code challenge}; empty when there is nothing better to send
   * than {@code sent}, so the 401 stands.
   */
  Optional<String> answer(RegistryCall call, AuthChallenge challenge, Optional<String> sent) {
    Optional<String> answer =
        switch (challenge.scheme()) {
          case "bearer" -> Optional.of(fetchToken(call, challenge));
          case "basic" -> basic(call);
          default -> Optional.empty();
        };
    return answer.equals(sent) ? Optional.empty() : answer;
  }

  private Optional<String> basic(RegistryCall call) {
    Optional<BasicCredentials> basic = credentials.forRegistry(call.registry());
    basic.ifPresent(unused -> basicRegistries.add(call.registry()));
    return basic.map(BasicCredentials::authorizationHeader);
  }

  private String fetchToken(RegistryCall call, AuthChallenge challenge) {
    URI realm = realm(call, challenge);
    RegistryCall tokenCall =
        new RegistryCall(
            call.registry(),
            call.repository(),
            "token",
            "GET",
            tokenUri(realm, challenge, call),
            Map.of("Accept", "application/json"),
            HttpRequest.BodyPublishers.noBody(),
            true,
            call.actions(),
            MAX_TOKEN_RESPONSE);
    Optional<String> basic =
        credentials.forRegistry(call.registry()).map(BasicCredentials::authorizationHeader);
    RegistryResponse response = transport.send(tokenCall, basic);
    if (response.status() == 401 || response.status() == 403) {
      throw call.fail(
          Reason.UNAUTHORIZED, "the token service " + realm.getHost() + " refused the request");
    }
    if (response.status() != 200) {
      throw call.fail(
          Reason.PROTOCOL_ERROR,
          "the token service " + realm.getHost() + " answered HTTP " + response.status());
    }
    return cache(call, parseToken(call, response.body()));
  }

  private String cache(RegistryCall call, CachedToken token) {
    if (tokens.size() >= MAX_CACHED_TOKENS) {
      tokens.clear();
    }
    tokens.put(cacheKey(call), token);
    return token.header();
  }

  private CachedToken parseToken(RegistryCall call, byte[] body) {
    JsonNode document;
    try {
      document = RegistryJson.read(body);
    } catch (IOException e) {
      throw call.fail(Reason.PROTOCOL_ERROR, "the token response is not valid JSON");
    }
    JsonNode token = document.path("token");
    if (!token.isTextual()) {
      token = document.path("access_token");
    }
    if (!token.isTextual() || !TOKEN.matcher(token.asText()).matches()) {
      throw call.fail(Reason.PROTOCOL_ERROR, "the token response holds no usable token");
    }
    long seconds = document.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
    seconds = Math.max(1, Math.min(seconds, Duration.ofDays(1).toSeconds()));
    // Renew a little early so that a token does not expire between the check and its use.
    Instant expiresAt = clock.instant().plusSeconds(seconds - Math.min(seconds / 10, 30));
    return new CachedToken("Bearer " + token.asText(), expiresAt);
  }

  private URI realm(RegistryCall call, AuthChallenge challenge) {
    String realm =
        challenge
            .parameter("realm")
            .orElseThrow(() -> call.fail(Reason.PROTOCOL_ERROR, "bearer challenge without realm"));
    URI uri;
    try {
      uri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw call.fail(Reason.PROTOCOL_ERROR, "bearer challenge with an invalid realm");
    }
    boolean https = "https".equals(uri.getScheme());
    boolean plainAllowed =
        "http".equals(uri.getScheme()) && endpoints.plainHttpAllowed(uri.getAuthority());
    if (uri.getHost() == null || !(https || plainAllowed) || uri.getRawUserInfo() != null) {
      throw call.fail(
          Reason.PROTOCOL_ERROR,
          "bearer realm must be https (or http on loopback or an insecure registry)");
    }
    return uri;
  }

  private static URI tokenUri(URI realm, AuthChallenge challenge, RegistryCall call) {
    List<String> query = new ArrayList<>();
    challenge.parameter("service").ifPresent(service -> query.add("service=" + encode(service)));
    String scopes = challenge.parameter("scope").orElse(call.scope());
    for (String scope : scopes.split(" ", -1)) {
      if (!scope.isEmpty()) {
        query.add("scope=" + encode(scope));
      }
    }
    String base = realm.toString();
    if (query.isEmpty()) {
      return realm;
    }
    return URI.create(base + (realm.getRawQuery() == null ? "?" : "&") + String.join("&", query));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String cacheKey(RegistryCall call) {
    return call.registry() + " " + call.scope();
  }
}
