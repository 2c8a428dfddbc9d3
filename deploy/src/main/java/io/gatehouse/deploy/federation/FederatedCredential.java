package io.gatehouse.deploy.federation;

import java.util.Map;

/**
 * A stored federated credential.
 *
 * @param id its database id
 * @param projectId its project's id
 * @param project its project's name
 * @param spec what was declared
 * @param userId the id of its workload user
 */
public record FederatedCredential(
    long id, long projectId, String project, CredentialSpec spec, long userId) {
  /** The workload user's name: {@code <project>/<name>}. */
  public String userName() {
    return workloadName(project, spec.name());
  }

  /** The workload user name of credential {@code name} of {@code project}. */
  public static String workloadName(String project, String name) {
    return project + "/" + name;
  }

  /** Whether a token with these (verified) claims is one this credential trusts. */
  boolean matches(Map<String, Object> claims) {
    if (spec.subject().isPresent()) {
      return spec.subject().get().equals(claims.get("sub"));
    }
    for (Map.Entry<String, String> wanted : spec.claims().entrySet()) {
      if (!(claims.get(wanted.getKey()) instanceof String actual)) {
        return false;
      }
      boolean ok =
          wanted.getKey().equals("sub")
              ? Glob.matches(wanted.getValue(), actual)
              : wanted.getValue().equals(actual);
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
