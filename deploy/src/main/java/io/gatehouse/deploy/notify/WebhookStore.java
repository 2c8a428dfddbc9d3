package io.gatehouse.deploy.notify;

import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/** The webhooks of each project. */
public final class WebhookStore {
  /** Replaces a project's webhooks inside the caller's transaction. */
  public void replace(Handle handle, long projectId, List<WebhookSpec> webhooks) {
    Objects.requireNonNull(handle);
    Objects.requireNonNull(webhooks);
  }
}
