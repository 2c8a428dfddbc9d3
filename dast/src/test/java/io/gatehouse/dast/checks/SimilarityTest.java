package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimilarityTest {
  @Test
  void of_identicalAndDisjoint_oneAndZero() {
    assertThat(Similarity.of("a b c", "a b c")).isEqualTo(1.0);
    assertThat(Similarity.of("a b c", "x y z")).isEqualTo(0.0);
  }

  @Test
  void withoutReflections_escapedEcho_removed() {
    String payload = "Widget' AND '42'='42";
    String page = "<p>No results for Widget&#39; AND &#39;42&#39;=&#39;42</p>";
    assertThat(Similarity.withoutReflections(page, List.of(payload)))
        .isEqualTo("<p>No results for </p>");
  }
}
