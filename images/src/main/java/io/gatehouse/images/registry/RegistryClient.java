package io.gatehouse.images.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.images.registry.RegistryException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client for the OCI distribution HTTP API v2.
 *
 * <p>Every call names the registry host ({@code ghcr.io}, {@code 127.0.0.1:5000}), the repository
 * ({@code team/app}) and, where it applies, a reference (a tag or a digest). Registries are spoken
 * to over https, except loopback hosts and those configured as insecure. Authentication follows the
 * registry's challenge: anonymous, HTTP basic, or bearer tokens (cached per scope until they
 * expire), with credentials from {@link RegistryCredentials}.
 *
 * <p>Everything is bounded: the connect timeout, the timeout of each request including its body,
 * the retries (idempotent calls only, on connection failures, 429 and 5xx), the response sizes
 * (manifests at most 4 MiB), the redirects (blob downloads only, at most 3, never from https to
 * http, credentials dropped when the host changes). Content is verified against its digest.
 *
 * <p>Failures are {@link RegistryException}s; invalid names (a malformed repository, tag or digest)
 * are {@link IllegalArgumentException}s. Instances are thread-safe; close them to release the
 * connection pool.
 */
public final class RegistryClient implements AutoCloseable {
  /** The largest manifest the client reads or writes: 4 MiB. */
  public static final long MAX_MANIFEST_BYTES = 4L << 20;

  private static final int MAX_REDIRECTS = 3;
  private static final int MAX_TAG_PAGES = 100;
  private static final int TAG_PAGE_SIZE = 100;
  private static final long MAX_TAG_PAGE_BYTES = 4L << 20;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

  private final HttpTransport transport;
  private final Authenticator authenticator;
  private final Endpoints endpoints;
  private final int maxRetries;
  private final Duration retryBackoff;
  private final long maxBlobBytes;

  private RegistryClient(Builder builder) {
    this.endpoints = new Endpoints(builder.insecure);
    this.transport =
        new HttpTransport(
            builder.connectTimeout, builder.requestTimeout, builder.listener, builder.clock);
    this.authenticator =
        new Authenticator(builder.credentials, transport, endpoints, builder.clock);
    this.maxRetries = builder.maxRetries;
    this.retryBackoff = builder.retryBackoff;
    this.maxBlobBytes = builder.maxBlobBytes;
  }

  /** A client with the defaults: anonymous, 2 s connect, 5 s per request, 2 retries. */
  public static RegistryClient create() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The digest, media type and size of a manifest, without its content.
   *
   * @return empty when the registry has no such manifest
   */
  public Optional<ManifestInfo> headManifest(String registry, String repository, String reference) {
    checkNames(registry, repository);
    Endpoints.checkReference(reference);
    RegistryCall call =
        read(registry, repository, "manifest.head", "HEAD", manifestPath(repository, reference))
            .withAccept();
    RegistryResponse response = execute(call);
    if (response.status() == 404) {
      return Optional.empty();
    }
    requireStatus(call, response, 200, "manifest " + reference);
    Optional<String> digest = response.header("Docker-Content-Digest");
    if (digest.isEmpty()) {
      return getManifest(registry, repository, reference)
          .map(m -> new ManifestInfo(m.digest(), m.mediaType(), m.size()));
    }
    String announced = validDigest(call, digest.get());
    if (Digests.isValid(reference) && !reference.equals(announced)) {
      throw call.fail(
          Reason.DIGEST_MISMATCH,
          "asked for " + reference + ", the registry announced " + announced);
    }
    long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    return Optional.of(new ManifestInfo(announced, mediaType(response).orElse(""), size));
  }

  /**
   * A manifest and its content, verified against its digest.
   *
   * @return empty when the registry has no such manifest
   * @throws RegistryException {@code DIGEST_MISMATCH} when the content does not hash to the digest
   *     asked for or announced; {@code TOO_LARGE} above {@link #MAX_MANIFEST_BYTES}
   */
  public Optional<Manifest> getManifest(String registry, String repository, String reference) {
    checkNames(registry, repository);
    Endpoints.checkReference(reference);
    RegistryCall call =
        read(registry, repository, "manifest.get", "GET", manifestPath(repository, reference))
            .withAccept();
    RegistryResponse response = execute(call);
    if (response.status() == 404) {
      return Optional.empty();
    }
    requireStatus(call, response, 200, "manifest " + reference);
    byte[] content = response.body();
    String digest = verifiedManifestDigest(call, response, reference, content);
    String mediaType =
        mediaType(response)
            .filter(Manifest.ACCEPTED_TYPES::contains)
            .or(() -> declaredMediaType(content))
            .orElseThrow(
                () -> call.fail(Reason.PROTOCOL_ERROR, "manifest " + digest + " of unknown type"));
    return Optional.of(new Manifest(registry, repository, digest, mediaType, content));
  }

  /**
   * The digest a tag points to now; a digest is checked to exist and returned as is.
   *
   * @throws RegistryException {@code NOT_FOUND} when there is no such manifest
   */
  public String resolveDigest(String registry, String repository, String reference) {
    return headManifest(registry, repository, reference)
        .map(ManifestInfo::digest)
        .orElseThrow(
            () ->
                new RegistryException(
                    Reason.NOT_FOUND,
                    registry,
                    repository,
                    "manifest " + reference + " not found"));
  }

  /**
   * Uploads a manifest under a tag or its digest.
   *
   * @return the manifest's digest
   */
  public String putManifest(
      String registry, String repository, String reference, String mediaType, byte[] content) {
    checkNames(registry, repository);
    Endpoints.checkReference(reference);
    String digest = Digests.sha256(content);
    RegistryCall call =
        write(
            registry,
            repository,
            "manifest.put",
            "PUT",
            manifestPath(repository, reference),
            Map.of("Content-Type", mediaType),
            HttpRequest.BodyPublishers.ofByteArray(content),
            true);
    if (content.length > MAX_MANIFEST_BYTES) {
      throw call.fail(Reason.TOO_LARGE, "manifest of " + content.length + " B exceeds 4 MiB");
    }
    if (Digests.isValid(reference) && !reference.equals(digest)) {
      throw call.fail(
          Reason.DIGEST_MISMATCH, "manifest hashes to " + digest + ", not " + reference);
    }
    RegistryResponse response = execute(call);
    requireStatus(call, response, 201, "manifest " + reference);
    requireAnnounced(call, response, digest);
    return digest;
  }

  /**
   * The size of a blob, if the repository has it.
   *
   * @return empty when the registry has no such blob
   */
  public Optional<Long> headBlob(String registry, String repository, String digest) {
    checkNames(registry, repository);
    Endpoints.checkDigest(digest);
    RegistryCall call =
        read(registry, repository, "blob.head", "HEAD", blobPath(repository, digest));
    RegistryResponse response = followRedirects(call, execute(call));
    if (response.status() == 404) {
      return Optional.empty();
    }
    requireStatus(call, response, 200, "blob " + digest);
    return Optional.of(response.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  /**
   * Downloads the blob {@code descriptor} names, checking its size and digest.
   *
   * @throws RegistryException {@code NOT_FOUND}, {@code TOO_LARGE} when the descriptor's size
   *     exceeds the configured blob limit or the content is not that size, {@code DIGEST_MISMATCH}
   */
  public byte[] getBlob(String registry, String repository, Descriptor descriptor) {
    long limit = Math.min(descriptor.size(), maxBlobBytes);
    if (descriptor.size() > maxBlobBytes) {
      throw new RegistryException(
          Reason.TOO_LARGE,
          registry,
          repository,
          "blob " + descriptor.digest() + " of " + descriptor.size() + " B exceeds the limit");
    }
    byte[] content = getBlob(registry, repository, descriptor.digest(), limit);
    if (content.length != descriptor.size()) {
      throw new RegistryException(
          Reason.TOO_LARGE,
          registry,
          repository,
          "blob " + descriptor.digest() + " is " + content.length + " B, not " + descriptor.size());
    }
    return content;
  }

  /**
   * Downloads a blob of at most {@code maxBytes}, verified against {@code digest}.
   *
   * @throws RegistryException {@code NOT_FOUND}, {@code TOO_LARGE}, {@code DIGEST_MISMATCH}
   */
  public byte[] getBlob(String registry, String repository, String digest, long maxBytes) {
    checkNames(registry, repository);
    Endpoints.checkDigest(digest);
    RegistryCall call =
        read(registry, repository, "blob.get", "GET", blobPath(repository, digest))
            .withMaxBody(Math.min(maxBytes, maxBlobBytes));
    RegistryResponse response = followRedirects(call, execute(call));
    requireStatus(call, response, 200, "blob " + digest);
    byte[] content = response.body();
    String actual = Digests.computeLike(digest, content);
    if (!actual.equals(digest)) {
      throw call.fail(Reason.DIGEST_MISMATCH, "blob " + digest + " hashes to " + actual);
    }
    return content;
  }

  /**
   * Uploads a blob (monolithically) unless the repository has it already.
   *
   * @return the blob's {@code sha256} digest
   */
  public String pushBlob(String registry, String repository, byte[] content) {
    checkNames(registry, repository);
    String digest = Digests.sha256(content);
    Optional<Long> existing = headBlob(registry, repository, digest);
    if (existing.isPresent() && existing.get() == content.length) {
      return digest;
    }
    RegistryCall start =
        write(
            registry,
            repository,
            "blob.upload",
            "POST",
            "/v2/" + repository + "/blobs/uploads/",
            Map.of(),
            HttpRequest.BodyPublishers.noBody(),
            false);
    RegistryResponse started = execute(start);
    requireStatus(start, started, 202, "blob upload");
    URI location = uploadLocation(start, started, digest);
    RegistryCall finish =
        write(
                registry,
                repository,
                "blob.put",
                "PUT",
                "/",
                Map.of("Content-Type", "application/octet-stream"),
                HttpRequest.BodyPublishers.ofByteArray(content),
                false)
            .withUri(location);
    RegistryResponse finished = execute(finish);
    requireStatus(finish, finished, 201, "blob upload");
    requireAnnounced(finish, finished, digest);
    long stored = headBlob(registry, repository, digest).orElse(-1L);
    if (stored != content.length) {
      throw finish.fail(
          Reason.PROTOCOL_ERROR,
          "blob " + digest + " stored as " + stored + " B, uploaded " + content.length);
    }
    return digest;
  }

  /**
   * All tags of a repository, following the registry's pagination (at most 100 pages).
   *
   * @return the tags in the registry's order; empty when the repository has none
   */
  public List<String> listTags(String registry, String repository) {
    checkNames(registry, repository);
    List<String> tags = new ArrayList<>();
    String path = "/v2/" + repository + "/tags/list?n=" + TAG_PAGE_SIZE;
    for (int page = 0; page < MAX_TAG_PAGES; page++) {
      RegistryCall call =
          read(registry, repository, "tags.list", "GET", path).withMaxBody(MAX_TAG_PAGE_BYTES);
      RegistryResponse response = execute(call);
      requireStatus(call, response, 200, "tag list");
      tags.addAll(tagsOf(call, response.body()));
      Optional<String> next = nextPage(call, response);
      if (next.isEmpty()) {
        return List.copyOf(tags);
      }
      path = next.get();
    }
    throw new RegistryException(
        Reason.TOO_LARGE, registry, repository, "tag list longer than " + MAX_TAG_PAGES + " pages");
  }

  /** Releases the connection pool. */
  @Override
  public void close() {
    transport.close();
  }

  private RegistryResponse execute(RegistryCall call) {
    int attempts = call.idempotent() ? maxRetries + 1 : 1;
    for (int attempt = 1; ; attempt++) {
      try {
        RegistryResponse response = authenticated(call);
        if (attempt < attempts && retryable(response.status())) {
          pause(attempt);
          continue;
        }
        return response;
      } catch (RegistryException e) {
        if (attempt >= attempts || e.reason() != Reason.UNREACHABLE) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  private RegistryResponse authenticated(RegistryCall call) {
    Optional<String> authorization = authenticator.current(call);
    RegistryResponse response = transport.send(call, authorization);
    if (response.status() != 401) {
      return response;
    }
    Optional<AuthChallenge> challenge =
        AuthChallenge.select(response.headers().allValues("WWW-Authenticate"));
    if (challenge.isEmpty()) {
      return response;
    }
    Optional<String> answer = authenticator.answer(call, challenge.get(), authorization);
    return answer.isEmpty() ? response : transport.send(call, answer);
  }

  private RegistryResponse followRedirects(RegistryCall call, RegistryResponse first) {
    RegistryResponse response = first;
    URI origin = call.uri();
    for (int hops = 0; isRedirect(response.status()); hops++) {
      if (hops == MAX_REDIRECTS) {
        throw call.fail(Reason.PROTOCOL_ERROR, "more than " + MAX_REDIRECTS + " redirects");
      }
      URI next = redirectTarget(call, response);
      RegistryCall hop = call.withUri(next);
      boolean sameOrigin =
          next.getScheme().equals(origin.getScheme())
              && next.getRawAuthority().equalsIgnoreCase(origin.getRawAuthority());
      // Registries redirect downloads to storage; credentials stay with the registry.
      response = sameOrigin ? authenticated(hop) : transport.send(hop, Optional.empty());
    }
    return response;
  }

  private static URI redirectTarget(RegistryCall call, RegistryResponse response) {
    String location =
        response
            .header("Location")
            .orElseThrow(() -> call.fail(Reason.PROTOCOL_ERROR, "redirect without Location"));
    URI next;
    try {
      next = response.uri().resolve(location);
    } catch (IllegalArgumentException e) {
      throw call.fail(Reason.PROTOCOL_ERROR, "redirect to an invalid location");
    }
    String from = response.uri().getScheme();
    boolean allowed =
        next.getScheme() != null
            && next.getRawAuthority() != null
            && (next.getScheme().equals(from) || next.getScheme().equals("https"));
    if (!allowed) {
      throw call.fail(
          Reason.PROTOCOL_ERROR, "refused redirect from " + from + " to " + next.getScheme());
    }
    return next;
  }

  private URI uploadLocation(RegistryCall call, RegistryResponse response, String digest) {
    String location =
        response
            .header("Location")
            .orElseThrow(() -> call.fail(Reason.PROTOCOL_ERROR, "upload without Location"));
    URI uri;
    try {
      uri = response.uri().resolve(location);
    } catch (IllegalArgumentException e) {
      throw call.fail(Reason.PROTOCOL_ERROR, "upload at an invalid location");
    }
    if (!response.uri().getScheme().equals(uri.getScheme())
        || uri.getRawAuthority() == null
        || !uri.getRawAuthority().equalsIgnoreCase(response.uri().getRawAuthority())) {
      throw call.fail(Reason.PROTOCOL_ERROR, "upload location on another host");
    }
    String separator = uri.getRawQuery() == null ? "?" : "&";
    return URI.create(uri + separator + "digest=" + digest.replace(":", "%3A"));
  }

  private String verifiedManifestDigest(
      RegistryCall call, RegistryResponse response, String reference, byte[] content) {
    Optional<String> announced = response.header("Docker-Content-Digest");
    String algorithmOf =
        Digests.isValid(reference)
            ? reference
            : announced.filter(Digests::isValid).orElse("sha256:");
    String actual = Digests.computeLike(algorithmOf, content);
    if (Digests.isValid(reference) && !actual.equals(reference)) {
      throw call.fail(Reason.DIGEST_MISMATCH, "manifest " + reference + " hashes to " + actual);
    }
    if (announced.isPresent()) {
      String digest = validDigest(call, announced.get());
      if (!Digests.computeLike(digest, content).equals(digest)) {
        throw call.fail(
            Reason.DIGEST_MISMATCH, "manifest announced as " + digest + " hashes to " + actual);
      }
    }
    return actual;
  }

  private static String validDigest(RegistryCall call, String digest) {
    if (!Digests.isValid(digest)) {
      throw call.fail(Reason.PROTOCOL_ERROR, "invalid Docker-Content-Digest header");
    }
    return digest;
  }

  private static void requireAnnounced(
      RegistryCall call, RegistryResponse response, String digest) {
    Optional<String> announced = response.header("Docker-Content-Digest");
    if (announced.isPresent() && !announced.get().equals(digest)) {
      throw call.fail(
          Reason.DIGEST_MISMATCH, "stored as " + announced.get() + ", uploaded " + digest);
    }
  }

  private static void requireStatus(
      RegistryCall call, RegistryResponse response, int expected, String what) {
    int status = response.status();
    if (status == expected) {
      return;
    }
    String detail = what + ": HTTP " + status;
    throw switch (status) {
      case 401, 403 -> call.fail(Reason.UNAUTHORIZED, detail + " (access refused)");
      case 404 -> call.fail(Reason.NOT_FOUND, detail + " (not found)");
      case 413 -> call.fail(Reason.TOO_LARGE, detail + " (too large)");
      case 429, 500, 502, 503, 504 -> call.fail(Reason.UNREACHABLE, detail + " (unavailable)");
      default -> call.fail(Reason.PROTOCOL_ERROR, detail + " (unexpected)");
    };
  }

  private static List<String> tagsOf(RegistryCall call, byte[] body) {
    JsonNode tags;
    try {
      tags = RegistryJson.read(body).path("tags");
    } catch (IOException e) {
      throw call.fail(Reason.PROTOCOL_ERROR, "tag list is not valid JSON");
    }
    if (tags.isNull() || tags.isMissingNode()) {
      return List.of();
    }
    if (!tags.isArray()) {
      throw call.fail(Reason.PROTOCOL_ERROR, "\"tags\" is not an array");
    }
    List<String> result = new ArrayList<>();
    for (JsonNode tag : tags) {
      if (!tag.isTextual()) {
        throw call.fail(Reason.PROTOCOL_ERROR, "a tag is not a string");
      }
      result.add(tag.asText());
    }
    return result;
  }

  private static Optional<String> nextPage(RegistryCall call, RegistryResponse response) {
    Optional<String> link = response.header("Link");
    if (link.isEmpty()) {
      return Optional.empty();
    }
    Matcher matcher = NEXT_LINK.matcher(link.get());
    if (!matcher.find()) {
      return Optional.empty();
    }
    URI next = response.uri().resolve(matcher.group(1));
    String expectedPrefix = "/v2/" + call.repository() + "/tags/list";
    if (!next.getRawAuthority().equalsIgnoreCase(response.uri().getRawAuthority())
        || !next.getScheme().equals(response.uri().getScheme())
        || !next.getRawPath().equals(expectedPrefix)) {
      throw call.fail(Reason.PROTOCOL_ERROR, "tag list pagination leaves the repository");
    }
    return Optional.of(
        next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
  }

  private static Optional<String> mediaType(RegistryResponse response) {
    return response
        .header("Content-Type")
        .map(value -> value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT));
  }

  private static Optional<String> declaredMediaType(byte[] content) {
    try {
      JsonNode mediaType = RegistryJson.read(content).path("mediaType");
      return mediaType.isTextual() && Manifest.ACCEPTED_TYPES.contains(mediaType.asText())
          ? Optional.of(mediaType.asText())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private void pause(int attempt) {
    long millis = retryBackoff.toMillis() << Math.min(attempt - 1, 10);
    try {
      Thread.sleep(Math.min(millis, MAX_BACKOFF.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }

  private static void checkNames(String registry, String repository) {
    Endpoints.checkRegistry(registry);
    Endpoints.checkRepository(repository);
  }

  private static String manifestPath(String repository, String reference) {
    return "/v2/" + repository + "/manifests/" + reference;
  }

  private static String blobPath(String repository, String digest) {
    return "/v2/" + repository + "/blobs/" + digest;
  }

  private RegistryCall read(
      String registry, String repository, String operation, String method, String path) {
    return new RegistryCall(
        registry,
        repository,
        operation,
        method,
        endpoints.base(registry).resolve(path),
        Map.of(),
        HttpRequest.BodyPublishers.noBody(),
        true,
        "pull",
        MAX_MANIFEST_BYTES);
  }

  private RegistryCall write(
      String registry,
      String repository,
      String operation,
      String method,
      String path,
      Map<String, String> headers,
      BodyPublisher body,
      boolean idempotent) {
    return new RegistryCall(
        registry,
        repository,
        operation,
        method,
        endpoints.base(registry).resolve(path),
        headers,
        body,
        idempotent,
        "pull,push",
        MAX_MANIFEST_BYTES);
  }

  /** Builds a {@link RegistryClient}; every setting has a default. */
  public static final class Builder {
    private RegistryCredentials credentials = RegistryCredentials.none();
    private final Set<String> insecure = new HashSet<>();
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private int maxRetries = 2;
    private Duration retryBackoff = Duration.ofMillis(200);
    private long maxBlobBytes = 64L << 20;
    private RegistryListener listener = RegistryListener.noop();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The credentials per registry; none by default. */
    public Builder credentials(RegistryCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /** Registries ({@code host} or {@code host:port}) to speak plain http to. */
    public Builder insecureRegistries(Collection<String> registries) {
      registries.forEach(r -> insecure.add(r.toLowerCase(Locale.ROOT)));
      return this;
    }

    /** How long to wait for a connection; 2 s by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connect timeout", timeout);
      return this;
    }

    /** How long one request may take, body included; 5 s by default. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("request timeout", timeout);
      return this;
    }

    /** Retries of idempotent calls after a connection failure, 429 or 5xx; 2 by default. */
    public Builder maxRetries(int retries) {
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("retries must be between 0 and 10: " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /** The pause before the first retry, doubled for each next one; 200 ms by default. */
    public Builder retryBackoff(Duration backoff) {
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("retry backoff cannot be negative: " + backoff);
      }
      this.retryBackoff = backoff;
      return this;
    }

    /** The largest blob downloaded; 64 MiB by default. */
    public Builder maxBlobBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("blob limit must be positive: " + bytes);
      }
      this.maxBlobBytes = bytes;
      return this;
    }

    /** Told about each HTTP request; a no-op by default. */
    public Builder listener(RegistryListener listener) {
      this.listener = listener;
      return this;
    }

    /** The clock for token expiry and request durations; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The client. */
    public RegistryClient build() {
      return new RegistryClient(this);
    }

    private static Duration positive(String what, Duration value) {
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive: " + value);
      }
      return value;
    }
  }
}
