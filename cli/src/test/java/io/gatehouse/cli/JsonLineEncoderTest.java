package io.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JsonLineEncoderTest {
  @Test
  void encode_eventWithExceptionAndQuotes_isOneLineOfValidJson() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    LoggingEvent event =
        new LoggingEvent(
            "fqcn",
            context.getLogger("io.gatehouse.test"),
            Level.WARN,
            "said \"{}\"\nthen left",
            new IllegalStateException("broken\nline"),
            new Object[] {"hi"});

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("level").asText()).isEqualTo("WARN");
    assertThat(json.path("logger").asText()).isEqualTo("io.gatehouse.test");
    assertThat(json.path("message").asText()).isEqualTo("said \"hi\"\nthen left");
    assertThat(json.path("exception").asText())
        .startsWith("java.lang.IllegalStateException: broken");
    assertThat(json.path("time").asText()).endsWith("Z");
  }
}
