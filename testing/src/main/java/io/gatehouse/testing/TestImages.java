package io.gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Pushes small, real OCI images to a registry such as {@link OciRegistryServer}, through the
 * distribution API over plain HTTP, with nothing but the JDK: so that the code under test is not
 * also what set the scene.
 */
public final class TestImages {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private TestImages() {}

  /**
   * Pushes a one-layer image whose layer says {@code content} as {@code registry/repository:tag};
   * returns its manifest digest ({@code sha256:…}).
   */
  public static String push(String registry, String repository, String tag, String content) {
    byte[] layer = content.getBytes(StandardCharsets.UTF_8);
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    String manifest =
        """
        {"schemaVersion":2,"mediaType":"%s",\
        "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},\
        "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}"""
            .formatted(
                OCI_MANIFEST,
                pushBlob(registry, repository, config),
                config.length,
                pushBlob(registry, repository, layer),
                layer.length);
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(uri(registry, repository, "/manifests/" + tag))
                .header("Content-Type", OCI_MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofString(manifest))
                .build(),
            201);
    return put.headers()
        .firstValue("Docker-Content-Digest")
        .orElseThrow(() -> new IllegalStateException("the registry named no digest"));
  }

  /** Uploads a blob monolithically; returns its digest. */
  public static String pushBlob(String registry, String repository, byte[] blob) {
    String digest = "sha256:" + sha256(blob);
    HttpResponse<String> started =
        send(
            HttpRequest.newBuilder(uri(registry, repository, "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            202);
    URI upload =
        URI.create("http://" + registry)
            .resolve(started.headers().firstValue("Location").orElseThrow());
    String separator = upload.getRawQuery() == null ? "?" : "&";
    send(
        HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
            .build(),
        201);
    return digest;
  }

  private static URI uri(String registry, String repository, String path) {
    return URI.create("http://" + registry + "/v2/" + repository + path);
  }

  private static HttpResponse<String> send(HttpRequest request, int expected) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the registry at " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
