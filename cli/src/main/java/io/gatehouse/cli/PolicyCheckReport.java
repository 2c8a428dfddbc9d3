package io.gatehouse.cli;

import java.util.List;
import java.util.Optional;

/**
 * What {@code gatehouse policy check} found: a value, printed as text or JSON.
 *
 * @param findings every rule broken, in input order
 * @param unchecked objects of kinds the check does not understand that hold containers
 * @param counts what was read and checked
 * @param signaturesRequired whether the policy requires signatures, which are not checked offline
 */
record PolicyCheckReport(
    List<Finding> findings, List<Unchecked> unchecked, Counts counts, boolean signaturesRequired) {
  /** The rule id of a workload whose namespace's labels the policy needs but the input lacks. */
  static final String NAMESPACE_LABELS_UNKNOWN = "namespace-labels-unknown";

  PolicyCheckReport {
    findings = List.copyOf(findings);
    unchecked = List.copyOf(unchecked);
  }

  /** Whether the check passed: no finding is an error (audit-mode warnings do not count). */
  boolean passed() {
    return errors() == 0;
  }

  long errors() {
    return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
  }

  long warnings() {
    return findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
  }

  /** Whether a finding fails the check. */
  enum Severity {
    /** Breaks an enforced rule, or cannot be decided offline (fail closed). */
    ERROR,
    /** Breaks a rule in audit mode: reported, and the workload would be admitted. */
    WARNING
  }

  /** The workload a finding is about. */
  record Workload(ManifestDocument document, String kind, String namespace, String name) {
    /** {@code Deployment team-a/web}. */
    String describe() {
      return kind + " " + namespace + "/" + name;
    }
  }

  /**
   * One rule broken.
   *
   * @param container the container's name; empty for a finding about the whole workload
   * @param image the image as written (made safe to show); empty for a finding about the workload
   * @param rule the rule id, such as {@code untrusted-registry}
   * @param ruleSet where the applied rules are in the policy file: the images section, or one of
   *     its namespaces entries
   */
  record Finding(
      Severity severity,
      Workload workload,
      Optional<String> container,
      Optional<String> image,
      String rule,
      String reason,
      String ruleSet) {}

  /** An object of a kind the check does not understand, but that holds containers. */
  record Unchecked(Workload workload) {}

  /**
   * What was read and checked.
   *
   * @param sources files and standard input read
   * @param objects objects read (list items counted one by one)
   * @param workloads objects of a workload kind
   * @param images container images checked
   * @param exempt workloads in exempt namespaces, whose images were not checked
   * @param skipped objects of other kinds (Service, ConfigMap, ...) and documents that are not
   *     Kubernetes objects
   */
  record Counts(int sources, int objects, int workloads, int images, int exempt, int skipped) {}
}
