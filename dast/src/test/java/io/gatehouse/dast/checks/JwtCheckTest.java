package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class JwtCheckTest {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static String token(String alg, String secret) throws Exception {
    String header =
        B64.encodeToString(("{\"alg\":\"" + alg + "\"}").getBytes(StandardCharsets.UTF_8));
    String claims = B64.encodeToString("{\"sub\":\"a\"}".getBytes(StandardCharsets.UTF_8));
    String mac = alg.equals("HS512") ? "HmacSHA512" : "HmacSHA256";
    Mac hmac = Mac.getInstance(mac);
    hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), mac));
    byte[] signature = hmac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + B64.encodeToString(signature);
  }

  @Test
  void wordList_bundled_hasAFewHundredSecrets() {
    assertThat(JwtSecrets.words())
        .hasSizeGreaterThan(300)
        .contains("secret", "your-256-bit-secret");
    assertThat(JwtSecrets.words()).doesNotHaveDuplicates();
  }

  @Test
  void crack_secretInWordList_found() throws Exception {
    assertThat(JwtSecrets.crack(token("HS256", "your-256-bit-secret")))
        .contains("your-256-bit-secret");
    assertThat(JwtSecrets.crack(token("HS512", "changeme"))).contains("changeme");
  }

  @Test
  void crack_strongSecretOrOtherAlgorithm_notFound() throws Exception {
    assertThat(JwtSecrets.crack(token("HS256", "k8J2-random-Zq91-not-listed-x7Vb"))).isEmpty();
    assertThat(JwtSecrets.crack(token("RS256", "secret"))).isEmpty();
  }

  @Test
  void crack_malformedTokens_notFoundWithoutFailing() {
    for (String hostile :
        new String[] {
          "",
          ".",
          "..",
          "eyJ.eyJ.",
          "eyJhbGciOiJIUzI1NiJ9.eyJ.!!!",
          "a.b.c.d",
          "eyJ%%%.x.y",
          B64.encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8)) + ".e30.abc",
          B64.encodeToString("{\"alg\":".repeat(10_000).getBytes(StandardCharsets.UTF_8)) + ".e30.x"
        }) {
      assertThat(JwtSecrets.crack(hostile)).as(hostile).isEmpty();
      assertThat(JwtCheck.forgedNone(hostile)).as(hostile).isEmpty();
    }
  }

  @Test
  void find_tokenInTextAndOversized_onlyBoundedOnesFound() throws Exception {
    String token = token("HS256", "x");
    assertThat(JwtCheck.find("<p>token: " + token + "</p>")).contains(token);
    assertThat(JwtCheck.find("eyJ" + "a".repeat(20_000) + ".eyJhbGci.abc")).isEmpty();
    assertThat(JwtCheck.find("no token here")).isEmpty();
  }

  @Test
  void forgedNone_keepsClaimsDropsSignature() throws Exception {
    String token = token("HS256", "x");
    String claims = token.split("\\.", -1)[1];
    assertThat(JwtCheck.forgedNone(token))
        .hasSize(4)
        .allSatisfy(
            forged -> {
              assertThat(forged).endsWith("." + claims + ".");
              assertThat(JwtCheck.algorithm(forged)).isEqualTo("NONE");
            });
  }

  @Test
  void cookies_headerPairs_parsed() {
    assertThat(JwtCheck.cookies("a=1; b = 2;c=x=y; junk"))
        .containsEntry("a", "1")
        .containsEntry("b", "2")
        .containsEntry("c", "x=y")
        .hasSize(3);
  }

  @Test
  void run_weakSecretAndNoneAccepted_reported() throws Exception {
    try (TargetApp target = TargetApp.start()) {
      List<URI> pages =
          List.of(
              target.app.base().resolve("/vuln/jwt/weak/login"),
              target.app.base().resolve("/vuln/jwt/weak/account"),
              target.app.base().resolve("/safe/jwt/weak/login"),
              target.app.base().resolve("/safe/jwt/weak/account"),
              target.app.base().resolve("/vuln/jwt/none/login"),
              target.app.base().resolve("/vuln/jwt/none/account"),
              target.app.base().resolve("/safe/jwt/none/login"),
              target.app.base().resolve("/safe/jwt/none/account"));
      List<Finding> findings =
          new JwtCheck().run(target.app.base(), pages, List.of(), target.client);
      assertThat(where(findings))
          .containsExactlyInAnyOrder(
              "jwt-weak-secret /vuln/jwt/weak/login weak_session",
              "jwt-none-accepted /vuln/jwt/none/account none_session");
      assertThat(findings.toString()).doesNotContain("changeme");
    }
  }

  private static List<String> where(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.rule().id() + " " + URI.create(f.url()).getPath() + " " + f.parameter())
        .toList();
  }

  @Test
  void run_tokenPagesAfterTwoHundredOtherPages_stillTestedForAlgNone() throws Exception {
    try (TargetApp target = TargetApp.start()) {
      List<URI> pages = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        pages.add(target.app.base().resolve("/elsewhere/" + i));
      }
      pages.add(target.app.base().resolve("/vuln/jwt/none/login"));
      pages.add(target.app.base().resolve("/vuln/jwt/none/account"));

      List<Finding> findings =
          new JwtCheck().run(target.app.base(), pages, List.of(), target.client);

      assertThat(findings)
          .extracting(f -> f.rule().id() + " " + URI.create(f.url()).getPath())
          .contains("jwt-none-accepted /vuln/jwt/none/account");
    }
  }

  @Test
  void run_tokenOnlyInTheLoginSession_testedLikeTheScansOwnCookie() throws Exception {
    try (TargetApp target = TargetApp.start()) {
      Response login =
          target.client.send(Request.get(target.app.base().resolve("/vuln/jwt/none/login")));
      String cookie =
          login.headerValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("none_session="))
              .findFirst()
              .orElseThrow()
              .split(";", 2)[0];
      List<URI> pages = List.of(target.app.base().resolve("/vuln/jwt/none/account"));

      assertThat(new JwtCheck().run(target.app.base(), pages, List.of(), target.client))
          .as("no token known without the session")
          .isEmpty();
      target.client.sessionHeaders(java.util.Map.of("Cookie", cookie));
      List<Finding> findings =
          new JwtCheck().run(target.app.base(), pages, List.of(), target.client);

      assertThat(where(findings)).contains("jwt-none-accepted /vuln/jwt/none/account none_session");
    }
  }
}
