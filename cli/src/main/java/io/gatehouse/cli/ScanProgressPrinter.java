package io.gatehouse.cli;

import io.gatehouse.dast.scan.ScanProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The progress of {@code gatehouse scan} on standard error: on a terminal one line redrawn in place
 * twice a second; otherwise (CI logs) a plain line every interval; or nothing.
 */
final class ScanProgressPrinter implements AutoCloseable {
  /** How progress is shown. */
  enum Mode {
    /** One line redrawn in place. */
    TTY,
    /** A line every interval. */
    PLAIN,
    /** Nothing. */
    NONE
  }

  /** How often the terminal line is redrawn. */
  static final Duration REDRAW = Duration.ofMillis(500);

  private static final String CLEAR_LINE = "\r\u001b[K";

  private final Mode mode;
  private final Supplier<ScanProgress> progress;
  private final PrintWriter err;
  private final ScheduledExecutorService executor;

  private ScanProgressPrinter(
      Mode mode, Supplier<ScanProgress> progress, PrintWriter err, Duration interval) {
    this.mode = mode;
    this.progress = progress;
    this.err = err;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("scan-progress").unstarted(r));
    long millis = Math.max(100, (mode == Mode.TTY ? REDRAW : interval).toMillis());
    if (mode != Mode.NONE) {
      var unused = executor.scheduleAtFixedRate(this::print, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Starts printing the progress {@code progress} gives. */
  static ScanProgressPrinter start(
      Mode mode, Supplier<ScanProgress> progress, PrintWriter err, Duration interval) {
    return new ScanProgressPrinter(mode, progress, err, interval);
  }

  private synchronized void print() {
    ScanProgress now = progress.get();
    if (mode == Mode.TTY) {
      err.print(CLEAR_LINE + now.compactLine());
    } else {
      err.println(now.line());
    }
    err.flush();
  }

  /** Stops, and leaves the last state as one plain line (none in mode none). */
  @Override
  public synchronized void close() {
    if (executor.isShutdown()) {
      return;
    }
    executor.shutdownNow();
    if (mode == Mode.TTY) {
      err.print(CLEAR_LINE);
    }
    if (mode != Mode.NONE) {
      err.println(progress.get().line());
    }
    err.flush();
  }
}
