package io.gatehouse.deploy.gate;

import static io.gatehouse.deploy.gate.GatesTest.map;
import static io.gatehouse.deploy.gate.GatesTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.deploy.project.GateSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowGateTest {
  private static final Map<String, Object> BUSINESS_HOURS =
      map("days", List.of("mon-fri"), "from", "09:00", "to", "17:00");
  private static final Map<String, Object> NEW_YEAR_FREEZE =
      map("name", "new year freeze", "from", "12-24", "to", "01-01");

  private static GateOutcome at(String instant, Map<String, Object> parameters) {
    GateSpec spec = spec("window", parameters);
    Clock clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    return GateFixtures.gates()
        .gate(spec)
        .evaluate(GateFixtures.context(spec, clock.instant(), GateFixtures.IMAGES));
  }

  private static Map<String, Object> berlin(String key, List<Object> windows) {
    return map("timeZone", "Europe/Berlin", key, windows);
  }

  @Test
  void evaluate_businessHours_passesInsideFailsOutside() {
    Map<String, Object> rules = berlin("allow", List.of(BUSINESS_HOURS));

    assertThat(at("2026-11-23T08:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-11-23T15:59:59Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-11-23T07:59:59Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-11-23T16:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-11-28T10:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
  }

  @Test
  void evaluate_businessHours_detailNamesTheWindowAndLocalTime() {
    GateOutcome inside = at("2026-11-23T08:30:00Z", berlin("allow", List.of(BUSINESS_HOURS)));
    GateOutcome outside = at("2026-11-28T10:00:00Z", berlin("allow", List.of(BUSINESS_HOURS)));

    assertThat(inside.detail())
        .isEqualTo(
            "at 2026-11-23T09:30 Europe/Berlin inside allow window allow[0]"
                + " (mon,tue,wed,thu,fri 09:00 to 17:00)");
    assertThat(outside.detail())
        .startsWith("at 2026-11-28T11:00 Europe/Berlin outside every allow window");
  }

  @Test
  void evaluate_yearlyFreezeAcrossNewYear_failsFromDec24ThroughJan1() {
    Map<String, Object> rules = berlin("deny", List.of(NEW_YEAR_FREEZE));

    assertThat(at("2026-12-23T22:59:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    GateOutcome first = at("2026-12-23T23:00:00Z", rules);
    assertThat(first.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(first.detail())
        .contains("inside deny window \"new year freeze\" (every year 12-24 to 01-01)");
    assertThat(at("2026-12-31T12:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2027-01-01T22:59:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2027-01-01T23:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_yearlyWithinOneYear_inclusiveEnds() {
    Map<String, Object> rules =
        map("timeZone", "UTC", "deny", List.of(map("from", "07-01", "to", "07-31")));

    assertThat(at("2026-06-30T23:59:59Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-07-01T00:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-07-31T23:59:59Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-08-01T00:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_datedFreeze_fromInclusiveToExclusive() {
    Map<String, Object> rules =
        berlin("deny", List.of(map("from", "2026-12-24T00:00", "to", "2027-01-02T00:00")));

    assertThat(at("2026-12-23T22:59:59Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    GateOutcome inside = at("2026-12-23T23:00:00Z", rules);
    assertThat(inside.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(inside.detail()).contains("(2026-12-24T00:00 to 2027-01-02T00:00)");
    assertThat(at("2027-01-01T22:59:59Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2027-01-01T23:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2027-12-25T12:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_denyInsideAllow_denyWins() {
    Map<String, Object> rules =
        map(
            "timeZone", "Europe/Berlin",
            "allow", List.of(map("name", "always")),
            "deny", List.of(NEW_YEAR_FREEZE));

    GateOutcome outcome = at("2026-12-28T10:00:00Z", rules);

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(outcome.detail()).contains("deny window \"new year freeze\"");
    assertThat(at("2026-12-20T10:00:00Z", rules).detail())
        .contains("inside allow window \"always\" (every day all day)");
  }

  @Test
  void evaluate_noWindows_alwaysPasses() {
    GateOutcome outcome = at("2026-12-28T10:00:00Z", map("timeZone", "UTC"));

    assertThat(outcome.status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(outcome.detail()).isEqualTo("at 2026-12-28T10:00 UTC outside every deny window");
  }

  @Test
  void evaluate_windowCrossingMidnight_belongsToItsStartDay() {
    Map<String, Object> rules =
        map(
            "timeZone",
            "UTC",
            "allow",
            List.of(map("days", List.of("fri"), "from", "22:00", "to", "06:00")));

    assertThat(at("2026-11-27T22:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-11-28T05:59:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-11-28T06:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-11-27T05:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-11-26T23:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
  }

  @Test
  void evaluate_dayRangeWrappingTheWeek_includesTheWeekend() {
    Map<String, Object> rules =
        map("timeZone", "UTC", "deny", List.of(map("days", List.of("fri-mon"))));

    assertThat(at("2026-11-29T12:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-11-30T12:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-12-01T12:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_untilMidnight_endsAtTheEndOfTheDay() {
    Map<String, Object> rules =
        map("timeZone", "UTC", "deny", List.of(map("from", "18:00", "to", "24:00")));

    assertThat(at("2026-11-23T23:59:59Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-11-24T00:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_springForwardDay_followsLocalWallClock() {
    // Europe/Berlin, Sunday 2026-03-29: 02:00 CET becomes 03:00 CEST.
    Map<String, Object> rules =
        berlin("allow", List.of(map("days", List.of("sun"), "from", "09:00", "to", "17:00")));

    assertThat(at("2026-03-22T07:30:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-03-29T07:30:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-03-29T06:59:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-03-29T14:59:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-03-29T15:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
  }

  @Test
  void evaluate_springForwardGap_windowAcrossTheGapIsOneHourShorter() {
    Map<String, Object> rules =
        berlin("deny", List.of(map("days", List.of("sun"), "from", "01:00", "to", "04:00")));

    assertThat(at("2026-03-28T23:59:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-03-29T00:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    GateOutcome afterGap = at("2026-03-29T01:00:00Z", rules);
    assertThat(afterGap.status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(afterGap.detail()).startsWith("at 2026-03-29T03:00 Europe/Berlin");
    assertThat(at("2026-03-29T02:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_fallBackDay_repeatedHourIsInsideBothTimes() {
    // Europe/Berlin, Sunday 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    Map<String, Object> rules =
        berlin("deny", List.of(map("days", List.of("sun"), "from", "02:00", "to", "03:00")));

    assertThat(at("2026-10-24T23:59:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-10-25T00:30:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-10-25T01:30:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-10-25T02:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
  }

  @Test
  void evaluate_fallBackDay_businessHoursShiftInUtc() {
    Map<String, Object> rules = berlin("allow", List.of(BUSINESS_HOURS));

    assertThat(at("2026-10-23T07:30:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
    assertThat(at("2026-10-26T07:30:00Z", rules).status()).isEqualTo(GateOutcome.Status.FAIL);
    assertThat(at("2026-10-26T08:00:00Z", rules).status()).isEqualTo(GateOutcome.Status.PASS);
  }
}
