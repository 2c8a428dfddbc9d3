package io.gatehouse.dast.report;

/** Escaping for the text formats; scanned pages are hostile, so every value is escaped. */
final class Text {
  private Text() {}

  /** {@code text} safe inside XML or HTML element content and quoted attributes. */
  static String xml(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> {
          if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0xFFFE || c == 0xFFFF) {
            escaped.append('\uFFFD');
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }

  /** {@code text} as one Markdown table cell: no line breaks, pipes and markup escaped. */
  static String markdownCell(String text) {
    return xml(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("`", "\\`")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replaceAll("[\\r\\n]+", " ");
  }
}
