package io.gatehouse.cli;

/** How a command prints its result: for people, or as one JSON document for programs. */
enum OutputFormat {
  TEXT,
  JSON
}
