package io.gatehouse.deploy.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The hash of an audit entry: SHA-256 over a length-prefixed encoding of a version tag, prevHash,
 * chain, seq, at (epoch microseconds), actor, action, subject, project, reason and inputs. Each
 * field is a 4-byte big-endian length of its UTF-8 bytes followed by those bytes; an absent
 * optional field is the length -1 and no bytes. Numbers are their decimal text. docs/audit.md
 * describes the same encoding for independent verifiers.
 */
final class AuditHash {
  static final String VERSION = "gatehouse-audit-v1";
  static final String GENESIS = "0".repeat(64);

  private AuditHash() {}

  static String of(AuditEntry entry) {
    return of(
        entry.prevHash(),
        entry.chain(),
        entry.seq(),
        micros(entry.at()),
        entry.actor(),
        entry.action(),
        entry.subject(),
        entry.project(),
        entry.reason(),
        entry.inputs());
  }

  static String of(
      String prevHash,
      int chain,
      long seq,
      long atMicros,
      String actor,
      String action,
      String subject,
      Optional<String> project,
      Optional<String> reason,
      String inputs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + inputs.length());
    field(out, VERSION);
    field(out, prevHash);
    field(out, Integer.toString(chain));
    field(out, Long.toString(seq));
    field(out, Long.toString(atMicros));
    field(out, actor);
    field(out, action);
    field(out, subject);
    optional(out, project);
    optional(out, reason);
    field(out, inputs);
    return HexFormat.of().formatHex(sha256().digest(out.toByteArray()));
  }

  static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  private static void optional(ByteArrayOutputStream out, Optional<String> value) {
    if (value.isPresent()) {
      field(out, value.get());
    } else {
      length(out, -1);
    }
  }

  private static void field(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    length(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void length(ByteArrayOutputStream out, int length) {
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
