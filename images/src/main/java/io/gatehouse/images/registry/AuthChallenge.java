package io.gatehouse.images.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 section 11.6.1): a scheme and its
 * parameters, such as {@code Bearer realm="https://auth.example/token",service="example"}.
 *
 * @param scheme the scheme in lower case ({@code bearer}, {@code basic})
 * @param parameters the parameters, names in lower case, values unquoted
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {
  private static final int MAX_HEADER = 4096;

  AuthChallenge {
    parameters = Map.copyOf(parameters);
  }

  /** Picks the bearer challenge among {@code headers} if there is one, else the basic one. */
  static Optional<AuthChallenge> select(List<String> headers) {
    Optional<AuthChallenge> basic = Optional.empty();
    for (String header : headers) {
      Optional<AuthChallenge> challenge = parse(header);
      if (challenge.isPresent() && challenge.get().scheme().equals("bearer")) {
        return challenge;
      }
      if (challenge.isPresent() && challenge.get().scheme().equals("basic")) {
        basic = challenge;
      }
    }
    return basic;
  }

  /** Parses the first challenge of a header value; empty when it is not well formed. */
  static Optional<AuthChallenge> parse(String header) {
    if (header.length() > MAX_HEADER) {
      return Optional.empty();
    }
    String text = header.strip();
    int space = text.indexOf(' ');
    String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
    if (scheme.isEmpty() || !scheme.chars().allMatch(AuthChallenge::isTokenChar)) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    if (space >= 0 && !parseParameters(text.substring(space + 1), parameters)) {
      return Optional.empty();
    }
    return Optional.of(new AuthChallenge(scheme, parameters));
  }

  Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  private static boolean parseParameters(String text, Map<String, String> into) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
        i++;
      }
      int nameStart = i;
      while (i < n && isTokenChar(text.charAt(i))) {
        i++;
      }
      if (i == nameStart || i >= n || text.charAt(i) != '=') {
        return i == nameStart && i >= n;
      }
      String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i++;
      StringBuilder value = new StringBuilder();
      i = text.startsWith("\"", i) ? quoted(text, i + 1, value) : token(text, i, value);
      if (i < 0 || into.putIfAbsent(name, value.toString()) != null) {
        return false;
      }
    }
    return true;
  }

  private static int quoted(String text, int start, StringBuilder value) {
    int i = start;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < text.length()) {
        i++;
        c = text.charAt(i);
      }
      value.append(c);
      i++;
    }
    return -1;
  }

  private static int token(String text, int start, StringBuilder value) {
    int i = start;
    while (i < text.length() && isTokenChar(text.charAt(i))) {
      value.append(text.charAt(i));
      i++;
    }
    return i == start ? -1 : i;
  }

  private static boolean isTokenChar(int c) {
    return (c > 32 && c < 127 && "()<>@,;\\\"[]?={} ".indexOf(c) < 0);
  }
}
