package io.gatehouse.deploy.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The signing keys of remote issuers: the issuer's discovery document ({@code
 * <issuer>/.well-known/openid-configuration}) names its JWKS, which is fetched and kept for {@link
 * FederationSettings#keysTtl()}. An unknown {@code kid} fetches the JWKS again, at most once per
 * {@link FederationSettings#refetchInterval()} per issuer, as does a failed fetch, so that neither
 * a flood of tokens with invented key ids nor a dead issuer turns into a flood of fetches.
 *
 * <p>Every fetch is bounded: {@link FederationSettings#fetchTimeout()} for the whole answer, 64 KiB
 * per document, no redirects, https only unless plain HTTP is explicitly allowed. Only issuers that
 * a stored credential names are ever fetched (the caller sees to that).
 */
final class IssuerKeys {
  static final int MAX_DOCUMENT = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FederationSettings settings;
  private final HttpClient http;
  private final LongSupplier ticker;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  IssuerKeys(FederationSettings settings, LongSupplier ticker) {
    this.settings = settings;
    this.ticker = ticker;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.fetchTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Why the keys of an issuer cannot be had; the message is safe to show. */
  static final class FetchException extends Exception {
    @java.io.Serial private static final long serialVersionUID = 1L;

    FetchException(String message) {
      super(message);
    }
  }

  /**
   * The key {@code kid} of {@code issuer}.
   *
   * @return empty when the issuer's JWKS, fetched recently enough, has no such key
   * @throws FetchException when the issuer's keys cannot be fetched or read
   */
  Optional<JWK> key(String issuer, String kid) throws FetchException {
    Entry entry = entries.computeIfAbsent(issuer, i -> new Entry());
    synchronized (entry) {
      long now = ticker.getAsLong();
      if (entry.keys == null || now - entry.fetchedAt >= settings.keysTtl().toNanos()) {
        refresh(issuer, entry, now);
      }
      JWK key = entry.keys.getKeyByKeyId(kid);
      if (key == null && now - entry.fetchedAt >= settings.refetchInterval().toNanos()) {
        refresh(issuer, entry, now);
        key = entry.keys.getKeyByKeyId(kid);
      }
      return Optional.ofNullable(key);
    }
  }

  /** Fetches the keys again; a failure keeps keys fetched earlier and throws only without any. */
  private void refresh(String issuer, Entry entry, long now) throws FetchException {
    if (entry.failure != null && now - entry.failedAt < settings.refetchInterval().toNanos()) {
      if (entry.keys == null) {
        throw new FetchException(entry.failure);
      }
      return;
    }
    try {
      entry.keys = parseKeys(fetch(jwksUri(issuer), "JWKS"));
      entry.fetchedAt = now;
      entry.failure = null;
    } catch (FetchException e) {
      entry.failure = e.getMessage();
      entry.failedAt = now;
      if (entry.keys == null) {
        throw e;
      }
    }
  }

  private URI jwksUri(String issuer) throws FetchException {
    URI discovery =
        checked(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration", "the issuer");
    JsonNode document;
    try {
      document = JSON.readTree(fetch(discovery, "discovery document"));
    } catch (IOException e) {
      throw new FetchException("the discovery document of " + issuer + " is not JSON");
    }
    if (!document.isObject() || !document.path("issuer").isTextual()) {
      throw new FetchException(
          "the discovery document of " + issuer + " is not an object with an issuer");
    }
    if (!document.path("issuer").textValue().equals(issuer)) {
      throw new FetchException("the discovery document of " + issuer + " names another issuer");
    }
    if (!document.path("jwks_uri").isTextual()) {
      throw new FetchException("the discovery document of " + issuer + " has no jwks_uri");
    }
    return checked(document.path("jwks_uri").textValue(), "its jwks_uri");
  }

  private URI checked(String url, String what) throws FetchException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new FetchException(what + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean allowed =
        scheme.equals("https") || (scheme.equals("http") && settings.allowHttpIssuers());
    if (!allowed || uri.getHost() == null) {
      throw new FetchException(
          what
              + " must be an https URL"
              + (scheme.equals("http") ? " (this server does not allow plain-HTTP issuers)" : ""));
    }
    return uri;
  }

  private static JWKSet parseKeys(byte[] body) throws FetchException {
    try {
      JWKSet set = JWKSet.parse(new String(body, StandardCharsets.UTF_8));
      // Only public keys are used, whatever the document holds.
      return set.toPublicJWKSet();
    } catch (ParseException | RuntimeException e) {
      throw new FetchException("the JWKS is not a valid JSON Web Key Set");
    }
  }

  private byte[] fetch(URI uri, String what) throws FetchException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.fetchTimeout())
            .header("Accept", "application/json")
            .GET()
            .build();
    CompletableFuture<HttpResponse<byte[]>> answer =
        http.sendAsync(request, info -> new LimitedBody(MAX_DOCUMENT));
    try {
      HttpResponse<byte[]> response =
          answer.get(settings.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (response.statusCode() != 200) {
        throw new FetchException(
            "the " + what + " at " + uri + " answered HTTP " + response.statusCode());
      }
      return response.body();
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw timedOut(uri, what);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TooLargeException) {
        throw new FetchException(
            "the " + what + " at " + uri + " is larger than " + MAX_DOCUMENT + " bytes");
      }
      if (e.getCause() instanceof HttpTimeoutException) {
        throw timedOut(uri, what);
      }
      throw new FetchException("the " + what + " at " + uri + " cannot be fetched");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted while fetching the " + what);
    }
  }

  private FetchException timedOut(URI uri, String what) {
    return new FetchException(
        "the "
            + what
            + " at "
            + uri
            + " did not answer within "
            + settings.fetchTimeout().toMillis()
            + " ms");
  }

  /** An issuer's cached keys and its last failure; guarded by the entry itself. */
  private static final class Entry {
    JWKSet keys;
    long fetchedAt;
    String failure;
    long failedAt;
  }

  private static final class TooLargeException extends IOException {
    @java.io.Serial private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("answer too large");
    }
  }

  /** A body that collects at most {@code limit} bytes and fails beyond them. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription given) {
      this.subscription = given;
      given.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        if (bytes.size() + buffer.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(new TooLargeException());
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.writeBytes(chunk);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
