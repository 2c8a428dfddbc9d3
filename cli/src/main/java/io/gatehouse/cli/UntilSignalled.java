package io.gatehouse.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-running process (server, webhook) up until SIGTERM or Ctrl-C, then closes it
 * gracefully and exits 0: a JVM stopped by a signal would otherwise exit with 128 + the signal.
 */
final class UntilSignalled {
  private static final Logger log = LoggerFactory.getLogger(UntilSignalled.class);

  private UntilSignalled() {}

  /** Blocks until the JVM is asked to stop, then closes {@code process} and halts with 0. */
  static void run(AutoCloseable process, String grace) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(process, grace, stopped), "gatehouse-shutdown"));
    stopped.await();
  }

  private static void stop(AutoCloseable process, String grace, CountDownLatch stopped) {
    log.info("stopping: finishing requests in flight (at most {})", grace);
    try {
      process.close();
      log.info("stopped");
    } catch (Exception e) {
      log.warn("stopped with an error: {}", e.getMessage());
    } finally {
      stopped.countDown();
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(0);
    }
  }
}
