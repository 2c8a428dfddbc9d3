package io.gatehouse.deploy.project;

import java.util.List;

/** Decides whether a Git ref may be deployed to an environment. */
public final class RefRules {
  /** The prefix of a branch ref. */
  public static final String BRANCHES = "refs/heads/";

  /** The prefix of a tag ref. */
  public static final String TAGS = "refs/tags/";

  private static final int MAX_REF = 1024;

  private RefRules() {}

  /**
   * Checks a ref against an environment's deployment refs.
   *
   * @param refs the environment's rule
   * @param protectedBranches the project's protected branch patterns, for {@link
   *     RefPolicy#PROTECTED_BRANCHES}
   * @param ref a fully qualified ref, {@code refs/heads/…} or {@code refs/tags/…}; anything else is
   *     refused whatever the rule
   */
  public static RefDecision check(DeploymentRefs refs, List<String> protectedBranches, String ref) {
    String problem = refProblem(ref);
    if (!problem.isEmpty()) {
      return RefDecision.refuse(problem);
    }
    boolean branch = ref.startsWith(BRANCHES);
    String name = ref.substring(branch ? BRANCHES.length() : TAGS.length());
    return switch (refs.policy()) {
      case ANY -> RefDecision.allow();
      case PROTECTED_BRANCHES ->
          branch && anyMatch(protectedBranches, name)
              ? RefDecision.allow()
              : RefDecision.refuse(
                  "only protected branches of the project may be deployed here, and "
                      + RulesDurations.printable(ref)
                      + " is not one");
      case PATTERNS -> patterns(refs, branch, name, ref);
    };
  }

  private static RefDecision patterns(
      DeploymentRefs refs, boolean branch, String name, String ref) {
    List<String> patterns = branch ? refs.branches() : refs.tags();
    if (anyMatch(patterns, name)) {
      return RefDecision.allow();
    }
    String kind = branch ? "branch" : "tag";
    return RefDecision.refuse(
        patterns.isEmpty()
            ? "no " + kind + " may be deployed here"
            : RulesDurations.printable(ref)
                + " matches none of the allowed "
                + kind
                + " patterns "
                + patterns);
  }

  private static boolean anyMatch(List<String> patterns, String name) {
    for (String pattern : patterns) {
      if (RefPattern.compile(pattern).matches(name)) {
        return true;
      }
    }
    return false;
  }

  private static String refProblem(String ref) {
    if (ref.length() > MAX_REF) {
      return "the ref is longer than " + MAX_REF + " characters";
    }
    String name;
    if (ref.startsWith(BRANCHES)) {
      name = ref.substring(BRANCHES.length());
    } else if (ref.startsWith(TAGS)) {
      name = ref.substring(TAGS.length());
    } else {
      return "the ref must be fully qualified, refs/heads/<branch> or refs/tags/<tag>, not '"
          + RulesDurations.printable(ref)
          + "'";
    }
    if (name.isEmpty()
        || name.startsWith("/")
        || name.endsWith("/")
        || name.contains("//")
        || name.contains("..")) {
      return "the ref '" + RulesDurations.printable(ref) + "' is not a valid Git ref";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)
          || c == ' '
          || c == '~'
          || c == '^'
          || c == ':'
          || c == '\\'
          || c == '?'
          || c == '*'
          || c == '[') {
        return "the ref '" + RulesDurations.printable(ref) + "' is not a valid Git ref";
      }
    }
    return "";
  }
}
