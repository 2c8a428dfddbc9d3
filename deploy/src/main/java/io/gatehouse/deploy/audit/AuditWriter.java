package io.gatehouse.deploy.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;

/**
 * Appends events that need no transaction of their caller's, such as the record of an issued
 * credential, each committed before {@link #append} returns, with the events of concurrent callers
 * grouped into one transaction: one lock of each chain head, one statement per chain and one commit
 * for a whole group instead of one each.
 *
 * <p>A caller queues its event and takes the writer's lock; whoever holds it writes everything
 * queued so far. A caller that finds its event written by another returns at once, so under load
 * each transaction carries the events that arrived while the previous one was committing, and
 * without load an event is written alone, with no wait. If a group fails, each of its events is
 * tried alone, so that one event cannot fail the others.
 */
public final class AuditWriter {
  /** The most events in one transaction. */
  static final int MAX_GROUP = 256;

  private final Jdbi jdbi;
  private final AuditLog log;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writer = new ReentrantLock();
  private final AtomicLong transactions = new AtomicLong();

  /** A writer of {@code log} on this database. */
  public AuditWriter(Jdbi jdbi, AuditLog log) {
    this.jdbi = Objects.requireNonNull(jdbi);
    this.log = Objects.requireNonNull(log);
  }

  /**
   * Appends the event in a transaction of its own, possibly shared with other callers' events, and
   * returns once it is committed.
   *
   * @throws IllegalStateException if it could not be written; nothing of it is then in the log
   */
  public void append(AuditEvent event) {
    Pending pending = new Pending(Objects.requireNonNull(event));
    queue.add(pending);
    writer.lock();
    try {
      while (!pending.settled) {
        writeGroup();
      }
    } finally {
      writer.unlock();
    }
    // Read after the lock: whoever settled this event did so holding it.
    if (pending.failure != null) {
      throw new IllegalStateException(
          "cannot write the audit entry for " + event.action(), pending.failure);
    }
  }

  /** Writes up to {@link #MAX_GROUP} queued events; runs holding the writer's lock. */
  private void writeGroup() {
    List<Pending> group = new ArrayList<>();
    Pending next;
    while (group.size() < MAX_GROUP && (next = queue.poll()) != null) {
      group.add(next);
    }
    if (group.isEmpty()) {
      return;
    }
    try {
      write(group);
    } catch (RuntimeException | Error groupFailure) {
      if (group.size() == 1) {
        group.getFirst().failure = groupFailure;
      } else {
        for (Pending alone : group) {
          try {
            write(List.of(alone));
          } catch (RuntimeException | Error failure) {
            alone.failure = failure;
          }
        }
      }
    } finally {
      // Settled whatever happened: a caller whose event was taken never waits for it again.
      for (Pending settled : group) {
        settled.settled = true;
      }
    }
  }

  private void write(List<Pending> group) {
    List<AuditEvent> events = new ArrayList<>(group.size());
    for (Pending pending : group) {
      events.add(pending.event);
    }
    transactions.incrementAndGet();
    jdbi.useTransaction(handle -> log.appendAll(handle, events));
  }

  /** The transactions begun so far, for tests. */
  long transactions() {
    return transactions.get();
  }

  /** Whether a caller is writing, for tests. */
  boolean writing() {
    return writer.isLocked();
  }

  /** The events waiting for a writer, for tests. */
  int queued() {
    return queue.size();
  }

  /** One caller's event; its fields are written and read under the writer's lock. */
  private static final class Pending {
    final AuditEvent event;
    boolean settled;
    Throwable failure;

    Pending(AuditEvent event) {
      this.event = event;
    }
  }
}
