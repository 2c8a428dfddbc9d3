package io.gatehouse.deploy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serial;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads an export line or an anchor from parsed JSON, strictly. */
final class EntryParser {
  private static final Set<String> FIELDS =
      Set.of(
          "chain",
          "seq",
          "at",
          "actor",
          "action",
          "subject",
          "project",
          "reason",
          "inputs",
          "prevHash",
          "hash");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_HEADS = 1 << 16;

  private EntryParser() {}

  /** Bad data in an export or anchor, described. */
  static final class BadEntryException extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    BadEntryException(String message) {
      super(message);
    }
  }

  static AuditEntry parse(JsonNode node) throws BadEntryException {
    if (node == null || !node.isObject()) {
      throw new BadEntryException("not a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new BadEntryException("unknown field " + abbreviate(name));
      }
    }
    return new AuditEntry(
        (int) integer(node, "chain", Integer.MAX_VALUE),
        positive(node, "seq"),
        at(node),
        text(node, "actor"),
        text(node, "action"),
        text(node, "subject"),
        optional(node, "project"),
        optional(node, "reason"),
        text(node, "inputs"),
        hash(node, "prevHash"),
        hash(node, "hash"));
  }

  static List<AuditHead> heads(JsonNode node) throws BadEntryException {
    JsonNode chains = node == null ? null : node.get("chains");
    if (chains == null || !chains.isArray() || node.size() != 1) {
      throw new BadEntryException("expected {\"chains\":[{\"chain\",\"seq\",\"hash\"}]}");
    }
    if (chains.size() > MAX_HEADS) {
      throw new BadEntryException("more than " + MAX_HEADS + " chains");
    }
    List<AuditHead> heads = new ArrayList<>();
    for (JsonNode head : chains) {
      if (!head.isObject() || head.size() != 3) {
        throw new BadEntryException("a head needs exactly chain, seq and hash");
      }
      heads.add(
          new AuditHead(
              (int) integer(head, "chain", Integer.MAX_VALUE),
              integer(head, "seq", Long.MAX_VALUE),
              hash(head, "hash")));
    }
    return heads;
  }

  private static long positive(JsonNode node, String name) throws BadEntryException {
    long value = integer(node, name, Long.MAX_VALUE);
    if (value < 1) {
      throw new BadEntryException(name + " must be at least 1: " + value);
    }
    return value;
  }

  private static long integer(JsonNode node, String name, long max) throws BadEntryException {
    JsonNode value = required(node, name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new BadEntryException(name + " must be an integer");
    }
    long number = value.longValue();
    if (number < 0 || number > max) {
      throw new BadEntryException(name + " must be from 0 to " + max + ": " + number);
    }
    return number;
  }

  private static Instant at(JsonNode node) throws BadEntryException {
    String text = text(node, "at");
    try {
      Instant at = Instant.parse(text);
      if (!at.truncatedTo(ChronoUnit.MICROS).equals(at)) {
        throw new BadEntryException("at is finer than a microsecond: " + abbreviate(text));
      }
      AuditHash.micros(at);
      return at;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new BadEntryException("at is not an ISO-8601 instant: " + abbreviate(text));
    }
  }

  private static String hash(JsonNode node, String name) throws BadEntryException {
    String text = text(node, name);
    if (!HEX64.matcher(text).matches()) {
      throw new BadEntryException(name + " must be 64 lowercase hex digits");
    }
    return text;
  }

  private static String text(JsonNode node, String name) throws BadEntryException {
    JsonNode value = required(node, name);
    if (!value.isTextual()) {
      throw new BadEntryException(name + " must be a string");
    }
    return value.textValue();
  }

  private static Optional<String> optional(JsonNode node, String name) throws BadEntryException {
    JsonNode value = required(node, name);
    if (value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new BadEntryException(name + " must be a string or null");
    }
    return Optional.of(value.textValue());
  }

  private static JsonNode required(JsonNode node, String name) throws BadEntryException {
    JsonNode value = node.get(name);
    if (value == null) {
      throw new BadEntryException("missing field " + name);
    }
    return value;
  }

  private static String abbreviate(String text) {
    String shown = text.length() > 64 ? text.substring(0, 64) + "…" : text;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
