package io.gatehouse.deploy.review;

import io.gatehouse.deploy.project.ReviewerRequirement;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One reviewer requirement of a deployment, fixed when the deployment is requested: who may approve
 * and how many distinct approvals it needs. The requester is never among the eligible.
 *
 * @param name how the requirement reads, e.g. {@code team security} or {@code users carol, dave}
 * @param minimum how many distinct approvals it needs, at least 1
 * @param eligible the names of the users whose approval counts, sorted, without the requester
 */
public record ReviewRequirement(String name, int minimum, List<String> eligible) {
  /** Checks the minimum and copies the list. */
  public ReviewRequirement {
    if (minimum < 1) {
      throw new IllegalArgumentException("a requirement needs a minimum of at least 1: " + minimum);
    }
    eligible = List.copyOf(eligible);
  }

  /** Whether this requirement can be met at all: it has at least {@code minimum} eligible users. */
  public boolean satisfiable() {
    return eligible.size() >= minimum;
  }

  /**
   * Fixes an environment's reviewer requirements for one deployment: a team's members are read now,
   * and the requester is removed from every requirement.
   *
   * @param declared the environment's requirements
   * @param teamMembers the names of a team's members (empty for an unknown team)
   * @param requester who asked for the deployment
   */
  public static List<ReviewRequirement> snapshot(
      List<ReviewerRequirement> declared,
      Function<String, ? extends Collection<String>> teamMembers,
      String requester) {
    return declared.stream().map(r -> snapshot(r, teamMembers, requester)).toList();
  }

  private static ReviewRequirement snapshot(
      ReviewerRequirement declared,
      Function<String, ? extends Collection<String>> teamMembers,
      String requester) {
    TreeSet<String> eligible = new TreeSet<>();
    String name;
    if (declared.team().isPresent()) {
      name = "team " + declared.team().get();
      eligible.addAll(teamMembers.apply(declared.team().get()));
    } else {
      name = "users " + String.join(", ", declared.users());
      eligible.addAll(declared.users());
    }
    eligible.remove(requester);
    return new ReviewRequirement(name, declared.minimum(), List.copyOf(eligible));
  }
}
