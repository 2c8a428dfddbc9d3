package io.gatehouse.deploy.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.deploy.server.ApiJson;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Outgoing webhooks: {@link #enqueue} writes one delivery per matching webhook into the outbox in
 * the caller's transaction, so a delivery exists exactly when the event committed; {@link
 * DeliveryWorker} sends them.
 */
public final class Notifier {
  private static final int MAX_EVENT = 100;

  private final Clock clock;

  /** A notifier that stamps deliveries with this clock. */
  public Notifier(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Queues an event for the project's webhooks inside the caller's transaction. The body sent is
   * {@code {"event","deliveryId","at","deployment":payload}}, the payload serialised as the API
   * does.
   */
  public void enqueue(Handle handle, long projectId, String event, Object payload) {
    Objects.requireNonNull(handle);
    Objects.requireNonNull(payload);
    if (event.isBlank() || event.length() > MAX_EVENT) {
      throw new IllegalArgumentException("an event name needs 1 to " + MAX_EVENT + " characters");
    }
    Instant now = clock.instant();
    for (WebhookStore.Stored webhook : WebhookStore.stored(handle, projectId)) {
      Set<String> events = webhook.spec().events();
      if (events.isEmpty() || events.contains(event)) {
        insert(handle, webhook.id(), event, payload, now);
      }
    }
  }

  private static void insert(
      Handle handle, long webhookId, String event, Object payload, Instant now) {
    long id =
        handle
            .createUpdate(
                "INSERT INTO webhook_deliveries (webhook_id, event, body, next_attempt_at,"
                    + " created_at) VALUES (:webhook, :event, '', :now, :now)")
            .bind("webhook", webhookId)
            .bind("event", event)
            .bind("now", now)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    handle
        .createUpdate("UPDATE webhook_deliveries SET body = :body WHERE id = :id")
        .bind("body", body(event, id, now, payload))
        .bind("id", id)
        .execute();
  }

  private static String body(String event, long id, Instant at, Object payload) {
    ObjectNode body = ApiJson.mapper().createObjectNode();
    body.put("event", event);
    body.put("deliveryId", id);
    body.put("at", at.toString());
    body.set("deployment", ApiJson.mapper().valueToTree(payload));
    try {
      return ApiJson.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the webhook payload cannot be written as JSON", e);
    }
  }
}
