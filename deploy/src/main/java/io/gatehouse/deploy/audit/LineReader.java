package io.gatehouse.deploy.audit;

import java.io.IOException;
import java.io.Reader;

/** Reads lines of bounded length: a longer line is skipped to its end and flagged. */
final class LineReader {
  record Line(long number, String text, boolean oversized) {}

  private final Reader in;
  private final int max;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private long number;
  private boolean eof;

  LineReader(Reader in, int max) {
    this.in = in;
    this.max = max;
  }

  long number() {
    return number;
  }

  /** The next line without its terminator, or {@code null} at the end. */
  Line next() throws IOException {
    StringBuilder text = new StringBuilder();
    boolean oversized = false;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        break;
      }
      any = true;
      char c = buffer[position++];
      if (c == '\n') {
        return line(text, oversized);
      }
      if (oversized) {
        continue;
      }
      if (text.length() >= max) {
        oversized = true;
        text.setLength(0);
      } else {
        text.append(c);
      }
    }
    return any ? line(text, oversized) : null;
  }

  private Line line(StringBuilder text, boolean oversized) {
    number++;
    int end = text.length();
    if (end > 0 && text.charAt(end - 1) == '\r') {
      text.setLength(end - 1);
    }
    return new Line(number, text.toString(), oversized);
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int read = in.read(buffer, 0, buffer.length);
    if (read <= 0) {
      eof = read < 0;
      return !eof && fill();
    }
    position = 0;
    limit = read;
    return true;
  }
}
