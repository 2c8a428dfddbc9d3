package io.gatehouse.deploy.project;

import java.util.ArrayList;
import java.util.List;

/**
 * A branch or tag name pattern with fnmatch-like semantics: {@code *} matches any run of characters
 * except {@code /}, {@code **} any run including {@code /}, {@code ?} one character other than
 * {@code /}, {@code [abc]} and {@code [a-z]} one character of a class ({@code [!abc]} one not in
 * it; a class never matches {@code /}); every other character stands for itself. Matching runs in
 * time proportional to pattern length times name length, never backtracking.
 */
public final class RefPattern {
  /** The longest pattern. */
  public static final int MAX_LENGTH = 255;

  private final String text;
  private final List<Token> tokens;

  private RefPattern(String text, List<Token> tokens) {
    this.text = text;
    this.tokens = tokens;
  }

  /**
   * Compiles a pattern.
   *
   * @throws InvalidRulesException (with an empty path) if the pattern is empty, too long, holds a
   *     control character or an unterminated or empty class
   */
  public static RefPattern compile(String pattern) {
    if (pattern.isEmpty() || pattern.length() > MAX_LENGTH) {
      throw new InvalidRulesException("", "a pattern must be 1 to " + MAX_LENGTH + " characters");
    }
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (Character.isISOControl(c) || c == ' ') {
        throw new InvalidRulesException(
            "", "a pattern must not contain spaces or control characters");
      }
      if (c == '*') {
        boolean twice = i + 1 < pattern.length() && pattern.charAt(i + 1) == '*';
        tokens.add(new Token(twice ? Kind.ANY_PATH : Kind.ANY_SEGMENT, "", false));
        i += twice ? 2 : 1;
      } else if (c == '?') {
        tokens.add(new Token(Kind.ONE, "", false));
        i++;
      } else if (c == '[') {
        i = charClass(pattern, i, tokens);
      } else {
        tokens.add(new Token(Kind.LITERAL, String.valueOf(c), false));
        i++;
      }
    }
    return new RefPattern(pattern, List.copyOf(tokens));
  }

  /** Whether the whole {@code name} matches this pattern. */
  public boolean matches(String name) {
    int n = name.length();
    // reachable[j]: the tokens so far can consume exactly name[0, j)
    boolean[] reachable = new boolean[n + 1];
    reachable[0] = true;
    for (Token token : tokens) {
      boolean[] next = new boolean[n + 1];
      for (int j = 0; j <= n; j++) {
        if (!reachable[j]) {
          continue;
        }
        switch (token.kind()) {
          case ANY_SEGMENT -> {
            next[j] = true;
            for (int k = j; k < n && name.charAt(k) != '/'; k++) {
              next[k + 1] = true;
            }
          }
          case ANY_PATH -> {
            for (int k = j; k <= n; k++) {
              next[k] = true;
            }
          }
          default -> {
            if (j < n && token.accepts(name.charAt(j))) {
              next[j + 1] = true;
            }
          }
        }
      }
      reachable = next;
    }
    return reachable[n];
  }

  /** The pattern as written. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  private static int charClass(String pattern, int start, List<Token> tokens) {
    int i = start + 1;
    boolean negated = i < pattern.length() && pattern.charAt(i) == '!';
    if (negated) {
      i++;
    }
    StringBuilder members = new StringBuilder();
    int first = i;
    while (i < pattern.length() && (pattern.charAt(i) != ']' || i == first)) {
      char c = pattern.charAt(i);
      if (i + 2 < pattern.length()
          && pattern.charAt(i + 1) == '-'
          && pattern.charAt(i + 2) != ']') {
        char end = pattern.charAt(i + 2);
        if (end < c) {
          throw new InvalidRulesException("", "the range " + c + "-" + end + " is reversed");
        }
        for (char r = c; r <= end; r++) {
          members.append(r);
        }
        i += 3;
      } else {
        members.append(c);
        i++;
      }
    }
    if (i >= pattern.length()) {
      throw new InvalidRulesException(
          "", "the class starting at position " + start + " has no ']'");
    }
    tokens.add(new Token(Kind.CLASS, members.toString(), negated));
    return i + 1;
  }

  private enum Kind {
    LITERAL,
    ONE,
    CLASS,
    ANY_SEGMENT,
    ANY_PATH
  }

  private record Token(Kind kind, String chars, boolean negated) {
    boolean accepts(char c) {
      return switch (kind) {
        case LITERAL -> chars.charAt(0) == c;
        case ONE -> c != '/';
        case CLASS -> c != '/' && (chars.indexOf(c) >= 0) != negated;
        default -> false;
      };
    }
  }
}
