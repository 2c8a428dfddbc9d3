package io.gatehouse.deploy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenAPI 3.1 description of {@code /api/v1}, read once from the classpath. */
final class OpenApiDocument {
  private static final String RESOURCE = "openapi.json";
  private static final byte[] BYTES = load();

  private OpenApiDocument() {}

  /** The document's bytes; callers must not modify them. */
  static byte[] bytes() {
    return BYTES;
  }

  private static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the API description " + RESOURCE + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API description " + RESOURCE, e);
    }
  }
}
