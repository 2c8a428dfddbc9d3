package io.gatehouse.dast.checks;

import io.gatehouse.dast.crawl.Endpoint;
import io.gatehouse.dast.crawl.Parameter;
import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;

/**
 * One input of one endpoint that an active check sets.
 *
 * @param endpoint the endpoint
 * @param parameter the input, at its original value, in any {@link Parameter.Location}: {@link
 *     #with} writes a payload where that input travels (query, form, multipart or JSON body, path
 *     segment, header, cookie), so a check works at every location unchanged
 */
public record InjectionPoint(Endpoint endpoint, Parameter parameter) {
  /** The request with the input at its original value. */
  public Request original() {
    return endpoint.request();
  }

  /** The request with the input set to {@code value}. */
  public Request with(String value) {
    return endpoint.requestWith(parameter, value);
  }

  /** The input's original value. */
  public String value() {
    return parameter.value();
  }

  /** A finding of {@code rule} at this point, shown by {@code response} around {@code needle}. */
  Finding finding(
      Rule rule, Confidence confidence, Response response, String needle, String detail) {
    return new Finding(
        rule,
        confidence,
        endpoint.url().toString(),
        endpoint.method(),
        parameter.label(),
        EvidenceText.of(response, needle, detail));
  }
}
