package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Kubernetes object read from a manifest file or standard input.
 *
 * @param source the file as named on the command line (or found in a directory), or {@code <stdin>}
 * @param document the YAML document in the source, counting from 1
 * @param item where the object is inside {@code kind: List} documents, such as {@code items[3]};
 *     empty for an object that is a document of its own
 * @param object the object
 */
record ManifestDocument(String source, int document, String item, JsonNode object) {
  /** Where the object is, as printed: {@code deploy.yaml:2} or {@code all.yaml:1:items[3]}. */
  String location() {
    return source + ":" + document + (item.isEmpty() ? "" : ":" + item);
  }

  /** The object's {@code kind}; empty when it has no textual kind. */
  String kind() {
    JsonNode kind = object.path("kind");
    return kind.isTextual() ? kind.asText() : "";
  }

  /** A text field of {@code metadata}; empty when absent or not text. */
  String metadata(String field) {
    JsonNode value = object.path("metadata").path(field);
    return value.isTextual() ? value.asText() : "";
  }
}
