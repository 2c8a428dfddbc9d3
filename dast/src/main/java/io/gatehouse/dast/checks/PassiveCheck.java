package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.http.Response;
import java.util.List;

/** A check that only reads responses the scan received anyway; it sends nothing. */
public interface PassiveCheck {
  /** The rules this check reports. */
  List<Rule> rules();

  /** The findings in {@code response}; called from several threads at once. */
  List<Finding> inspect(Response response);
}
