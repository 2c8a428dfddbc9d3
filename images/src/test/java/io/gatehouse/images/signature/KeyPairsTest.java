package io.gatehouse.images.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

class KeyPairsTest {
  private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  @Test
  void generate_default_isP256() {
    KeyPair pair = KeyPairs.generate();

    assertThat(pair.getPublic()).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) pair.getPublic()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
  }

  @Test
  void privateKeyPem_readBackWithPassphrase_signsLikeTheOriginal() {
    KeyPair pair = KeyPairs.generate();
    String pem = KeyPairs.privateKeyPem(pair.getPrivate(), PASSPHRASE);

    PrivateKey read = KeyPairs.readPrivateKey("cosign.key", pem, PASSPHRASE);

    assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
    byte[] signature = SignatureAlgorithms.sign(read, payload);
    assertThat(SignatureAlgorithms.verify(pair.getPublic(), payload, signature))
        .isEqualTo(SignatureAlgorithms.Check.VALID);
  }

  @Test
  void readPrivateKey_wrongPassphrase_failsWithClearMessage() {
    String pem = KeyPairs.privateKeyPem(KeyPairs.generate().getPrivate(), PASSPHRASE);

    assertThatThrownBy(() -> KeyPairs.readPrivateKey("cosign.key", pem, "wrong".toCharArray()))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessage("invalid key cosign.key: cannot decrypt: wrong passphrase or damaged key")
        .hasNoCause();
  }

  @Test
  void readPrivateKey_unencryptedOrPublicPem_isRefused() {
    String publicPem = KeyPairs.publicKeyPem(KeyPairs.generate().getPublic());

    assertThatThrownBy(() -> KeyPairs.readPrivateKey("cosign.pub", publicPem, PASSPHRASE))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageContaining("expected an encrypted PKCS#8 private key");
  }

  @Test
  void publicKeyPem_readBack_isTheSameKey() {
    PublicKey key = KeyPairs.generate().getPublic();
    String pem = KeyPairs.publicKeyPem(key);

    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(KeyPairs.readPublicKey("cosign.pub", pem)).isEqualTo(key);
  }

  @Test
  void readPublicKey_rsaKey_isAccepted() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    PublicKey rsa = generator.generateKeyPair().getPublic();

    assertThat(KeyPairs.readPublicKey("rsa.pub", KeyPairs.publicKeyPem(rsa))).isEqualTo(rsa);
  }

  @Test
  void readPublicKey_garbage_failsNamingTheSource() {
    assertThatThrownBy(() -> KeyPairs.readPublicKey("team.pub", "not a key"))
        .isInstanceOf(InvalidKeyFileException.class)
        .hasMessageStartingWith("invalid key team.pub:");
  }
}
