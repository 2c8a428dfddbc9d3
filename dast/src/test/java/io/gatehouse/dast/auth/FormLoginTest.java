package io.gatehouse.dast.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.dast.crawl.CrawlSettings;
import io.gatehouse.dast.http.HttpSettings;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import io.gatehouse.dast.http.Scope;
import io.gatehouse.dast.report.ScanReport;
import io.gatehouse.dast.scan.ScanAccess;
import io.gatehouse.dast.scan.ScanConfig;
import io.gatehouse.dast.scan.Scanner;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FormLoginTest {
  private final LoginApp app = new LoginApp();
  private final ScanHttpClient client =
      ScanHttpClient.create(
          HttpSettings.defaults(Scope.of(URI.create(app.url("/")), List.of(), List.of()))
              .withLimits(500, 2));

  @AfterEach
  void stop() {
    client.close();
    app.close();
  }

  private LoginForm form(String password) {
    return new LoginForm(
        URI.create(app.url("/login")),
        Map.of("user", LoginApp.USER, "password", password),
        Pattern.compile("Log out"),
        Optional.empty());
  }

  private Response get(String path) throws IOException {
    return client.send(Request.get(URI.create(app.url(path))));
  }

  @Test
  void start_validCredentials_laterRequestsCarryTheSession() throws IOException {
    FormLogin.start(form(LoginApp.PASSWORD), client, URI.create(app.url("/")));

    Response account = get("/account");

    assertThat(account.status()).isEqualTo(200);
    assertThat(account.body()).contains("Welcome scanner");
    assertThat(app.logins()).isEqualTo(1);
  }

  @Test
  void start_wrongPassword_failsWithoutShowingIt() {
    assertThatThrownBy(() -> FormLogin.start(form("wrong-pw"), client, URI.create(app.url("/"))))
        .isInstanceOf(LoginFailedException.class)
        .hasMessageContaining("did not succeed")
        .hasMessageContaining("Log out")
        .hasMessageNotContaining("wrong-pw");
  }

  @Test
  void accept_sessionLost_logsInAgainOnce() throws IOException {
    FormLogin login = FormLogin.start(form(LoginApp.PASSWORD), client, URI.create(app.url("/")));
    app.endSessions();

    Response lost = get("/account");
    Response again = get("/account");
    Response stillIn = get("/account");

    assertThat(lost.status()).isEqualTo(302);
    assertThat(again.body()).contains("Welcome scanner");
    assertThat(stillIn.body()).contains("Welcome scanner");
    assertThat(login.relogins()).isEqualTo(1);
    assertThat(app.logins()).isEqualTo(2);
  }

  @Test
  void accept_loggedOutPattern_countsAsLost() throws IOException {
    LoginForm form =
        new LoginForm(
            URI.create(app.url("/login")),
            Map.of("user", LoginApp.USER, "password", LoginApp.PASSWORD),
            Pattern.compile("Log out"),
            Optional.of(Pattern.compile("Sign in")));
    FormLogin login = FormLogin.start(form, client, URI.create(app.url("/")));
    app.endSessions();

    get("/");

    assertThat(login.relogins()).isEqualTo(1);
    assertThat(get("/").body()).contains("Log out");
  }

  @Test
  void start_loginPageOutOfScope_refusedAndNothingSent() {
    LoginForm elsewhere =
        new LoginForm(
            URI.create("http://127.0.0.2:1/login"),
            Map.of("user", "x"),
            Pattern.compile("Log out"),
            Optional.empty());

    assertThatThrownBy(() -> FormLogin.start(elsewhere, client, URI.create(app.url("/"))))
        .isInstanceOf(LoginFailedException.class)
        .hasMessageContaining("scope");
    assertThat(client.requestsSent()).isZero();
  }

  @Test
  void loginForm_noFields_refused() {
    assertThatThrownBy(
            () ->
                new LoginForm(
                    URI.create(app.url("/login")),
                    Map.of(),
                    Pattern.compile("x"),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loginForm_toString_hidesTheValues() {
    assertThat(form(LoginApp.PASSWORD).toString()).doesNotContain(LoginApp.PASSWORD);
  }

  @Test
  void scan_loginFormOnly_checksCacheControlWithTheSessionsCookie() throws Exception {
    ScanConfig config =
        new ScanConfig(
            URI.create(app.url("/")),
            HttpSettings.defaults(Scope.of(URI.create(app.url("/")), List.of(), List.of()))
                .withLimits(500, 2),
            CrawlSettings.defaults(),
            Duration.ofMinutes(1),
            true);
    ScanReport report =
        Scanner.create(
                config,
                Clock.systemUTC(),
                new ScanAccess(Optional.empty(), Optional.of(form(LoginApp.PASSWORD))))
            .run();

    assertThat(report.findings())
        .extracting(f -> f.rule().id() + " " + URI.create(f.url()).getPath())
        .contains("cache-control-missing /account");
  }
}
