package io.gatehouse.images.admission;

import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.reference.InvalidImageReferenceException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed image references by their text. A cluster runs the same few hundred images over and over,
 * so the webhook parses each text once; the cache is emptied when it reaches its bound, which keeps
 * a flood of distinct (hostile) strings from growing it.
 */
final class ReferenceCache {
  private final int maxEntries;

  /** Each text's reference, or the exception that refused it. */
  private final ConcurrentHashMap<String, Object> parsed = new ConcurrentHashMap<>();

  ReferenceCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * As {@link ImageReference#parse}.
   *
   * @throws InvalidImageReferenceException for an invalid text, the same each time
   */
  ImageReference parse(String text) {
    Object cached = parsed.get(text);
    if (cached == null) {
      try {
        cached = ImageReference.parse(text);
      } catch (InvalidImageReferenceException e) {
        cached = e;
      }
      if (parsed.size() >= maxEntries) {
        parsed.clear();
      }
      parsed.put(text, cached);
    }
    if (cached instanceof InvalidImageReferenceException invalid) {
      throw invalid;
    }
    return (ImageReference) cached;
  }
}
