package io.gatehouse.images.signature;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Signing key pairs and their PEM files.
 *
 * <p>New keys are ECDSA P-256, as cosign's. Private keys are written as encrypted PKCS#8 ({@code
 * -----BEGIN ENCRYPTED PRIVATE KEY-----}: PBES2, PBKDF2 with HMAC-SHA256 and 600,000 iterations,
 * AES-256-CBC); public keys as {@code -----BEGIN PUBLIC KEY-----} (SubjectPublicKeyInfo), the file
 * {@code cosign verify --key} reads. Reading accepts ECDSA, RSA and Ed25519 public keys.
 */
public final class KeyPairs {
  private static final Provider BC = new BouncyCastleProvider();
  private static final int PBKDF2_ITERATIONS = 600_000;
  private static final int MAX_PEM_CHARS = 64 * 1024;

  private KeyPairs() {}

  /** A new ECDSA P-256 key pair. */
  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
    }
  }

  /** The private key as encrypted PKCS#8 PEM, protected by {@code passphrase} (not empty). */
  public static String privateKeyPem(PrivateKey key, char[] passphrase) {
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("a private key passphrase cannot be empty");
    }
    try {
      JceOpenSSLPKCS8EncryptorBuilder encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setProvider(BC)
              .setRandom(new SecureRandom())
              .setPRF(PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(PBKDF2_ITERATIONS)
              .setPassword(passphrase);
      PemObject pem = new JcaPKCS8Generator(key, encryptor.build()).generate();
      return write(pem);
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot encrypt the private key", e);
    }
  }

  /** The public key as {@code -----BEGIN PUBLIC KEY-----} PEM. */
  public static String publicKeyPem(PublicKey key) {
    try {
      return write(key);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the public key", e);
    }
  }

  /**
   * Reads an encrypted PKCS#8 private key.
   *
   * @param source what the PEM is, for messages (a file name)
   * @throws InvalidKeyFileException when it is not such a key or the passphrase is wrong
   */
  public static PrivateKey readPrivateKey(String source, String pem, char[] passphrase) {
    Object object = parse(source, pem);
    if (!(object instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
      throw new InvalidKeyFileException(
          source, "expected an encrypted PKCS#8 private key (BEGIN ENCRYPTED PRIVATE KEY)");
    }
    PrivateKeyInfo info;
    try {
      info =
          encrypted.decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
    } catch (PKCSException | OperatorCreationException | RuntimeException e) {
      throw new InvalidKeyFileException(source, "cannot decrypt: wrong passphrase or damaged key");
    }
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException | RuntimeException e) {
      throw new InvalidKeyFileException(
          source, "cannot decrypt: wrong passphrase, damaged key or unsupported key type");
    }
  }

  /**
   * Reads a public key (SubjectPublicKeyInfo PEM): ECDSA, RSA or Ed25519.
   *
   * @throws InvalidKeyFileException when it is not such a key
   */
  public static PublicKey readPublicKey(String source, String pem) {
    Object object = parse(source, pem);
    if (!(object instanceof SubjectPublicKeyInfo info)) {
      throw new InvalidKeyFileException(source, "expected a public key (BEGIN PUBLIC KEY)");
    }
    try {
      PublicKey key = new JcaPEMKeyConverter().getPublicKey(info);
      SignatureAlgorithms.forKey(key);
      return key;
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidKeyFileException(
          source, "unsupported public key: expected ECDSA, RSA or Ed25519");
    }
  }

  private static Object parse(String source, String pem) {
    if (pem.length() > MAX_PEM_CHARS) {
      throw new InvalidKeyFileException(source, "larger than " + MAX_PEM_CHARS + " characters");
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (object == null) {
        throw new InvalidKeyFileException(source, "no PEM block found");
      }
      return object;
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidKeyFileException invalid) {
        throw invalid;
      }
      throw new InvalidKeyFileException(source, "not a valid PEM key");
    }
  }

  private static String write(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
