package io.gatehouse.deploy.gate;

import io.gatehouse.deploy.project.GateSpec;
import io.gatehouse.images.policy.ImagePolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** Deployments, contexts and gate environments for the gate tests. */
final class GateFixtures {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final List<String> IMAGES =
      List.of("registry.example.com/shop/web:1.4.2", "registry.example.com/shop/worker:1.4.2");

  private GateFixtures() {}

  static GateDeployment deployment(List<String> images) {
    return new GateDeployment(
        42,
        "shop",
        "prod",
        "refs/heads/main",
        SHA,
        images,
        "developer",
        "release 1.4.2",
        Map.of("ticket", "OPS-7"),
        NOW.minusSeconds(3600));
  }

  static GateContext context(GateSpec spec) {
    return context(spec, NOW, IMAGES);
  }

  static GateContext context(GateSpec spec, Instant now, List<String> images) {
    return new GateContext(deployment(images), 7, spec, 1, now);
  }

  static Gates gates() {
    return gates((project, environment, sha, images) -> Optional.empty());
  }

  static Gates gates(DeploymentHistory history) {
    return gates(history, Optional::empty);
  }

  static Gates gates(DeploymentHistory history, Supplier<Optional<ImagePolicy>> policy) {
    return Gates.create(
        new GateEnvironment(
            GateEnvironment.defaultHttpClient(),
            () -> URI.create("http://127.0.0.1:1"),
            history,
            policy,
            Clock.fixed(NOW, ZoneOffset.UTC),
            Jdbi.create("jdbc:h2:mem:unused")));
  }
}
