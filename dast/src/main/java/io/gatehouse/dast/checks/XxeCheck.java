package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * XML external entities, confirmed out of band: the value is replaced by an XML document whose
 * external parameter entity, external general entity or external DTD is a URL of the scan's own
 * callback listener with a unique token; a finding needs the listener to receive that token, that
 * is the target's XML parser to have resolved it.
 */
public final class XxeCheck implements ActiveCheck {
  static final Rule RULE =
      Rule.of(
          "xxe",
          "XML external entity processing",
          Severity.HIGH,
          611,
          "Disable DTDs in the XML parser (disallow-doctype-decl), or at least external entities"
              + " and external DTD loading.");

  private final CallbackListener listener;

  XxeCheck(CallbackListener listener) {
    this.listener = listener;
  }

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    return OutOfBandProbes.test(
        RULE,
        point,
        client,
        listener,
        List.of(
            url ->
                "<?xml version=\"1.0\"?><!DOCTYPE gh [<!ENTITY % gh SYSTEM \""
                    + url
                    + "\"> %gh;]><gh>1</gh>",
            url ->
                "<?xml version=\"1.0\"?><!DOCTYPE gh [<!ENTITY gh SYSTEM \""
                    + url
                    + "\">]><gh>&gh;</gh>",
            url -> "<?xml version=\"1.0\"?><!DOCTYPE gh SYSTEM \"" + url + "\"><gh>1</gh>"));
  }
}
