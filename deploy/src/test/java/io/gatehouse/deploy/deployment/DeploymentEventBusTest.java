package io.gatehouse.deploy.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeploymentEventBusTest {
  private final DeploymentEventBus bus = new DeploymentEventBus();

  @Test
  void publish_wakesAWaitingListenerAtOnce() throws Exception {
    try (DeploymentEventBus.Listener listener = bus.subscribe(7)) {
      CompletableFuture<Boolean> woken =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return listener.await(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return false;
                }
              });
      Thread.sleep(50);
      bus.publish(7);

      assertThat(woken.get(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void publish_beforeAwait_isNotLost() throws Exception {
    try (DeploymentEventBus.Listener listener = bus.subscribe(7)) {
      bus.publish(7);

      assertThat(listener.await(Duration.ZERO)).isTrue();
      assertThat(listener.await(Duration.ZERO)).isFalse();
    }
  }

  @Test
  void publish_otherDeployment_doesNotWake() throws Exception {
    try (DeploymentEventBus.Listener listener = bus.subscribe(7)) {
      bus.publish(8);

      assertThat(listener.await(Duration.ofMillis(20))).isFalse();
    }
  }

  @Test
  void close_removesTheListener() throws Exception {
    DeploymentEventBus.Listener listener = bus.subscribe(7);
    listener.close();
    bus.publish(7);

    assertThat(listener.await(Duration.ZERO)).isFalse();
  }
}
