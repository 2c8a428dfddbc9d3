package io.gatehouse.deploy.project;

import io.gatehouse.deploy.access.Users;
import org.jdbi.v3.core.Handle;

/** Checks that the teams and users a set of rules names as reviewers exist. */
public final class RulesReferences {
  private RulesReferences() {}

  /**
   * Checks the reviewers of {@code rules} against the database.
   *
   * @throws InvalidRulesException naming the first unknown team or user
   */
  public static void check(Handle handle, Users users, EnvironmentRules rules) {
    for (int i = 0; i < rules.reviewers().size(); i++) {
      ReviewerRequirement requirement = rules.reviewers().get(i);
      String path = "reviewers[" + i + "]";
      if (requirement.team().isPresent()
          && users.teamId(handle, requirement.team().get()).isEmpty()) {
        throw new InvalidRulesException(
            path + ".team", "no team named '" + requirement.team().get() + "'");
      }
      for (int j = 0; j < requirement.users().size(); j++) {
        String user = requirement.users().get(j);
        if (users.find(handle, user).isEmpty()) {
          throw new InvalidRulesException(
              path + ".users[" + j + "]", "no user named '" + user + "'");
        }
      }
    }
  }
}
