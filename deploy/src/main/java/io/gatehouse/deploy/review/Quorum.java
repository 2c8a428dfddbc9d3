package io.gatehouse.deploy.review;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a set of approvals meets every requirement of a deployment. Each approval counts toward
 * at most one requirement, so requirements are met by distinct approvers: the approvals are
 * assigned to requirements by a maximum bipartite matching, and a user eligible for both {@code
 * security} and {@code ops} cannot alone satisfy "one from security and one from ops".
 */
public final class Quorum {
  private final List<ReviewRequirement> requirements;
  private final List<List<String>> assigned;
  private final List<List<String>> approvedBy;

  private Quorum(
      List<ReviewRequirement> requirements,
      List<List<String>> assigned,
      List<List<String>> approvedBy) {
    this.requirements = requirements;
    this.assigned = assigned;
    this.approvedBy = approvedBy;
  }

  /**
   * Assigns the approvers to the requirements.
   *
   * @param requirements the deployment's requirements
   * @param approvers the names of the users who approved, in the order they did
   */
  public static Quorum evaluate(
      List<ReviewRequirement> requirements, Collection<String> approvers) {
    List<ReviewRequirement> reqs = List.copyOf(requirements);
    List<List<String>> slots = new ArrayList<>();
    for (int i = 0; i < reqs.size(); i++) {
      slots.add(new ArrayList<>());
    }
    Set<String> distinct = new LinkedHashSet<>(approvers);
    for (String approver : distinct) {
      augment(reqs, slots, approver, new HashSet<>());
    }
    List<List<String>> shown = new ArrayList<>();
    for (List<String> slot : slots) {
      shown.add(new ArrayList<>(slot));
    }
    for (String approver : distinct) {
      if (slots.stream().noneMatch(s -> s.contains(approver))) {
        for (int i = 0; i < reqs.size(); i++) {
          if (reqs.get(i).eligible().contains(approver)) {
            shown.get(i).add(approver);
            break;
          }
        }
      }
    }
    return new Quorum(reqs, slots, shown.stream().map(List::copyOf).toList());
  }

  /** Whether every requirement could be met if every eligible user approved. */
  public static boolean satisfiable(List<ReviewRequirement> requirements) {
    Set<String> everyone = new LinkedHashSet<>();
    requirements.forEach(r -> everyone.addAll(r.eligible()));
    return evaluate(requirements, everyone).met();
  }

  // Kuhn's augmenting path, with a requirement holding up to `minimum` approvers.
  private static boolean augment(
      List<ReviewRequirement> reqs, List<List<String>> slots, String approver, Set<Integer> seen) {
    for (int i = 0; i < reqs.size(); i++) {
      if (!reqs.get(i).eligible().contains(approver) || !seen.add(i)) {
        continue;
      }
      List<String> slot = slots.get(i);
      if (slot.size() < reqs.get(i).minimum()) {
        slot.add(approver);
        return true;
      }
      for (int j = 0; j < slot.size(); j++) {
        String holder = slot.get(j);
        slot.set(j, approver);
        if (augment(reqs, slots, holder, seen)) {
          return true;
        }
        slot.set(j, holder);
      }
    }
    return false;
  }

  /** Whether every requirement has reached its minimum. */
  public boolean met() {
    for (int i = 0; i < requirements.size(); i++) {
      if (missing(i) > 0) {
        return false;
      }
    }
    return true;
  }

  /** How many more approvals requirement {@code index} needs. */
  public int missing(int index) {
    return requirements.get(index).minimum() - assigned.get(index).size();
  }

  /**
   * Who approved toward requirement {@code index}: the approvers the matching assigned to it, then
   * any further eligible approvers not needed elsewhere.
   */
  public List<String> approvedBy(int index) {
    return approvedBy.get(index);
  }

  /** What is still needed, one line per unmet requirement, e.g. {@code 1 more approval from X}. */
  public List<String> pending() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < requirements.size(); i++) {
      int missing = missing(i);
      if (missing > 0) {
        lines.add(
            missing
                + (missing == 1 ? " more approval from " : " more approvals from ")
                + requirements.get(i).name());
      }
    }
    return List.copyOf(lines);
  }
}
