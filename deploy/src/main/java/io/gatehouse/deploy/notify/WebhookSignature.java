package io.gatehouse.deploy.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery, sent as {@code X-Gatehouse-Signature-256}: {@code sha256=} and the
 * hex HMAC-SHA256 of {@code "<timestamp>.<body>"} keyed with the webhook's secret, where timestamp
 * is the {@code X-Gatehouse-Timestamp} header (epoch seconds).
 */
public final class WebhookSignature {
  private WebhookSignature() {}

  /** The header value for this secret, timestamp and body. */
  public static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** Whether a header value is the signature of this body, compared in constant time. */
  public static boolean verify(String secret, long timestamp, String body, String header) {
    return MessageDigest.isEqual(
        sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
        header.getBytes(StandardCharsets.US_ASCII));
  }
}
