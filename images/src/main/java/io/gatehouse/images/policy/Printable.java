package io.gatehouse.images.policy;

/** Makes untrusted text safe to show: printable ASCII only, and bounded in length. */
final class Printable {
  private static final int MAX_SHOWN = 300;

  private Printable() {}

  /** The text with characters outside printable ASCII escaped as {@code \\uXXXX}, cut if long. */
  static String of(String text) {
    if (isPlain(text)) {
      return text;
    }
    int end = Math.min(text.length(), MAX_SHOWN);
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    if (text.length() > end) {
      out.append("...(").append(text.length()).append(" characters)");
    }
    return out.toString();
  }

  private static boolean isPlain(String text) {
    if (text.length() > MAX_SHOWN) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
