package io.gatehouse.images.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password for a registry. {@link #toString()} never shows the password.
 *
 * @param username the user name, without {@code :}
 * @param password the password or access token
 */
public record BasicCredentials(String username, String password) {
  /** Rejects a user name with a colon, which HTTP basic cannot carry. */
  public BasicCredentials {
    if (username.isEmpty() || username.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a registry user name must be non-empty and without ':'");
    }
  }

  /** The value of an {@code Authorization} header carrying these credentials. */
  String authorizationHeader() {
    String pair = username + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "BasicCredentials[username=" + username + ", password=***]";
  }
}
