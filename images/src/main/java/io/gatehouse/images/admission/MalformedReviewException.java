package io.gatehouse.images.admission;

import java.io.Serial;
import java.util.Optional;

/**
 * An AdmissionReview the webhook cannot read. When its uid could be read, the webhook still answers
 * with a denial for that uid; otherwise it answers 400 and the API server's failure policy applies.
 */
final class MalformedReviewException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String uid;

  MalformedReviewException(String uid, String reason) {
    super(reason);
    this.uid = uid;
  }

  /** The request's uid, when it could be read. */
  Optional<String> uid() {
    return Optional.ofNullable(uid);
  }
}
