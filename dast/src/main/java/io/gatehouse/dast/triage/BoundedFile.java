package io.gatehouse.dast.triage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a file of at most a given size, refusing a larger one without reading it whole. */
final class BoundedFile {
  private BoundedFile() {}

  static byte[] read(String kind, Path file, int maxBytes) throws InvalidTriageFileException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidTriageFileException(kind, file, "", "not a readable file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new InvalidTriageFileException(
            kind, file, "", "larger than the limit of " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new InvalidTriageFileException(
          kind, file, "", "cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }

  /** {@code text} cut short for an error message. */
  static String excerpt(String text) {
    String oneLine = text.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60) + "…";
  }
}
