package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class OpenRedirectCheckTest {
  private final URI base = URI.create("http://shop.test/redirect?next=x");
  private final String host = OpenRedirectCheck.PROBE_HOST;

  @Test
  void leadsToProbeHost_absoluteProtocolRelativeAndBackslash_recognised() {
    assertThat(OpenRedirectCheck.leadsToProbeHost(base, "https://" + host + "/")).isTrue();
    assertThat(OpenRedirectCheck.leadsToProbeHost(base, "//" + host + "/")).isTrue();
    assertThat(OpenRedirectCheck.leadsToProbeHost(base, "/\\" + host + "/")).isTrue();
    assertThat(OpenRedirectCheck.leadsToProbeHost(base, "https:" + host + "/")).isTrue();
  }

  @Test
  void leadsToProbeHost_localPathsAndLookalikes_notReported() {
    assertThat(OpenRedirectCheck.leadsToProbeHost(base, "/")).isFalse();
    assertThat(OpenRedirectCheck.leadsToProbeHost(base, "/https://" + host + "/")).isFalse();
    assertThat(OpenRedirectCheck.leadsToProbeHost(base, "https://shop.test/?u=" + host)).isFalse();
    assertThat(OpenRedirectCheck.leadsToProbeHost(base, "http://[bad")).isFalse();
  }
}
