package io.gatehouse.deploy.secret;

import io.gatehouse.deploy.server.ApiException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The values of secrets and variables: Unicode text (no unpaired surrogate), without NUL (no
 * process environment can hold one), at most {@value #MAX_BYTES} bytes in UTF-8. A refusal never
 * repeats the value.
 */
final class ValueText {
  /** The largest value in UTF-8 bytes: 48 KiB. */
  static final int MAX_BYTES = 48 * 1024;

  private ValueText() {}

  /**
   * The value's UTF-8 bytes.
   *
   * @param what {@code secret} or {@code variable}, for the message
   * @throws ApiException 400 {@code invalid_value} or {@code value_too_large}
   */
  static byte[] utf8(String what, String value) {
    if (value.indexOf('\0') >= 0) {
      throw invalid(what, "must not contain the NUL character");
    }
    if (value.length() > MAX_BYTES) {
      throw tooLarge(what);
    }
    ByteBuffer encoded;
    try {
      encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(value));
    } catch (CharacterCodingException e) {
      throw invalid(what, "must be valid Unicode text (no unpaired surrogate)");
    }
    if (encoded.remaining() > MAX_BYTES) {
      throw tooLarge(what);
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  private static ApiException invalid(String what, String problem) {
    return new ApiException(400, "invalid_value", "the " + what + "'s value " + problem);
  }

  private static ApiException tooLarge(String what) {
    return new ApiException(
        400,
        "value_too_large",
        "the " + what + "'s value must be at most " + MAX_BYTES + " bytes in UTF-8 (48 KiB)");
  }
}
