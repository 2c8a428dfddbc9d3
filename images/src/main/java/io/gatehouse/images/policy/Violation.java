package io.gatehouse.images.policy;

import java.util.Objects;

/**
 * One image breaking one rule.
 *
 * @param image the image as given, with characters outside printable ASCII escaped and long text
 *     cut, so it is safe to show
 * @param rule the rule broken
 * @param reason why, in words fit for the person who submitted the workload
 */
public record Violation(String image, PolicyRule rule, String reason) {
  /** Checks that every part is present. */
  public Violation {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
  }
}
