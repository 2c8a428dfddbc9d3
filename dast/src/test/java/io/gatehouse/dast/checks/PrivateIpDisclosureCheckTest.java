package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivateIpDisclosureCheckTest {
  @Test
  void find_privateRanges_found() {
    assertThat(PrivateIpDisclosureCheck.find("backend 10.20.30.40 ok", "")).contains("10.20.30.40");
    assertThat(PrivateIpDisclosureCheck.find("at 172.16.0.9:8080", "")).contains("172.16.0.9");
    assertThat(PrivateIpDisclosureCheck.find("172.31.255.1", "")).contains("172.31.255.1");
    assertThat(PrivateIpDisclosureCheck.find("via 192.168.1.23,", "")).contains("192.168.1.23");
    assertThat(PrivateIpDisclosureCheck.find("169.254.169.254", "")).contains("169.254.169.254");
    assertThat(PrivateIpDisclosureCheck.find("node fd12:3456:789a::1 up", ""))
        .contains("fd12:3456:789a::1");
    assertThat(PrivateIpDisclosureCheck.find("fe80::1ff:fe23:4567:890a", ""))
        .contains("fe80::1ff:fe23:4567:890a");
  }

  @Test
  void find_publicVersionsAndLookalikes_notFound() {
    for (String text :
        new String[] {
          "8.8.8.8",
          "172.32.0.1",
          "172.15.0.1",
          "version 10.20.30.40.1",
          "1.10.0.0.1",
          "10.2.3",
          "192.168.1",
          "10.256.1.1",
          "at 12:30",
          "fc00 units",
          "ffff::1",
          "110.20.30.40"
        }) {
      assertThat(PrivateIpDisclosureCheck.find(text, "")).as(text).isEmpty();
    }
  }

  @Test
  void find_requestsOwnHost_notReported() {
    assertThat(PrivateIpDisclosureCheck.find("see http://10.0.0.5/x", "10.0.0.5")).isEmpty();
  }

  @Test
  void inspect_headerAndBody_reportedOncePerPage() {
    var check = new PrivateIpDisclosureCheck();
    assertThat(check.inspect(Responses.html("https://a/x?q=1", "<p>10.1.2.3 and 10.1.2.4</p>")))
        .singleElement()
        .satisfies(f -> assertThat(f.url()).isEqualTo("https://a/x"));
    assertThat(check.inspect(Responses.html("https://a/", "ok", "X-Backend", "192.168.0.7")))
        .hasSize(1);
  }

  @Test
  void inspect_hugeHostilePage_boundedAndQuick() {
    String hostile = "1.".repeat(2_000_000) + "10.1.2.3";
    long start = System.nanoTime();
    assertThat(new PrivateIpDisclosureCheck().inspect(Responses.html("https://a/", hostile)))
        .isEmpty();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }
}
