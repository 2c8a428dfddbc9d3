package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;

/** Evidence from an exchange: the request sent and the part of the answer that shows it. */
final class EvidenceText {
  private EvidenceText() {}

  static Finding.Evidence of(Response response, String needle, String detail) {
    return new Finding.Evidence(
        requestText(response.request()),
        Finding.clip(response.headText(), 1_000) + "\n" + Finding.excerpt(response.body(), needle),
        detail);
  }

  static String requestText(Request request) {
    return request.requestLine() + (request.body().isEmpty() ? "" : "\n\n" + request.body());
  }

  /** A finding about the response as a whole (a header, a cookie). */
  static Finding siteFinding(
      io.gatehouse.dast.findings.Rule rule,
      io.gatehouse.dast.findings.Confidence confidence,
      Response response,
      String parameter,
      String detail) {
    return new Finding(
        rule,
        confidence,
        withoutQuery(response.uri().toString()),
        response.request().method(),
        parameter,
        new Finding.Evidence(requestText(response.request()), response.headText(), detail));
  }

  static String withoutQuery(String url) {
    int question = url.indexOf('?');
    return question < 0 ? url : url.substring(0, question);
  }
}
