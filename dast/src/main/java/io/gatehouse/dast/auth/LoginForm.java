package io.gatehouse.dast.auth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the scan logs in through a web form.
 *
 * @param url the login page: the scan reads its form (hidden fields such as a CSRF token included)
 *     and submits it with {@code fields}; a page without a form gets the fields POSTed to it
 * @param fields the values to fill in, by input name; secrets, never shown
 * @param loggedIn what a page shows once logged in, checked on the page the login leads to (or,
 *     failing that, on the scan's start page)
 * @param loggedOut what a page shows once the session is lost, if the page itself does not say so
 *     by a 401 or a redirect to the login page
 */
public record LoginForm(
    URI url, Map<String, String> fields, Pattern loggedIn, Optional<Pattern> loggedOut) {
  public LoginForm {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(loggedIn, "loggedIn");
    Objects.requireNonNull(loggedOut, "loggedOut");
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a login form needs at least one field to fill in");
    }
    fields = Map.copyOf(new LinkedHashMap<>(fields));
  }

  @Override
  public String toString() {
    return "LoginForm[url=" + url + ", fields=" + fields.keySet() + ", loggedIn=" + loggedIn + "]";
  }
}
