package io.gatehouse.dast.crawl;

import java.util.Objects;

/**
 * One input of an endpoint.
 *
 * @param location where it travels
 * @param name its name: the field or header name, the cookie name, a JSON pointer into the body
 *     ({@code /user/name}, {@code /items/0}), or a path parameter's name
 * @param value the value the page gave it, or a default that fits its type
 * @param position for a {@link Location#PATH} parameter, the index of its segment in the URL's path
 *     split at {@code /} (the empty segment before the first slash is 0); -1 otherwise
 */
public record Parameter(Location location, String name, String value, int position) {
  /** Where a parameter travels in the request. */
  public enum Location {
    /** A query parameter of the URL. */
    QUERY,
    /** A field of an {@code application/x-www-form-urlencoded} body. */
    FORM,
    /** A field of a {@code multipart/form-data} body. */
    MULTIPART,
    /**
     * The content of a file part of a {@code multipart/form-data} body (a file input), sent as
     * {@code gatehouse.txt}, {@code text/plain}.
     */
    FILE,
    /**
     * The file name of the file part named {@code name} ({@code filename=} of its {@code
     * Content-Disposition}), {@code gatehouse.txt} at first.
     */
    FILE_NAME,
    /**
     * The {@code Content-Type} of the file part named {@code name}, {@code text/plain} at first.
     */
    FILE_TYPE,
    /**
     * The whole body, an XML document; {@code name} is its media type ({@code application/xml}).
     */
    XML_BODY,
    /** A string, number or boolean in a JSON body, named by its JSON pointer. */
    JSON,
    /** A segment of the URL's path. */
    PATH,
    /** A request header. */
    HEADER,
    /** A cookie. */
    COOKIE
  }

  public Parameter {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if ((location == Location.PATH) != (position > 0)) {
      throw new IllegalArgumentException(
          "a path parameter needs a segment position > 0, others none: "
              + location
              + " "
              + name
              + " at "
              + position);
    }
  }

  /** A parameter that is not a path segment. */
  public Parameter(Location location, String name, String value) {
    this(location, name, value, -1);
  }

  /** The path segment at {@code position} (1 for the first), named {@code name}. */
  public static Parameter pathSegment(String name, String value, int position) {
    return new Parameter(Location.PATH, name, value, position);
  }

  /** The whole body as the XML document {@code xml}, of the media type {@code mediaType}. */
  public static Parameter xmlBody(String mediaType, String xml) {
    return new Parameter(Location.XML_BODY, mediaType, xml);
  }

  /** This parameter with another value. */
  public Parameter withValue(String newValue) {
    return new Parameter(location, name, newValue, position);
  }

  /**
   * The name as reports show it: query, form and multipart fields by their name, the others with
   * their location ({@code header:User-Agent}, {@code cookie:lang}, {@code json:/user/name}, {@code
   * path:id}, {@code file:upload}, {@code filename:upload}, {@code filetype:upload}, {@code
   * body:application/xml}), so that one name in two places is two inputs.
   */
  public String label() {
    return switch (location) {
      case QUERY, FORM, MULTIPART -> name;
      case JSON -> "json:" + name;
      case PATH -> "path:" + name;
      case FILE -> "file:" + name;
      case FILE_NAME -> "filename:" + name;
      case FILE_TYPE -> "filetype:" + name;
      case XML_BODY -> "body:" + name;
      case HEADER -> "header:" + name;
      case COOKIE -> "cookie:" + name;
    };
  }
}
