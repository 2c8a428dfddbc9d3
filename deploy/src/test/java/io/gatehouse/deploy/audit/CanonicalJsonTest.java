package io.gatehouse.deploy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  @Test
  void inputs_nestedMaps_sortsKeysWithoutWhitespace() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of(true, 2.5, "x"));
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("b", inner);
    inputs.put("a", null);

    assertThat(CanonicalJson.inputs(inputs))
        .isEqualTo("{\"a\":null,\"b\":{\"a\":[true,2.5,\"x\"],\"z\":1}}");
  }

  @Test
  void inputs_longString_isCutWithMarker() {
    String text = CanonicalJson.inputs(Map.of("log", "é".repeat(5000)));

    assertThat(text).contains("…[truncated 10000 bytes]").hasSizeLessThan(2048 + 60);
  }

  @Test
  void inputs_tooLargeAltogether_isReplacedByMarker() {
    String[] values = new String[100];
    Arrays.fill(values, "v".repeat(4000));

    assertThat(CanonicalJson.inputs(Map.of("many", List.of(values))))
        .startsWith("{\"truncated\":\"inputs of ")
        .endsWith(" bytes exceed the 65536 limit\"}");
  }

  @Test
  void bounded_shortText_isUnchanged() {
    assertThat(CanonicalJson.bounded("short")).isEqualTo("short");
  }
}
