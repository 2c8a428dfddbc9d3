package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.Optional;

/** A check that sends attack payloads in one input and judges the answers. */
public interface ActiveCheck {
  /** The rule this check reports. */
  Rule rule();

  /**
   * Tests one injection point; at most one finding, as findings are one per rule, URL and
   * parameter.
   *
   * @throws IOException when the target could not be asked (the point stays untested)
   */
  Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException;
}
