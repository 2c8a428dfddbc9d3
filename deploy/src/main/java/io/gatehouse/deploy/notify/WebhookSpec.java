package io.gatehouse.deploy.notify;

import java.net.URI;
import java.util.Set;

/**
 * An outgoing webhook of a project, as declared.
 *
 * @param url where events are POSTed, http or https
 * @param secret the HMAC-SHA256 key that signs every delivery
 * @param events the event names sent, e.g. {@code deployment.approved}; empty for all
 */
public record WebhookSpec(URI url, String secret, Set<String> events) {
  /** Copies the set. */
  public WebhookSpec {
    events = Set.copyOf(events);
  }

  @Override
  public String toString() {
    return "WebhookSpec[url=" + url + ", events=" + events + "]";
  }
}
