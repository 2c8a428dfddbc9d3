package io.gatehouse.deploy.review;

import java.util.Locale;
import java.util.Optional;

/** What a reviewer decided. */
public enum ReviewDecision {
  /** The reviewer approves the deployment. */
  APPROVE,
  /** The reviewer rejects it; one rejection rejects the deployment. */
  REJECT;

  /** The wire form: {@code approve} or {@code reject}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire form. */
  public static Optional<ReviewDecision> parse(String text) {
    for (ReviewDecision decision : values()) {
      if (decision.wire().equals(text)) {
        return Optional.of(decision);
      }
    }
    return Optional.empty();
  }
}
