package io.gatehouse.images.admission;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A serving certificate chain and its private key, read from PEM files (as in a {@code
 * kubernetes.io/tls} Secret) into an in-memory key store for Jetty.
 *
 * @param keyStore a PKCS#12 store holding the key and chain under the alias {@code serving}
 * @param password the store's random password
 * @param fingerprint a hash of both files, to notice a rotation
 * @param leaf the serving certificate
 */
record TlsMaterial(KeyStore keyStore, String password, String fingerprint, X509Certificate leaf) {
  private static final long MAX_PEM_BYTES = 1 << 20;

  /**
   * Reads the certificate chain and key.
   *
   * @throws TlsMaterialException if a file is missing, too large, not PEM, or the key does not
   *     belong to the certificate
   */
  static TlsMaterial load(Path certificateFile, Path keyFile) {
    byte[] certificatePem = read(certificateFile);
    byte[] keyPem = read(keyFile);
    List<X509Certificate> chain = certificates(certificateFile, certificatePem);
    PrivateKey key = privateKey(keyFile, keyPem);
    if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      throw new TlsMaterialException(
          keyFile
              + ": the key is "
              + key.getAlgorithm()
              + " but the certificate's is "
              + chain.get(0).getPublicKey().getAlgorithm());
    }
    try {
      String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("serving", key, password.toCharArray(), chain.toArray(new Certificate[0]));
      return new TlsMaterial(store, password, fingerprint(certificatePem, keyPem), chain.get(0));
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsMaterialException(
          certificateFile + ": cannot build a key store: " + e.getMessage());
    }
  }

  /** A hash of the two files' contents, cheap enough to compute on every reload check. */
  static String fingerprintOf(Path certificateFile, Path keyFile) {
    return fingerprint(read(certificateFile), read(keyFile));
  }

  private static byte[] read(Path file) {
    try {
      if (Files.size(file) > MAX_PEM_BYTES) {
        throw new TlsMaterialException(file + ": larger than " + MAX_PEM_BYTES + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TlsMaterialException(file + ": cannot read: " + e.getMessage());
    }
  }

  private static List<X509Certificate> certificates(Path file, byte[] pem) {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = parser(pem)) {
      Object item;
      while ((item = parser.readObject()) != null) {
        if (item instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TlsMaterialException(file + ": not a PEM certificate: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new TlsMaterialException(file + ": no CERTIFICATE block");
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file, byte[] pem) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = parser(pem)) {
      Object item;
      while ((item = parser.readObject()) != null) {
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (item instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new TlsMaterialException(file + ": not a PEM private key: " + e.getMessage());
    }
    throw new TlsMaterialException(
        file + ": no unencrypted PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block");
  }

  private static PEMParser parser(byte[] pem) {
    Reader reader =
        new java.io.InputStreamReader(
            new java.io.ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
    return new PEMParser(reader);
  }

  private static String fingerprint(byte[] certificatePem, byte[] keyPem) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(certificatePem);
      sha256.update((byte) 0);
      sha256.update(keyPem);
      return HexFormat.of().formatHex(sha256.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
