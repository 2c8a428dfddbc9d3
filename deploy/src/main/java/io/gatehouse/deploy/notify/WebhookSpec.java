package io.gatehouse.deploy.notify;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An outgoing webhook of a project, as declared.
 *
 * @param url where events are POSTed: an absolute http or https URL with a host, at most 2000
 *     characters
 * @param secret the HMAC-SHA256 key that signs every delivery, 1 to 1000 characters; never shown or
 *     logged, and left out of {@link #toString()}
 * @param events the event names sent, e.g. {@code deployment.approved}; empty for all
 */
public record WebhookSpec(URI url, String secret, Set<String> events) {
  static final int MAX_URL = 2000;
  static final int MAX_SECRET = 1000;

  /**
   * Checks the URL and secret and copies the set.
   *
   * @throws InvalidWebhookException if the URL or secret is not acceptable
   */
  public WebhookSpec {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    events = Set.copyOf(events);
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidWebhookException("a webhook URL must be http or https: " + scheme);
    }
    if (url.getHost() == null || url.toString().length() > MAX_URL) {
      throw new InvalidWebhookException(
          "a webhook URL needs a host and at most " + MAX_URL + " characters");
    }
    if (secret.isEmpty() || secret.length() > MAX_SECRET) {
      throw new InvalidWebhookException(
          "a webhook secret must have 1 to " + MAX_SECRET + " characters");
    }
  }

  @Override
  public String toString() {
    return "WebhookSpec[url=" + url + ", events=" + events + "]";
  }
}
