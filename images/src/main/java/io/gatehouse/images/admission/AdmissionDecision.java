package io.gatehouse.images.admission;

import java.util.List;

/**
 * What the webhook answers: allowed or not, why, warnings for audit mode, and the digest pins.
 *
 * @param allowed whether the object is admitted
 * @param message for a denial, every offending image with the rule it broke
 * @param warnings shown to the client (kubectl prints them); audit-mode findings
 * @param patch digest pins, for {@code /mutate}
 */
record AdmissionDecision(
    boolean allowed, String message, List<String> warnings, List<PatchOperation> patch) {
  AdmissionDecision {
    warnings = List.copyOf(warnings);
    patch = List.copyOf(patch);
  }

  static AdmissionDecision allow() {
    return new AdmissionDecision(true, "", List.of(), List.of());
  }

  static AdmissionDecision deny(String message) {
    return new AdmissionDecision(false, message, List.of(), List.of());
  }
}
