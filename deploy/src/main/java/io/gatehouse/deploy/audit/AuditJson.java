package io.gatehouse.deploy.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The export form of an entry: one JSON object per line with the fields chain, seq, at (ISO-8601
 * UTC with six fraction digits), actor, action, subject, project, reason (string or null), inputs
 * (the canonical JSON text, as a string), prevHash and hash.
 */
final class AuditJson {
  static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final JsonFactory FACTORY = new JsonFactory();

  private AuditJson() {}

  /** The entry as one line of JSON, without the newline. */
  static String line(AuditEntry entry) {
    StringWriter text = new StringWriter(512 + entry.inputs().length());
    try (JsonGenerator out = FACTORY.createGenerator(text)) {
      write(out, entry);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to memory", e);
    }
    return text.toString();
  }

  private static void write(JsonGenerator out, AuditEntry entry) throws IOException {
    out.writeStartObject();
    out.writeNumberField("chain", entry.chain());
    out.writeNumberField("seq", entry.seq());
    out.writeStringField("at", format(entry.at()));
    out.writeStringField("actor", entry.actor());
    out.writeStringField("action", entry.action());
    out.writeStringField("subject", entry.subject());
    optional(out, "project", entry.project());
    optional(out, "reason", entry.reason());
    out.writeStringField("inputs", entry.inputs());
    out.writeStringField("prevHash", entry.prevHash());
    out.writeStringField("hash", entry.hash());
    out.writeEndObject();
  }

  static String format(Instant at) {
    return AT.format(at);
  }

  private static void optional(JsonGenerator out, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      out.writeStringField(name, value.get());
    } else {
      out.writeNullField(name);
    }
  }
}
