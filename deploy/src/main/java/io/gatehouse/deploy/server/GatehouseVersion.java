package io.gatehouse.deploy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build of Gatehouse, as Maven stamped it. */
public final class GatehouseVersion {
  private static final String VERSION = load();

  private GatehouseVersion() {}

  /** The version, e.g. {@code 0.1.0}. */
  public static String current() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = GatehouseVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build's version", e);
    }
  }
}
