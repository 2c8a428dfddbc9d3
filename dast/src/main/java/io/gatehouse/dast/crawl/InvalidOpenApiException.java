package io.gatehouse.dast.crawl;

/** An OpenAPI document that cannot be read or is not an OpenAPI 3 document. */
public final class InvalidOpenApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;

  InvalidOpenApiException(String source, String reason) {
    super(source + ": " + reason);
    this.source = source;
  }

  InvalidOpenApiException(String source, String reason, Throwable cause) {
    super(source + ": " + reason, cause);
    this.source = source;
  }

  /** The file or URL of the document. */
  public String source() {
    return source;
  }
}
