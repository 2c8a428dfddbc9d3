package io.gatehouse.deploy.gate;

import static io.gatehouse.deploy.gate.GatesTest.map;
import static io.gatehouse.deploy.gate.GatesTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.project.GateSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriorEnvironmentGateTest {
  /** Successful deployments, as the deployment service records them. */
  private static final class History implements DeploymentHistory {
    private record Success(
        long project, String environment, String sha, List<String> images, Instant at) {}

    private final List<Success> successes = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();

    History succeeded(String environment, String sha, List<String> images, Instant at) {
      successes.add(new Success(7, environment, sha, images, at));
      return this;
    }

    @Override
    public Optional<Instant> lastSuccess(
        long projectId, String environment, String sha, List<String> images) {
      asked.add(projectId + "/" + environment);
      return successes.stream()
          .filter(s -> s.project() == projectId)
          .filter(
              s ->
                  s.environment()
                      .toLowerCase(Locale.ROOT)
                      .equals(environment.toLowerCase(Locale.ROOT)))
          .filter(s -> s.sha().equals(sha))
          .filter(s -> new HashSet<>(s.images()).equals(new HashSet<>(images)))
          .map(Success::at)
          .max(Instant::compareTo);
    }
  }

  private static GateOutcome evaluate(History history, GateSpec spec, List<String> images) {
    return GateFixtures.gates(history)
        .gate(spec)
        .evaluate(GateFixtures.context(spec, GateFixtures.NOW, images));
  }

  @Test
  void evaluate_sameCommitAndImagesSucceeded_passes() {
    History history =
        new History()
            .succeeded(
                "staging",
                GateFixtures.SHA,
                GateFixtures.IMAGES.reversed(),
                GateFixtures.NOW.minusSeconds(60));
    GateSpec spec = spec("prior-environment", map("environment", "staging"));

    GateOutcome outcome = evaluate(history, spec, GateFixtures.IMAGES);

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(outcome.detail())
        .isEqualTo(
            "commit 0123456789ab with these 2 images succeeded in staging at 2026-11-22T09:59:00Z");
    assertThat(history.asked).containsExactly("7/staging");
  }

  @Test
  void evaluate_neverSucceeded_failsSayingWhatIsMissing() {
    GateSpec spec = spec("prior-environment", map("environment", "staging"));

    GateOutcome outcome =
        evaluate(new History(), spec, List.of("registry.example.com/shop/web:1.4.2"));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail())
        .isEqualTo(
            "commit 0123456789ab with image registry.example.com/shop/web:1.4.2 has not succeeded"
                + " in staging");
  }

  @Test
  void evaluate_otherImagesSucceeded_fails() {
    History history =
        new History()
            .succeeded(
                "staging",
                GateFixtures.SHA,
                List.of("registry.example.com/shop/web:1.4.1"),
                GateFixtures.NOW.minusSeconds(60));
    GateSpec spec = spec("prior-environment", map("environment", "staging"));

    assertThat(evaluate(history, spec, GateFixtures.IMAGES).status())
        .isEqualTo(GateOutcome.Status.FAIL);
  }

  @Test
  void evaluate_tooRecentForMinimumAge_failsWithWhenItWillPass() {
    Instant success = GateFixtures.NOW.minus(Duration.ofMinutes(20));
    History history =
        new History().succeeded("staging", GateFixtures.SHA, GateFixtures.IMAGES, success);
    GateSpec spec = spec("prior-environment", map("environment", "staging", "minimumAge", "1h"));

    GateOutcome outcome = evaluate(history, spec, GateFixtures.IMAGES);

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail())
        .isEqualTo(
            "commit 0123456789ab with these 2 images succeeded in staging at 2026-11-22T09:40:00Z,"
                + " less than 1h ago; passes from 2026-11-22T10:40:00Z");
  }

  @Test
  void evaluate_exactlyMinimumAge_passes() {
    History history =
        new History()
            .succeeded(
                "staging",
                GateFixtures.SHA,
                GateFixtures.IMAGES,
                GateFixtures.NOW.minus(Duration.ofHours(1)));
    GateSpec spec = spec("prior-environment", map("environment", "staging", "minimumAge", "1h"));

    assertThat(evaluate(history, spec, GateFixtures.IMAGES).status())
        .isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_noImages_asksForTheCommitWithoutImages() {
    History history =
        new History().succeeded("staging", GateFixtures.SHA, List.of(), GateFixtures.NOW);
    GateSpec spec = spec("prior-environment", map("environment", "Staging"));

    GateOutcome outcome = evaluate(history, spec, List.of());

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(outcome.detail())
        .startsWith("commit 0123456789ab without images succeeded in Staging");
  }
}
