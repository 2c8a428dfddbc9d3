package io.gatehouse.cli;

import java.io.Serial;

/**
 * Manifest input that cannot be checked: unreadable, too large, not valid YAML or JSON, or a
 * workload not shaped as its kind requires. The message names the file and document.
 */
final class ManifestException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  ManifestException(String location, String reason) {
    super(location + ": " + reason);
  }

  ManifestException(String location, String reason, Throwable cause) {
    super(location + ": " + reason, cause);
  }
}
