package io.gatehouse.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.deploy.persistence.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static final DatabaseConfig DB = DatabaseConfig.embedded(Path.of("data"));

  @Test
  void defaults_listenOnLoopback8080() {
    ServerConfig config = ServerConfig.defaults(DB);

    assertThat(config.bind()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.shutdownTimeout()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void withAddress_portOutOfRange_isRefused() {
    assertThatThrownBy(() -> ServerConfig.defaults(DB).withAddress("127.0.0.1", 65_536))
        .isInstanceOf(ServerConfigException.class)
        .hasMessage("port must be between 0 and 65535: 65536");
    assertThatThrownBy(() -> ServerConfig.defaults(DB).withAddress("127.0.0.1", -1))
        .isInstanceOf(ServerConfigException.class);
  }

  @Test
  void withAddress_blankBind_isRefused() {
    assertThatThrownBy(() -> ServerConfig.defaults(DB).withAddress("", 80))
        .isInstanceOf(ServerConfigException.class)
        .hasMessage("bind address is empty");
  }

  @Test
  void withShutdownTimeout_negative_isRefused() {
    assertThatThrownBy(() -> ServerConfig.defaults(DB).withShutdownTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(ServerConfigException.class)
        .hasMessageContaining("shutdown timeout");
  }
}
