package io.gatehouse.testing.oidc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small OpenID Connect provider for tests, run as a process of its own: its own keys (RSA and EC
 * P-256), a discovery document and a JWKS over HTTP on a loopback port it picks, and control
 * endpoints to mint tokens with any claims and header and to make the JWKS misbehave. It signs with
 * the JDK directly, so that it can produce hostile tokens ({@code alg: none}, HS256 keyed with the
 * public key, an unknown {@code kid}).
 *
 * <p>Prints {@code listening <port>} on standard output once it serves, and exits when its standard
 * input ends, so that it never outlives the test that started it.
 *
 * <p>Routes: {@code GET /.well-known/openid-configuration}, {@code GET /jwks}; {@code POST
 * /control/mint?alg=&kid=&key=} with the claims JSON as the body (the payload is used byte for
 * byte); {@code POST /control/jwks?mode=normal|hang|garbage|huge}; {@code POST /control/rotate};
 * {@code GET /control/stats}.
 */
public final class OidcProviderMain {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_BODY = 1 << 20;

  private final Map<String, KeyPair> published = new LinkedHashMap<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final AtomicInteger generation = new AtomicInteger(1);
  private volatile String jwksMode = "normal";
  private volatile String issuer = "";
  private volatile String currentRsa = "rsa-1";
  private volatile String currentEc = "ec-1";

  private OidcProviderMain() throws GeneralSecurityException {
    publish("rsa-1", rsa());
    publish("ec-1", ec());
  }

  /** Starts the provider; see the class comment. */
  public static void main(String[] args) throws Exception {
    OidcProviderMain provider = new OidcProviderMain();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", provider::handle);
    server.start();
    int port = server.getAddress().getPort();
    provider.issuer = "http://127.0.0.1:" + port;
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("listening " + port);
    // Exit when the parent closes our standard input (or dies).
    InputStream in = System.in;
    while (in.read() >= 0) {
      // keep reading until end of input
    }
    server.stop(0);
    System.exit(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY);
      switch (exchange.getRequestMethod() + " " + path) {
        case "GET /.well-known/openid-configuration" -> send(exchange, 200, discovery());
        case "GET /jwks" -> jwks(exchange);
        case "POST /control/mint" -> send(exchange, 200, mint(query, body));
        case "POST /control/jwks" -> {
          jwksMode = query.getOrDefault("mode", "normal");
          send(exchange, 204, "");
        }
        case "POST /control/rotate" -> send(exchange, 200, rotate());
        case "GET /control/stats" ->
            send(exchange, 200, "{\"jwksFetches\":" + jwksFetches.get() + "}");
        default -> send(exchange, 404, "{\"error\":\"not found\"}");
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      send(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
    }
  }

  private String discovery() {
    return "{\"issuer\":\""
        + issuer
        + "\",\"jwks_uri\":\""
        + issuer
        + "/jwks\",\"response_types_supported\":[\"id_token\"],"
        + "\"subject_types_supported\":[\"public\"],"
        + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}";
  }

  private void jwks(HttpExchange exchange) throws IOException {
    jwksFetches.incrementAndGet();
    switch (jwksMode) {
      case "hang" -> {
        sleep(120_000);
        send(exchange, 200, jwksDocument());
      }
      case "garbage" -> send(exchange, 200, "{\"keys\": [ this is not JSON ");
      case "huge" -> {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) ' ');
          for (int i = 0; i < 200; i++) {
            out.write(chunk);
          }
        } catch (IOException e) {
          // the client stopped reading, as it should
        }
      }
      default -> send(exchange, 200, jwksDocument());
    }
  }

  private synchronized String jwksDocument() {
    List<String> keys = new ArrayList<>();
    published.forEach((kid, pair) -> keys.add(jwk(kid, pair)));
    return "{\"keys\":[" + String.join(",", keys) + "]}";
  }

  private String jwk(String kid, KeyPair pair) {
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      return "{\"kty\":\"RSA\",\"kid\":\""
          + kid
          + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
          + B64.encodeToString(unsigned(rsa.getModulus(), 0))
          + "\",\"e\":\""
          + B64.encodeToString(unsigned(rsa.getPublicExponent(), 0))
          + "\"}";
    }
    ECPublicKey ec = (ECPublicKey) pair.getPublic();
    return "{\"kty\":\"EC\",\"kid\":\""
        + kid
        + "\",\"use\":\"sig\",\"alg\":\"ES256\",\"crv\":\"P-256\",\"x\":\""
        + B64.encodeToString(unsigned(ec.getW().getAffineX(), 32))
        + "\",\"y\":\""
        + B64.encodeToString(unsigned(ec.getW().getAffineY(), 32))
        + "\"}";
  }

  private synchronized String rotate() throws GeneralSecurityException {
    int next = generation.incrementAndGet();
    currentRsa = "rsa-" + next;
    currentEc = "ec-" + next;
    publish(currentRsa, rsa());
    publish(currentEc, ec());
    return "{\"rsa\":\"" + currentRsa + "\",\"ec\":\"" + currentEc + "\"}";
  }

  private synchronized void publish(String kid, KeyPair pair) {
    published.put(kid, pair);
  }

  /**
   * Signs {@code body} as the payload. {@code alg}: RS256, ES256, none, or HS256 (keyed with the
   * DER encoding of the current RSA public key). {@code kid}: the header's key id (default: the
   * current key of the algorithm; empty text leaves it out). {@code key=unpublished} signs with a
   * fresh key that is in no JWKS.
   */
  private String mint(Map<String, String> query, byte[] body) throws GeneralSecurityException {
    String alg = query.getOrDefault("alg", "RS256");
    String kid = query.getOrDefault("kid", alg.equals("ES256") ? currentEc : currentRsa);
    StringBuilder header = new StringBuilder("{\"alg\":\"").append(alg).append('"');
    if (!kid.isEmpty()) {
      header.append(",\"kid\":\"").append(kid).append('"');
    }
    header.append(",\"typ\":\"JWT\"}");
    String input =
        B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(body);
    byte[] data = input.getBytes(StandardCharsets.US_ASCII);
    boolean unpublished = "unpublished".equals(query.get("key"));
    byte[] signature =
        switch (alg) {
          case "none" -> new byte[0];
          case "HS256" -> hmacWithPublicKey(data);
          case "ES256" -> es256(unpublished ? ec().getPrivate() : key(currentEc), data);
          default -> rs256(unpublished ? rsa().getPrivate() : key(currentRsa), data);
        };
    return input + "." + B64.encodeToString(signature);
  }

  private synchronized PrivateKey key(String kid) {
    return published.get(kid).getPrivate();
  }

  private byte[] hmacWithPublicKey(byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    byte[] secret;
    synchronized (this) {
      secret = published.get(currentRsa).getPublic().getEncoded();
    }
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] rs256(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(data);
    return signature.sign();
  }

  /** ES256 in the JOSE form: r and s, 32 bytes each (the JDK's P1363 format). */
  private static byte[] es256(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
    signature.initSign(key);
    signature.update(data);
    return signature.sign();
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static byte[] unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      return padded;
    }
    return bytes;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (status == 204) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
