package io.gatehouse.deploy.apply;

import io.gatehouse.deploy.access.ApiTokens;
import io.gatehouse.deploy.access.Principal;
import io.gatehouse.deploy.access.UserRecord;
import io.gatehouse.deploy.access.Users;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * A ready-made demonstration: teams {@code dev}, {@code security} and {@code ops}; users {@code
 * developer}, {@code security-reviewer}, {@code ops-reviewer} and {@code admin}; project {@code
 * shop} with environments {@code dev} (no rules), {@code staging} (branch main only) and {@code
 * prod} (branch main and tags v*, one approval each from security and ops, a one-minute wait, a
 * prior-environment gate on staging and a year-end change freeze).
 */
public final class DemoSeed {
  /** The document the seed applies. */
  public static final String DOCUMENT =
      """
      version: 1
      users:
        - name: admin
          admin: true
        - name: developer
        - name: security-reviewer
        - name: ops-reviewer
      teams:
        - name: dev
          members: [developer]
        - name: security
          members: [security-reviewer]
        - name: ops
          members: [ops-reviewer]
      projects:
        - name: shop
          repository: https://git.example.com/shop.git
          protectedBranches: [main]
          deployers:
            users: [developer]
          environments:
            - name: dev
            - name: staging
              deploymentRefs:
                branches: [main]
            - name: prod
              deploymentRefs:
                branches: [main]
                tags: ["v*"]
              reviewers:
                - team: security
                  minimum: 1
                - team: ops
                  minimum: 1
              waitMinutes: 1
              lock: sequential
              gates:
                - name: staged
                  type: prior-environment
                  parameters:
                    environment: staging
                - name: change-freeze
                  type: window
                  parameters:
                    timeZone: UTC
                    deny:
                      - from: "12-24"
                        to: "01-01"
      """;

  private static final List<String> USERS =
      List.of("admin", "developer", "security-reviewer", "ops-reviewer");

  private DemoSeed() {}

  /**
   * Applies the demonstration document and creates a token named {@code demo} for each of its
   * users.
   *
   * @param principal an admin
   * @return each user's name and new token, shown once
   */
  public static Map<String, String> seed(
      ApplyService apply, Jdbi jdbi, Users users, ApiTokens tokens, Principal principal) {
    apply.apply(principal, DOCUMENT, false);
    return jdbi.inTransaction(
        handle -> {
          Map<String, String> created = new LinkedHashMap<>();
          for (String name : USERS) {
            UserRecord user = users.find(handle, name).orElseThrow();
            created.put(name, tokens.create(handle, user.id(), "demo", Optional.empty()).token());
          }
          return created;
        });
  }
}
