package io.gatehouse.deploy.gate;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code window} gate: passes while the deployment is inside an allowed time window and outside
 * every denied one, in local time of a zone. A deny window wins over an allow window; no allow
 * window at all means always allowed.
 */
final class WindowGate implements Gate {
  static final String TYPE = "window";
  static final int MAX_WINDOWS = 50;
  private static final Set<String> KEYS = Set.of("timeZone", "allow", "deny");

  private final Settings settings;

  WindowGate(Settings settings) {
    this.settings = settings;
  }

  /**
   * The parameters.
   *
   * @param zone the zone whose local time the windows are in
   * @param allow the windows a deployment may pass in; empty for always
   * @param deny the windows a deployment may never pass in
   */
  record Settings(ZoneId zone, List<TimeWindow> allow, List<TimeWindow> deny) {
    Settings {
      allow = List.copyOf(allow);
      deny = List.copyOf(deny);
    }

    static Settings parse(Parameters p) {
      p.allowOnly(KEYS);
      String zoneText = p.requiredString("timeZone", 64);
      if (!ZoneId.getAvailableZoneIds().contains(zoneText)) {
        throw Parameters.invalid(
            p.path("timeZone"),
            "must be an IANA time zone such as Europe/Berlin or UTC, not '"
                + Parameters.shown(zoneText)
                + "'");
      }
      return new Settings(ZoneId.of(zoneText), windows(p, "allow"), windows(p, "deny"));
    }

    private static List<TimeWindow> windows(Parameters p, String key) {
      List<?> entries = p.optionalList(key, MAX_WINDOWS);
      List<TimeWindow> windows = new ArrayList<>(entries.size());
      for (int i = 0; i < entries.size(); i++) {
        String place = key + "[" + i + "]";
        windows.add(TimeWindow.parse(Parameters.object(entries.get(i), p.path(place)), place));
      }
      return windows;
    }
  }

  @Override
  public GateOutcome evaluate(GateContext context) {
    ZonedDateTime local = context.now().atZone(settings.zone());
    String at = "at " + local.toLocalDateTime() + " " + settings.zone().getId();
    for (TimeWindow window : settings.deny()) {
      if (window.contains(local)) {
        return GateOutcome.fail(at + " inside deny window " + window.describe());
      }
    }
    if (settings.allow().isEmpty()) {
      return GateOutcome.pass(at + " outside every deny window");
    }
    for (TimeWindow window : settings.allow()) {
      if (window.contains(local)) {
        return GateOutcome.pass(at + " inside allow window " + window.describe());
      }
    }
    return GateOutcome.fail(at + " outside every allow window: " + describeAll(settings.allow()));
  }

  private static String describeAll(List<TimeWindow> windows) {
    return String.join("; ", windows.stream().map(TimeWindow::describe).toList());
  }
}
