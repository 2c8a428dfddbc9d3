package io.gatehouse.dast.findings;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The findings of a scan, one per rule, URL and parameter (one per rule and site for per-site
 * rules); safe to add to from several threads.
 */
public final class Findings {
  private final Map<String, Finding> byKey = new ConcurrentHashMap<>();

  /** Adds {@code finding} unless one with the same key is known; returns whether it was new. */
  public boolean add(Finding finding) {
    return byKey.putIfAbsent(keyOf(finding), finding) == null;
  }

  /** Adds each of {@code findings}. */
  public void addAll(List<Finding> findings) {
    findings.forEach(this::add);
  }

  /** Whether a finding of {@code ruleId} for {@code url} and {@code parameter} is known. */
  public boolean contains(String ruleId, String url, String parameter) {
    return byKey.containsKey(ruleId + "\n" + url + "\n" + parameter);
  }

  /** The findings, worst first, then by rule, URL and parameter. */
  public List<Finding> sorted() {
    List<Finding> all = new ArrayList<>(byKey.values());
    all.sort(ORDER);
    return List.copyOf(all);
  }

  /** How many of the findings that {@code counted} accepts there are of each severity. */
  public Map<Severity, Integer> countBySeverity(Predicate<Finding> counted) {
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      counts.put(severity, 0);
    }
    byKey.values().stream()
        .filter(counted)
        .forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
    return counts;
  }

  /** The order of findings in every report. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(f -> f.rule().id())
          .thenComparing(Finding::url)
          .thenComparing(Finding::parameter);

  private static String keyOf(Finding finding) {
    String where = finding.rule().perSite() ? siteOf(finding.url()) : finding.url();
    return finding.rule().id() + "\n" + where + "\n" + finding.parameter();
  }

  private static String siteOf(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getScheme() + "://" + uri.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return url;
    }
  }
}
