package io.gatehouse.deploy.oidc;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A project's settings for its deployment tokens.
 *
 * @param subjectClaims the claims whose values make up {@code sub}, in order: {@code sub} is {@code
 *     <name>:<value>} of each, joined by {@code :}. The first is always {@code project}, so that no
 *     two projects' subjects can be equal.
 * @param algorithm the algorithm the project's tokens are signed with unless a request names one
 */
public record TokenSettings(List<String> subjectClaims, SigningAlgorithm algorithm) {
  /** The claims a subject may be made of. */
  public static final List<String> SUBJECT_CLAIMS =
      List.of("project", "environment", "ref", "requested_by", "deployment_id", "sha");

  /** The default: {@code project:<project>:environment:<environment>}, signed with ES256. */
  public static final TokenSettings DEFAULT =
      new TokenSettings(List.of("project", "environment"), SigningAlgorithm.ES256);

  /**
   * Checks the claim names.
   *
   * @throws IllegalArgumentException naming the rule broken
   */
  public TokenSettings {
    subjectClaims = List.copyOf(subjectClaims);
    if (subjectClaims.isEmpty() || !subjectClaims.getFirst().equals("project")) {
      throw new IllegalArgumentException("the subject's claims must start with 'project'");
    }
    Set<String> seen = new HashSet<>();
    for (String claim : subjectClaims) {
      if (!SUBJECT_CLAIMS.contains(claim)) {
        throw new IllegalArgumentException(
            "'"
                + (claim.length() > 40 ? claim.substring(0, 40) + "…" : claim)
                + "' cannot be part of the subject; use "
                + String.join(", ", SUBJECT_CLAIMS));
      }
      if (!seen.add(claim)) {
        throw new IllegalArgumentException("the subject names '" + claim + "' twice");
      }
    }
  }
}
