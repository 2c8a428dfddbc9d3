package io.gatehouse.images.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A token service for the registry's bearer authentication, as the distribution token spec
 * describes it: checks HTTP basic credentials, grants the requested scopes, and issues ES256 JWTs
 * whose {@code x5c} header carries a self-signed certificate the registry is told to trust. The
 * registry, not this class, decides whether a token is valid.
 */
final class TokenServer implements AutoCloseable {
  static final String SERVICE = "gatehouse-test-registry";
  static final String ISSUER = "gatehouse-test-issuer";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final String authorization;
  private final AtomicInteger issued = new AtomicInteger();

  TokenServer(String username, String password) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    this.keyPair = generator.generateKeyPair();
    this.certificate = selfSigned(keyPair);
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::handle);
    server.start();
  }

  URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  int issued() {
    return issued.get();
  }

  /** Writes the certificate the registry trusts to a PEM file. */
  Path writeCertificateBundle(Path dir) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return Files.writeString(dir.resolve("token-ca.pem"), out.toString());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String query = exchange.getRequestURI().getRawQuery();
      byte[] body = tokenResponse(query == null ? "" : query);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot issue a token", e);
    }
  }

  private byte[] tokenResponse(String query) throws Exception {
    ObjectNode claims = MAPPER.createObjectNode();
    long now = Instant.now().getEpochSecond();
    claims.put("iss", ISSUER).put("sub", "ci").put("aud", SERVICE);
    claims.put("exp", now + 300).put("nbf", now - 10).put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    for (String parameter : query.split("&", -1)) {
      if (parameter.startsWith("scope=")) {
        String[] scope =
            URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8).split(":", 3);
        ObjectNode entry = access.addObject().put("type", scope[0]).put("name", scope[1]);
        ArrayNode actions = entry.putArray("actions");
        for (String action : scope[2].split(",", -1)) {
          actions.add(action);
        }
      }
    }
    issued.incrementAndGet();
    ObjectNode response =
        MAPPER.createObjectNode().put("token", jwt(claims)).put("expires_in", 300);
    return MAPPER.writeValueAsBytes(response);
  }

  private String jwt(ObjectNode claims) throws Exception {
    ObjectNode header = MAPPER.createObjectNode().put("typ", "JWT").put("alg", "ES256");
    header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        url.encodeToString(MAPPER.writeValueAsBytes(header))
            + "."
            + url.encodeToString(MAPPER.writeValueAsBytes(claims));
    Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
    signature.initSign(keyPair.getPrivate());
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + url.encodeToString(signature.sign());
  }

  private static X509Certificate selfSigned(KeyPair keyPair) throws Exception {
    X500Name name = new X500Name("CN=gatehouse test token issuer");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(1, ChronoUnit.HOURS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            name,
            keyPair.getPublic());
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
  }
}
