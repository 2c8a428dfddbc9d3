package io.gatehouse.images.admission;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development certificate authority and a serving certificate signed by it, for running the
 * webhook without cert-manager. Writes {@code ca.crt} (the bundle for the webhook configurations'
 * {@code caBundle}), {@code tls.crt} and {@code tls.key}.
 */
public final class SelfSignedTls {
  /** The names a serving certificate covers by default: the in-cluster Service and loopback. */
  public static final List<String> DEFAULT_NAMES =
      List.of(
          "gatehouse-admission",
          "gatehouse-admission.gatehouse-system",
          "gatehouse-admission.gatehouse-system.svc",
          "gatehouse-admission.gatehouse-system.svc.cluster.local",
          "localhost",
          "127.0.0.1",
          "::1");

  private static final Duration CA_LIFETIME = Duration.ofDays(3650);
  private static final Duration SERVING_LIFETIME = Duration.ofDays(365);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private SelfSignedTls() {}

  /**
   * The files in {@code dir}: reused when present and valid for 30 more days, otherwise a new CA
   * and serving certificate for {@code names} (DNS names or IP addresses).
   *
   * @return the paths of {@code ca.crt}, {@code tls.crt} and {@code tls.key}
   */
  public static TlsFiles ensure(Path dir, List<String> names, Clock clock) {
    TlsFiles files =
        new TlsFiles(dir.resolve("ca.crt"), dir.resolve("tls.crt"), dir.resolve("tls.key"));
    if (stillValid(files, clock)) {
      return files;
    }
    try {
      Files.createDirectories(dir);
      KeyPair caKeys = ecKeyPair();
      Instant now = clock.instant();
      X509Certificate ca = caCertificate(caKeys, now);
      KeyPair servingKeys = ecKeyPair();
      X509Certificate serving = servingCertificate(servingKeys, caKeys, ca, names, now);
      Files.writeString(files.ca(), pem(ca), StandardCharsets.US_ASCII);
      Files.writeString(files.certificate(), pem(serving) + pem(ca), StandardCharsets.US_ASCII);
      Files.writeString(files.key(), pem(servingKeys.getPrivate()), StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(files.key(), PosixFilePermissions.fromString("rw-------"));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the certificates to " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate a certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Where the three files are.
   *
   * @param ca the CA certificate, for {@code caBundle}
   * @param certificate the serving certificate followed by the CA
   * @param key the serving key (PKCS#8 PEM, mode 600)
   */
  public record TlsFiles(Path ca, Path certificate, Path key) {}

  private static boolean stillValid(TlsFiles files, Clock clock) {
    if (!Files.exists(files.ca())
        || !Files.exists(files.certificate())
        || !Files.exists(files.key())) {
      return false;
    }
    try {
      TlsMaterial material = TlsMaterial.load(files.certificate(), files.key());
      Instant renewAt = material.leaf().getNotAfter().toInstant().minus(RENEW_BEFORE);
      return clock.instant().isBefore(renewAt);
    } catch (TlsMaterialException e) {
      return false;
    }
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  private static X509Certificate caCertificate(KeyPair keys, Instant now)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name subject = new X500Name("CN=Gatehouse admission development CA");
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            serial(),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(CA_LIFETIME)),
            subject,
            keys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        extensions.createSubjectKeyIdentifier(keys.getPublic()));
    return sign(builder, keys);
  }

  private static X509Certificate servingCertificate(
      KeyPair keys, KeyPair caKeys, X509Certificate ca, List<String> names, Instant now)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca,
            serial(),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(SERVING_LIFETIME)),
            new X500Name("CN=" + names.get(0)),
            keys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
    builder.addExtension(
        Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
    return sign(builder, caKeys);
  }

  private static GeneralNames alternativeNames(List<String> names) {
    List<GeneralName> general = new ArrayList<>();
    for (String name : names) {
      boolean ip = name.matches("[0-9.]+") || name.contains(":");
      general.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
    }
    return new GeneralNames(general.toArray(new GeneralName[0]));
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom());
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(
          object instanceof java.security.PrivateKey key
              ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null)
              : object);
    }
    return out.toString();
  }
}
