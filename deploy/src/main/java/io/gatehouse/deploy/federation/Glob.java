package io.gatehouse.deploy.federation;

/**
 * Glob matching for a credential's {@code sub} pattern: {@code *} matches any run of characters
 * (none included), every other character itself. Linear in practice and never worse than the
 * product of the lengths: no regular expression, so no pattern can make it backtrack without end.
 */
final class Glob {
  private Glob() {}

  /** Whether {@code text} matches {@code pattern} as a whole. */
  static boolean matches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
