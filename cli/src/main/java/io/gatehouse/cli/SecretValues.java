package io.gatehouse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reading the values of secrets and variables from standard input or a file, within the server's
 * limits (UTF-8 text, at most {@value #MAX_BYTES} bytes, no NUL), and the name grammar they share.
 */
final class SecretValues {
  /** The largest value the server accepts: 48 KiB in UTF-8. */
  static final int MAX_BYTES = 48 * 1024;

  /** Names of secrets and variables. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,199}");

  private SecretValues() {}

  /**
   * All of {@code in} as text, without one trailing line ending ({@code \n} or {@code \r\n}) unless
   * {@code keepNewline}.
   */
  static String fromStream(InputStream in, boolean keepNewline, String source) {
    byte[] bytes;
    try {
      // Two bytes more than the limit, for a line ending that is stripped.
      bytes = in.readNBytes(MAX_BYTES + 3);
    } catch (IOException e) {
      throw new SecretInputException("cannot read " + source + ": " + e.getMessage(), e);
    }
    int length = bytes.length;
    if (!keepNewline && length > 0 && bytes[length - 1] == '\n') {
      length--;
      if (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
    }
    if (length > MAX_BYTES) {
      throw tooLarge(source);
    }
    return text(bytes, length, source);
  }

  /** A file's content, exactly. */
  static String fromFile(Path file) {
    String source = "file " + file;
    try (InputStream in = Files.newInputStream(file)) {
      return fromStream(in, true, source);
    } catch (NoSuchFileException e) {
      throw new SecretInputException("no such file: " + file, e);
    } catch (IOException e) {
      throw new SecretInputException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  /** Checks a value typed or given on the command line. */
  static String checked(String value, String source) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(source);
    }
    return text(bytes, bytes.length, source);
  }

  private static String text(byte[] bytes, int length, String source) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, length))
              .toString();
    } catch (CharacterCodingException e) {
      throw new SecretInputException(source + " is not UTF-8 text", e);
    }
    if (text.indexOf('\0') >= 0) {
      throw new SecretInputException(source + " holds a NUL character, which no value may hold");
    }
    return text;
  }

  private static SecretInputException tooLarge(String source) {
    return new SecretInputException(
        source + " is larger than " + MAX_BYTES + " bytes (48 KiB), the most a value may hold");
  }
}
