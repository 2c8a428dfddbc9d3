package io.gatehouse.dast.checks;

import io.gatehouse.dast.crawl.Endpoint;
import io.gatehouse.dast.crawl.Parameter;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.testapp.VulnerableApp;
import java.util.List;
import java.util.Map;

/** The vulnerable test app and a scan client for it, to run one check on one of its inputs. */
final class TargetApp implements AutoCloseable {
  final VulnerableApp app;
  final ScanHttpClient client;

  private TargetApp(VulnerableApp app, Map<String, String> headers) {
    this.app = app;
    this.client =
        ScanHttpClient.create(
            HttpSettings.defaults(Scope.of(app.base(), List.of(), List.of()))
                .withLimits(500, 8)
                .withHeaders(headers));
  }

  static TargetApp start() throws Exception {
    return new TargetApp(VulnerableApp.start(), Map.of());
  }

  static TargetApp start(Map<String, String> headers) throws Exception {
    return new TargetApp(VulnerableApp.start(), headers);
  }

  /** The query parameter {@code name} of a GET of {@code path}, at {@code value}. */
  InjectionPoint query(String path, String name, String value) {
    Parameter parameter = new Parameter(Parameter.Location.QUERY, name, value);
    return new InjectionPoint(
        new Endpoint("GET", app.base().resolve(path), List.of(parameter)), parameter);
  }

  /** The form field {@code name} of a POST to {@code path}, at {@code value}. */
  InjectionPoint form(String path, String name, String value) {
    Parameter parameter = new Parameter(Parameter.Location.FORM, name, value);
    return new InjectionPoint(
        new Endpoint("POST", app.base().resolve(path), List.of(parameter)), parameter);
  }

  @Override
  public void close() throws java.io.IOException, java.sql.SQLException {
    client.close();
    app.close();
  }
}
