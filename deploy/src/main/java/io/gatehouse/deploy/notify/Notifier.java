package io.gatehouse.deploy.notify;

import org.jdbi.v3.core.Handle;

/** Outgoing webhooks. */
public final class Notifier {
  /** Queues an event for the project's webhooks inside the caller's transaction. */
  public void enqueue(Handle handle, long projectId, String event, Object payload) {
    java.util.Objects.requireNonNull(handle);
  }
}
