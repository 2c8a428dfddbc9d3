package io.gatehouse.deploy.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption with AES-256-GCM. Each value gets a fresh random data key; the value is
 * encrypted with the data key, bound to a context (such as {@code secret:12:API_KEY}) as additional
 * data, so that a sealed value copied to another row does not open; the data key is wrapped by the
 * primary master key. A master key rotation re-wraps data keys only ({@link #rewrap}).
 *
 * <p>The sealed text is {@code gh1.<master key fingerprint>.<wrapped data key>.<ciphertext>}, the
 * last two unpadded base64url, each {@code nonce || ciphertext || tag}.
 */
public final class Envelope {
  private static final String VERSION = "gh1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int DATA_KEY_BYTES = 32;
  private static final byte[] WRAP_CONTEXT =
      "gatehouse data key".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern SEALED =
      Pattern.compile("gh1\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{80}\\.[A-Za-z0-9_-]{38,}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final MasterKeys keys;
  private final SecureRandom random;

  /**
   * An envelope sealing with {@code keys}' primary key, nonces and data keys from {@code random}.
   */
  public Envelope(MasterKeys keys, SecureRandom random) {
    this.keys = keys;
    this.random = random;
  }

  /** The master keys this envelope uses. */
  public MasterKeys keys() {
    return keys;
  }

  /** Seals {@code plaintext} for {@code context}. */
  public String seal(byte[] plaintext, String context) {
    byte[] dataKey = new byte[DATA_KEY_BYTES];
    random.nextBytes(dataKey);
    try {
      byte[] wrapped = encrypt(keys.primaryKey(), dataKey, WRAP_CONTEXT);
      byte[] sealed =
          encrypt(
              new SecretKeySpec(dataKey, "AES"),
              plaintext,
              context.getBytes(StandardCharsets.UTF_8));
      return text(wrapped, sealed);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * Opens a value sealed for {@code context}.
   *
   * @throws SealedValueException when it is malformed, no master key of this server opens it, or it
   *     or its context was altered
   */
  public byte[] open(String sealed, String context) {
    Parts parts = parse(sealed);
    byte[] dataKey = unwrap(parts);
    try {
      return decrypt(
          new SecretKeySpec(dataKey, "AES"),
          parts.ciphertext(),
          context.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new SealedValueException(
          "a sealed value does not open for its context: it was altered or moved", e);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** Whether the value's data key is wrapped by the primary master key. */
  public boolean sealedWithPrimary(String sealed) {
    return parse(sealed).fingerprint().equals(keys.primaryFingerprint());
  }

  /**
   * The same value with its data key wrapped by the primary master key; the encrypted value itself
   * is unchanged.
   *
   * @throws SealedValueException when no master key of this server opens the data key
   */
  public String rewrap(String sealed) {
    Parts parts = parse(sealed);
    if (parts.fingerprint().equals(keys.primaryFingerprint())) {
      return sealed;
    }
    byte[] dataKey = unwrap(parts);
    try {
      byte[] wrapped = encrypt(keys.primaryKey(), dataKey, WRAP_CONTEXT);
      return text(wrapped, parts.ciphertext());
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** The fingerprint of the master key that wraps a sealed value's data key. */
  public static String fingerprintOf(String sealed) {
    return parse(sealed).fingerprint();
  }

  /** The sealed text of a data key wrapped by the primary key and the value it encrypts. */
  private String text(byte[] wrappedKey, byte[] ciphertext) {
    return VERSION
        + "."
        + keys.primaryFingerprint()
        + "."
        + ENCODER.encodeToString(wrappedKey)
        + "."
        + ENCODER.encodeToString(ciphertext);
  }

  private byte[] unwrap(Parts parts) {
    SecretKey master =
        keys.key(parts.fingerprint())
            .orElseThrow(
                () ->
                    new SealedValueException(
                        "a value is sealed with master key "
                            + parts.fingerprint()
                            + ", which this server does not have (it has "
                            + String.join(", ", keys.fingerprints())
                            + ")"));
    try {
      return decrypt(master, parts.wrappedKey(), WRAP_CONTEXT);
    } catch (GeneralSecurityException e) {
      throw new SealedValueException(
          "a data key wrapped by master key " + parts.fingerprint() + " does not open", e);
    }
  }

  private static Parts parse(String sealed) {
    if (sealed.length() > 200_000 || !SEALED.matcher(sealed).matches()) {
      throw new SealedValueException("a sealed value is malformed");
    }
    String[] fields = sealed.split("\\.", -1);
    try {
      byte[] wrapped = DECODER.decode(fields[2]);
      byte[] ciphertext = DECODER.decode(fields[3]);
      if (wrapped.length != NONCE_BYTES + DATA_KEY_BYTES + TAG_BITS / 8
          || ciphertext.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new SealedValueException("a sealed value is malformed");
      }
      return new Parts(fields[1], wrapped, ciphertext);
    } catch (IllegalArgumentException e) {
      throw new SealedValueException("a sealed value is malformed", e);
    }
  }

  private byte[] encrypt(SecretKey key, byte[] plaintext, byte[] additional) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(additional);
      byte[] body = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + body.length).put(nonce).put(body).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
    }
  }

  private static byte[] decrypt(SecretKey key, byte[] sealed, byte[] additional)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
    cipher.updateAAD(additional);
    return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
  }

  private static final class Parts {
    private final String fingerprint;
    private final byte[] wrappedKey;
    private final byte[] ciphertext;

    Parts(String fingerprint, byte[] wrappedKey, byte[] ciphertext) {
      this.fingerprint = fingerprint;
      this.wrappedKey = wrappedKey;
      this.ciphertext = ciphertext;
    }

    String fingerprint() {
      return fingerprint;
    }

    byte[] wrappedKey() {
      return wrappedKey;
    }

    byte[] ciphertext() {
      return ciphertext;
    }
  }
}
