package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimeProbesTest {

  @Test
  void baseline_noisyEndpoint_asksForALongerDelay() {
    TimeProbes.Baseline quiet = TimeProbes.of(List.of(2.0, 3.0, 2.0, 3.0));
    TimeProbes.Baseline noisy = TimeProbes.of(List.of(100.0, 900.0, 50.0, 700.0));
    assertThat(quiet.delaySeconds()).isEqualTo(0.8);
    assertThat(noisy.delaySeconds()).isGreaterThan(2 * 0.9);
    assertThat(noisy.delaySeconds() * 1000).isGreaterThanOrEqualTo(2 * noisy.upperMillis());
  }
}
