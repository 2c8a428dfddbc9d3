package io.gatehouse.images.registry;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** A response whose body has been read within its limit. */
final class RegistryResponse {
  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;
  private final URI uri;

  RegistryResponse(int status, HttpHeaders headers, byte[] body, URI uri) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.uri = uri;
  }

  int status() {
    return status;
  }

  HttpHeaders headers() {
    return headers;
  }

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The body; empty for HEAD requests and for error statuses. */
  byte[] body() {
    return body;
  }

  URI uri() {
    return uri;
  }
}
