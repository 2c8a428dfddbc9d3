package io.gatehouse.dast.crawl;

import java.util.Objects;

/**
 * One input of an endpoint.
 *
 * @param location where it travels
 * @param name its name
 * @param value the value the page gave it, or a default that fits its type
 */
public record Parameter(Location location, String name, String value) {
  /** Where a parameter travels in the request. */
  public enum Location {
    QUERY,
    FORM
  }

  public Parameter {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** This parameter with another value. */
  public Parameter withValue(String newValue) {
    return new Parameter(location, name, newValue);
  }
}
