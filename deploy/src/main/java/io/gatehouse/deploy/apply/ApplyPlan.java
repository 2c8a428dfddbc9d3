package io.gatehouse.deploy.apply;

import java.util.List;

/**
 * What an apply changed, or would change in a dry run.
 *
 * @param dryRun whether nothing was kept
 * @param changes one entry per declared (or deleted) thing, in document order
 */
public record ApplyPlan(boolean dryRun, List<Change> changes) {
  /** Copies the list. */
  public ApplyPlan {
    changes = List.copyOf(changes);
  }

  /** Whether anything changed. */
  public boolean changed() {
    return changes.stream().anyMatch(change -> !change.action().equals(UNCHANGED));
  }

  /** The action of something that was already as declared. */
  public static final String UNCHANGED = "unchanged";

  /**
   * One change.
   *
   * @param kind {@code user}, {@code team}, {@code project}, {@code environment}, {@code webhook},
   *     {@code imagePolicy} or {@code federatedCredential}
   * @param name what changed, e.g. {@code shop/prod}
   * @param action {@code create}, {@code update}, {@code delete} or {@code unchanged}
   */
  public record Change(String kind, String name, String action) {}
}
