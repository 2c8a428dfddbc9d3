package io.gatehouse.deploy.deployment;

import io.gatehouse.deploy.review.ReviewDecision;
import java.time.Instant;

/** One stored review. */
record StoredReview(
    long userId, String reviewer, ReviewDecision decision, String comment, Instant at) {}
