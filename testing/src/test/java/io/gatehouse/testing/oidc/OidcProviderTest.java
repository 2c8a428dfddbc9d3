package io.gatehouse.testing.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OidcProviderTest {
  private static OidcProvider provider;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    provider = OidcProvider.start();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static String get(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(provider.issuer().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String part(String token, int index) {
    return new String(
        Base64.getUrlDecoder().decode(token.split("\\.", -1)[index]), StandardCharsets.UTF_8);
  }

  @Test
  void discovery_namesItselfAndItsJwks() throws Exception {
    String discovery = get("/.well-known/openid-configuration");

    assertThat(discovery)
        .contains("\"issuer\":\"" + provider.issuer() + "\"")
        .contains("\"jwks_uri\":\"" + provider.issuer() + "/jwks\"");
  }

  @Test
  void token_rs256_verifiesWithThePublishedKey() throws Exception {
    String token = provider.token(Map.of("sub", "a \"quoted\" subject", "n", 1));
    String jwks = get("/jwks");
    Matcher rsa =
        Pattern.compile("\"kid\":\"rsa-1\".*?\"n\":\"([^\"]+)\",\"e\":\"([^\"]+)\"").matcher(jwks);
    assertThat(rsa.find()).isTrue();
    PublicKey key =
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(rsa.group(1))),
                    new BigInteger(1, Base64.getUrlDecoder().decode(rsa.group(2)))));
    String[] parts = token.split("\\.", -1);
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(key);
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

    assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    assertThat(part(token, 0)).contains("\"alg\":\"RS256\"", "\"kid\":\"rsa-1\"");
    // Map.of has no fixed order, so the claims are checked one by one.
    assertThat(part(token, 1))
        .startsWith("{")
        .endsWith("}")
        .contains("\"sub\":\"a \\\"quoted\\\" subject\"", "\"n\":1")
        .hasSize("{\"sub\":\"a \\\"quoted\\\" subject\",\"n\":1}".length());
  }

  @Test
  void token_hostileForms_haveTheAskedHeaders() {
    assertThat(part(provider.token(OidcProvider.Alg.NONE, Map.of()), 0))
        .contains("\"alg\":\"none\"");
    assertThat(provider.token(OidcProvider.Alg.NONE, Map.of())).endsWith(".");
    assertThat(part(provider.token(OidcProvider.Alg.HS256, Map.of()), 0)).contains("HS256");
    assertThat(part(provider.tokenWithKid(OidcProvider.Alg.ES256, "rsa-1", Map.of()), 0))
        .contains("\"alg\":\"ES256\"", "\"kid\":\"rsa-1\"");
    assertThat(part(provider.tokenWithRawPayload("not json"), 1)).isEqualTo("not json");
  }

  @Test
  void jwks_modesAndRotation_changeWhatIsServed() throws Exception {
    int before = provider.jwksFetches();
    provider.jwks(OidcProvider.JwksMode.GARBAGE);
    assertThat(get("/jwks")).contains("this is not JSON");
    provider.jwks(OidcProvider.JwksMode.NORMAL);
    provider.rotate();
    String jwks = get("/jwks");

    assertThat(jwks).contains("\"kid\":\"rsa-1\"", "\"kid\":\"rsa-2\"", "\"kid\":\"ec-2\"");
    assertThat(part(provider.token(Map.of()), 0)).contains("\"kid\":\"rsa-2\"");
    assertThat(provider.jwksFetches()).isEqualTo(before + 2);
  }
}
