package io.gatehouse.images.registry;

import java.util.Map;

/**
 * An OCI content descriptor: what a manifest says about a blob or another manifest.
 *
 * @param mediaType the content's media type
 * @param digest the content's digest, {@code algorithm:hex}
 * @param size the content's length in bytes
 * @param annotations the descriptor's annotations, empty when none
 */
public record Descriptor(
    String mediaType, String digest, long size, Map<String, String> annotations) {
  /** Copies the annotations. */
  public Descriptor {
    annotations = Map.copyOf(annotations);
  }
}
