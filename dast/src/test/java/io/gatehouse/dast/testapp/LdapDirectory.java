package io.gatehouse.dast.testapp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small in-memory directory for the test target, searched with RFC 4515 filters ({@code &},
 * {@code |}, {@code !}, equality with {@code *} wildcards, presence). A malformed filter fails as
 * JNDI does, with {@code InvalidSearchFilterException: Bad search filter}.
 */
final class LdapDirectory {
  /** A malformed filter. */
  static final class BadFilterException extends Exception {
    private static final long serialVersionUID = 1L;

    BadFilterException(String filter) {
      super("javax.naming.directory.InvalidSearchFilterException: Bad search filter: " + filter);
    }
  }

  private final List<Map<String, String>> entries =
      List.of(
          Map.of(
              "uid",
              "alice",
              "cn",
              "Alice Archer",
              "objectClass",
              "person",
              "mail",
              "alice@shop.test"),
          Map.of("uid", "bob", "cn", "Bob Baker", "objectClass", "person", "mail", "bob@shop.test"),
          Map.of("uid", "printer", "cn", "Printer", "objectClass", "device", "mail", ""));

  /** The entries {@code filter} matches. */
  List<Map<String, String>> search(String filter) throws BadFilterException {
    Parser parser = new Parser(filter);
    Node node = parser.filter();
    if (parser.at != filter.length()) {
      throw new BadFilterException(filter);
    }
    List<Map<String, String>> found = new ArrayList<>();
    for (Map<String, String> entry : entries) {
      if (node.matches(entry)) {
        found.add(entry);
      }
    }
    return found;
  }

  /** RFC 4515 escaping of a value. */
  static String escape(String value) {
    StringBuilder escaped = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> escaped.append("\\5c");
        case '*' -> escaped.append("\\2a");
        case '(' -> escaped.append("\\28");
        case ')' -> escaped.append("\\29");
        case '\0' -> escaped.append("\\00");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private interface Node {
    boolean matches(Map<String, String> entry);
  }

  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    Node filter() throws BadFilterException {
      expect('(');
      if (at >= text.length()) {
        throw new BadFilterException(text);
      }
      char c = text.charAt(at);
      Node node;
      if (c == '&' || c == '|') {
        at++;
        List<Node> children = new ArrayList<>();
        while (at < text.length() && text.charAt(at) == '(') {
          children.add(filter());
        }
        if (children.isEmpty()) {
          throw new BadFilterException(text);
        }
        node =
            c == '&'
                ? e -> children.stream().allMatch(n -> n.matches(e))
                : e -> children.stream().anyMatch(n -> n.matches(e));
      } else if (c == '!') {
        at++;
        Node child = filter();
        node = e -> !child.matches(e);
      } else {
        node = item();
      }
      expect(')');
      return node;
    }

    private Node item() throws BadFilterException {
      int equals = text.indexOf('=', at);
      int close = text.indexOf(')', at);
      if (equals < 0 || close < 0 || equals > close || equals == at) {
        throw new BadFilterException(text);
      }
      String attribute = text.substring(at, equals);
      String pattern = text.substring(equals + 1, close);
      if (pattern.contains("(") || attribute.contains("(")) {
        throw new BadFilterException(text);
      }
      at = close;
      java.util.regex.Pattern regex =
          java.util.regex.Pattern.compile(
              toRegex(unescape(pattern)), java.util.regex.Pattern.CASE_INSENSITIVE);
      return e -> {
        String value = e.get(attribute);
        return value != null && regex.matcher(value).matches();
      };
    }

    private String unescape(String pattern) throws BadFilterException {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '\\') {
          if (i + 2 >= pattern.length()) {
            throw new BadFilterException(text);
          }
          try {
            out.append('\u0001')
                .append((char) Integer.parseInt(pattern.substring(i + 1, i + 3), 16));
          } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new BadFilterException(text);
          }
          i += 2;
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    private static String toRegex(String pattern) {
      StringBuilder regex = new StringBuilder();
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '\u0001') {
          regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
        } else if (c == '*') {
          regex.append(".*");
        } else {
          regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
      }
      return regex.toString();
    }

    private void expect(char c) throws BadFilterException {
      if (at >= text.length() || text.charAt(at) != c) {
        throw new BadFilterException(text);
      }
      at++;
    }
  }
}
