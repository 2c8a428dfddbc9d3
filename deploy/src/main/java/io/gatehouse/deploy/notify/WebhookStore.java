package io.gatehouse.deploy.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.gatehouse.deploy.server.ApiJson;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/** The webhooks of each project. */
public final class WebhookStore {
  private final Clock clock;

  /** A store that stamps new webhooks with this clock. */
  public WebhookStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Replaces a project's webhooks inside the caller's transaction. A webhook declared again with
   * the same URL, secret and events is kept with its pending deliveries; one no longer declared is
   * deleted with its pending deliveries.
   */
  public void replace(Handle handle, long projectId, List<WebhookSpec> webhooks) {
    Objects.requireNonNull(handle);
    List<WebhookSpec> wanted = new ArrayList<>(webhooks);
    for (Stored stored : stored(handle, projectId)) {
      if (!wanted.remove(stored.spec())) {
        handle.execute("DELETE FROM webhooks WHERE id = ?", stored.id());
      }
    }
    for (WebhookSpec spec : wanted) {
      handle
          .createUpdate(
              "INSERT INTO webhooks (project_id, url, secret, events, created_at)"
                  + " VALUES (:project, :url, :secret, :events, :at)")
          .bind("project", projectId)
          .bind("url", spec.url().toString())
          .bind("secret", spec.secret())
          .bind("events", eventsJson(spec.events()))
          .bind("at", clock.instant())
          .execute();
    }
  }

  /** A project's webhooks, oldest first. */
  public List<WebhookSpec> list(Handle handle, long projectId) {
    return stored(handle, projectId).stream().map(Stored::spec).toList();
  }

  record Stored(long id, WebhookSpec spec) {}

  static List<Stored> stored(Handle handle, long projectId) {
    return handle
        .createQuery(
            "SELECT id, url, secret, events FROM webhooks WHERE project_id = ? ORDER BY id")
        .bind(0, projectId)
        .map(
            (rs, ctx) ->
                new Stored(
                    rs.getLong("id"),
                    new WebhookSpec(
                        URI.create(rs.getString("url")),
                        rs.getString("secret"),
                        events(rs.getString("events")))))
        .list();
  }

  static Set<String> events(String json) {
    try {
      return Set.copyOf(ApiJson.mapper().readValue(json, new TypeReference<List<String>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored webhook events are not a JSON list", e);
    }
  }

  private static String eventsJson(Set<String> events) {
    try {
      return ApiJson.mapper().writeValueAsString(new TreeSet<>(events));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event names as JSON", e);
    }
  }
}
