package io.gatehouse.deploy.project;

import java.util.List;
import java.util.Optional;

/**
 * One required-reviewers requirement: at least {@code minimum} approvals from a team's members or
 * from a set of users. Every requirement of an environment must be met.
 *
 * @param team the team whose members may approve, or empty when {@code users} is given
 * @param users the users who may approve, empty when {@code team} is given
 * @param minimum how many distinct approvals are needed, at least 1
 */
public record ReviewerRequirement(Optional<String> team, List<String> users, int minimum) {
  /** Copies the list. */
  public ReviewerRequirement {
    users = List.copyOf(users);
  }
}
