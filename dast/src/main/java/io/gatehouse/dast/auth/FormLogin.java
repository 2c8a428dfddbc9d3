package io.gatehouse.dast.auth;

import io.gatehouse.dast.http.OutOfScopeException;
import io.gatehouse.dast.http.Request;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Logs a scan in through a {@link LoginForm} and keeps it logged in: the session's cookies go with
 * every later request of the client, and a response that shows the logged-out state (a 401, a
 * redirect to the login page, or the {@code loggedOut} pattern) makes it log in again, at most once
 * per {@link #RELOGIN_PAUSE} and {@link #MAX_RELOGINS} times in all. Every request of the login
 * goes through the scan's client, so the scope and the limits apply to it too.
 */
public final class FormLogin implements Consumer<Response> {
  /** The shortest time between two logins. */
  static final Duration RELOGIN_PAUSE = Duration.ofSeconds(5);

  /** The most logins after the first. */
  static final int MAX_RELOGINS = 50;

  private static final int MAX_HOPS = 10;

  private final LoginForm form;
  private final ScanHttpClient client;
  private final URI start;
  private final ReentrantLock lock = new ReentrantLock();
  private final ThreadLocal<Boolean> loggingIn = ThreadLocal.withInitial(() -> false);
  private final AtomicInteger relogins = new AtomicInteger();
  private volatile long lastRelogin;

  private FormLogin(LoginForm form, ScanHttpClient client, URI start) {
    this.form = form;
    this.client = client;
    this.start = start;
  }

  /**
   * Logs in and sets the session on {@code client}, which from then on tells this login of every
   * response so that a lost session is renewed.
   *
   * @param start the scan's start page, where the logged-in check is tried when the page the login
   *     leads to does not show it
   * @throws LoginFailedException when the login page cannot be read or the check fails
   */
  public static FormLogin start(LoginForm form, ScanHttpClient client, URI start)
      throws IOException {
    FormLogin login = new FormLogin(form, client, start);
    login.login();
    client.observeResponses(login);
    return login;
  }

  /** How many times the scan logged in again after losing its session. */
  public int relogins() {
    return relogins.get();
  }

  @Override
  public void accept(Response response) {
    if (loggingIn.get() || !loggedOut(response)) {
      return;
    }
    int done = relogins.get();
    if (done >= MAX_RELOGINS
        || (done > 0 && System.nanoTime() - lastRelogin < RELOGIN_PAUSE.toNanos())
        || !lock.tryLock()) {
      return;
    }
    try {
      relogins.incrementAndGet();
      lastRelogin = System.nanoTime();
      login();
    } catch (IOException e) {
      // the old session stays; a later response may try again
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code response} shows that the session is lost. */
  boolean loggedOut(Response response) {
    if (response.status() == 401) {
      return true;
    }
    if (response.isRedirect()) {
      Optional<String> location = response.header("Location");
      if (location.isPresent() && leadsToLogin(response.uri(), location.get())) {
        return true;
      }
    }
    return form.loggedOut().map(p -> p.matcher(response.body()).find()).orElse(false);
  }

  private boolean leadsToLogin(URI from, String location) {
    try {
      URI target = from.resolve(location.strip());
      return form.url().getPath().equals(target.getPath())
          && form.url().getHost().equalsIgnoreCase(String.valueOf(target.getHost()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void login() throws IOException {
    loggingIn.set(true);
    try {
      Map<String, String> jar = new LinkedHashMap<>();
      client.sessionHeaders(Map.of());
      Response page = walk(Request.get(form.url()), jar);
      Response after = walk(submission(page), jar);
      client.sessionHeaders(Map.of("Cookie", cookieHeader(jar)));
      if (!form.loggedIn().matcher(after.body()).find()) {
        Response home = walk(Request.get(start), jar);
        if (!form.loggedIn().matcher(home.body()).find()) {
          throw new LoginFailedException(
              "the login at "
                  + form.url()
                  + " did not succeed: neither the page it led to ("
                  + after.uri()
                  + ", status "
                  + after.status()
                  + ") nor "
                  + start
                  + " shows the logged-in pattern '"
                  + form.loggedIn()
                  + "'");
        }
      }
    } catch (OutOfScopeException e) {
      throw new LoginFailedException("the login leaves the scan's scope: " + e.getMessage(), e);
    } finally {
      loggingIn.set(false);
    }
  }

  /** Sends a request and follows its redirects, collecting the cookies every hop sets. */
  private Response walk(Request first, Map<String, String> jar) throws IOException {
    Request request = withCookies(first, jar);
    Response response = client.send(request);
    collect(response, jar);
    for (int hop = 0; hop < MAX_HOPS && response.isRedirect(); hop++) {
      Optional<String> location = response.header("Location");
      if (location.isEmpty()) {
        break;
      }
      URI next;
      try {
        next = response.uri().resolve(location.get().strip());
      } catch (IllegalArgumentException e) {
        break;
      }
      response = client.send(withCookies(Request.get(next), jar));
      collect(response, jar);
    }
    return response;
  }

  private Request withCookies(Request request, Map<String, String> jar) {
    String cookies = cookieHeader(jar);
    return cookies.isEmpty() ? request : request.withHeader("Cookie", cookies);
  }

  /** The user's own {@code Cookie} header, then the session's cookies. */
  private String cookieHeader(Map<String, String> jar) {
    List<String> parts = new ArrayList<>();
    String own = client.settings().headers().getOrDefault("Cookie", "");
    if (!own.isBlank()) {
      parts.add(own);
    }
    jar.forEach((name, value) -> parts.add(name + "=" + value));
    return String.join("; ", parts);
  }

  private static void collect(Response response, Map<String, String> jar) {
    for (String header : response.headerValues("Set-Cookie")) {
      String pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      if (eq > 0) {
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        if (value.isEmpty() || header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
          jar.remove(name);
        } else {
          jar.put(name, value);
        }
      }
    }
  }

  /** The login form of {@code page} filled in, or the fields POSTed to the page itself. */
  private Request submission(Response page) {
    Document document = Jsoup.parse(page.body(), page.uri().toString());
    Optional<Element> found = loginForm(document);
    if (found.isEmpty()) {
      return Request.postForm(page.uri(), encode(form.fields()));
    }
    Element element = found.get();
    Map<String, String> values = new LinkedHashMap<>();
    for (Element input : element.select("input[name], select[name], textarea[name]")) {
      String type = input.attr("type").toLowerCase(Locale.ROOT);
      if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
        continue;
      }
      if (type.equals("submit") || type.equals("button") || type.equals("image")) {
        continue;
      }
      values.putIfAbsent(input.attr("name"), input.val());
    }
    values.putAll(form.fields());
    String action = element.attr("abs:action");
    URI target = action.isBlank() ? page.uri() : URI.create(action);
    String body = encode(values);
    if (element.attr("method").equalsIgnoreCase("get")) {
      String query = target.getRawQuery() == null ? body : target.getRawQuery() + "&" + body;
      String path = target.getRawPath() == null ? "" : target.getRawPath();
      return Request.get(
          URI.create(target.getScheme() + "://" + target.getRawAuthority() + path + "?" + query));
    }
    return Request.postForm(target, body);
  }

  /** The form holding one of the fields to fill in, else one with a password input. */
  private Optional<Element> loginForm(Document document) {
    for (Element candidate : document.select("form")) {
      for (String name : form.fields().keySet()) {
        if (!candidate.select("[name=\"" + name.replace("\"", "") + "\"]").isEmpty()) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.ofNullable(document.selectFirst("form:has(input[type=password])"));
  }

  private static String encode(Map<String, String> values) {
    List<String> pairs = new ArrayList<>();
    values.forEach(
        (name, value) ->
            pairs.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }
}
