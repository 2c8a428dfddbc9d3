package io.gatehouse.deploy.gate;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One window of the {@code window} gate, in local time of the gate's zone: recurring (days of the
 * week and a time of day), dated (two local date-times) or yearly (two month-days, inclusive).
 */
sealed interface TimeWindow {
  /** Whether the local time {@code at} lies inside the window. */
  boolean contains(ZonedDateTime at);

  /** The window's name, or its place in the rules, and its extent, for a detail. */
  String describe();

  /** The keys a window may have. */
  Set<String> KEYS = Set.of("name", "days", "from", "to");

  /**
   * Reads a window. Its kind follows from the form of {@code from} and {@code to}: {@code HH:mm}
   * recurring, {@code MM-dd} yearly, {@code yyyy-MM-ddTHH:mm} dated; {@code days} only with
   * recurring windows. An unnamed window is described by its {@code place}, e.g. {@code deny[0]}.
   */
  static TimeWindow parse(Parameters p, String place) {
    p.allowOnly(KEYS);
    String label =
        p.optionalString("name", 100).map(n -> "\"" + Parameters.shown(n) + "\"").orElse(place);
    Optional<String> from = p.optionalString("from", 40);
    Optional<String> to = p.optionalString("to", 40);
    if (from.isPresent() != to.isPresent()) {
      throw Parameters.invalid(
          p.path(from.isPresent() ? "to" : "from"), "is required when the other end is given");
    }
    if (from.isEmpty() || Recurring.TIME.matcher(from.get()).matches()) {
      return Recurring.parse(p, label, from, to);
    }
    if (p.has("days")) {
      throw Parameters.invalid(
          p.path("days"), "is only allowed with times of day (from: \"09:00\", to: \"17:00\")");
    }
    if (Yearly.MONTH_DAY.matcher(from.get()).matches()) {
      return Yearly.parse(p, label, from.get(), to.get());
    }
    return Dated.parse(p, label, from.get(), to.get());
  }

  /**
   * Every week on some days, between two times of day; {@code to} at or before {@code from} means
   * the window ends on the next day. The days are the days the window starts on.
   */
  record Recurring(String label, Set<DayOfWeek> days, int fromMinute, int toMinute)
      implements TimeWindow {
    static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-4]):([0-5][0-9])");
    private static final Pattern DAY_RANGE = Pattern.compile("([a-z]{3})(?:-([a-z]{3}))?");
    private static final List<String> DAY_NAMES =
        List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final int DAY_MINUTES = 24 * 60;

    static Recurring parse(Parameters p, String label, Optional<String> from, Optional<String> to) {
      Set<DayOfWeek> days = days(p);
      if (from.isEmpty()) {
        return new Recurring(label, days, 0, DAY_MINUTES);
      }
      int start = minute(from.get(), p.path("from"));
      int end = minute(to.get(), p.path("to"));
      if (start == DAY_MINUTES) {
        throw Parameters.invalid(p.path("from"), "must be a time from 00:00 to 23:59");
      }
      if (start == end) {
        throw Parameters.invalid(
            p.path("to"), "must differ from 'from'; leave both out for the whole day");
      }
      return new Recurring(label, days, start, end);
    }

    private static Set<DayOfWeek> days(Parameters p) {
      if (!p.has("days")) {
        return EnumSet.allOf(DayOfWeek.class);
      }
      List<?> entries = p.optionalList("days", 7);
      if (entries.isEmpty()) {
        throw Parameters.invalid(
            p.path("days"), "must name at least one day; leave it out for every day");
      }
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (int i = 0; i < entries.size(); i++) {
        String path = p.path("days") + "[" + i + "]";
        days.addAll(dayRange(Parameters.string(entries.get(i), path, 7), path));
      }
      return days;
    }

    private static Set<DayOfWeek> dayRange(String text, String path) {
      Matcher m = DAY_RANGE.matcher(text.toLowerCase(Locale.ROOT));
      int first = m.matches() ? DAY_NAMES.indexOf(m.group(1)) : -1;
      int last = first < 0 ? -1 : m.group(2) == null ? first : DAY_NAMES.indexOf(m.group(2));
      if (first < 0 || last < 0) {
        throw Parameters.invalid(
            path,
            "must be a day (mon, tue, wed, thu, fri, sat, sun) or a range such as mon-fri, not '"
                + Parameters.shown(text)
                + "'");
      }
      Set<DayOfWeek> range = EnumSet.noneOf(DayOfWeek.class);
      for (int day = first; ; day = (day + 1) % 7) {
        range.add(DayOfWeek.of(day + 1));
        if (day == last) {
          return range;
        }
      }
    }

    private static int minute(String text, String path) {
      Matcher m = TIME.matcher(text);
      if (!m.matches()) {
        throw Parameters.invalid(
            path, "must be a time of day such as 09:00, not '" + Parameters.shown(text) + "'");
      }
      int minute = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
      if (minute > DAY_MINUTES) {
        throw Parameters.invalid(path, "must be a time from 00:00 to 24:00");
      }
      return minute;
    }

    @Override
    public boolean contains(ZonedDateTime at) {
      int now = at.getHour() * 60 + at.getMinute();
      if (fromMinute < toMinute) {
        return days.contains(at.getDayOfWeek()) && now >= fromMinute && now < toMinute;
      }
      // Crosses midnight: the evening part on a listed day, the morning part on the day after.
      return (days.contains(at.getDayOfWeek()) && now >= fromMinute)
          || (days.contains(at.getDayOfWeek().minus(1)) && now < toMinute);
    }

    @Override
    public String describe() {
      String when =
          fromMinute == 0 && toMinute == DAY_MINUTES
              ? "all day"
              : time(fromMinute) + " to " + time(toMinute);
      return label + " (" + dayNames() + " " + when + ")";
    }

    private String dayNames() {
      if (days.size() == 7) {
        return "every day";
      }
      return String.join(",", days.stream().map(d -> DAY_NAMES.get(d.getValue() - 1)).toList());
    }

    private static String time(int minute) {
      return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }
  }

  /** Once, between two local date-times: from inclusive, to exclusive. */
  record Dated(String label, LocalDateTime from, LocalDateTime to) implements TimeWindow {
    static Dated parse(Parameters p, String label, String fromText, String toText) {
      LocalDateTime from = dateTime(fromText, p.path("from"));
      LocalDateTime to = dateTime(toText, p.path("to"));
      if (!to.isAfter(from)) {
        throw Parameters.invalid(p.path("to"), "must be after 'from' (" + fromText + ")");
      }
      return new Dated(label, from, to);
    }

    private static LocalDateTime dateTime(String text, String path) {
      try {
        return LocalDateTime.parse(text);
      } catch (DateTimeParseException e) {
        throw Parameters.invalid(
            path,
            "must be a time of day (09:00), a month and day (12-24) or a local date and time"
                + " (2026-12-24T00:00), not '"
                + Parameters.shown(text)
                + "'");
      }
    }

    @Override
    public boolean contains(ZonedDateTime at) {
      LocalDateTime local = at.toLocalDateTime();
      return !local.isBefore(from) && local.isBefore(to);
    }

    @Override
    public String describe() {
      return label + " (" + from + " to " + to + ")";
    }
  }

  /** Every year from one day to another, both inclusive; may wrap past the end of the year. */
  record Yearly(String label, MonthDay from, MonthDay to) implements TimeWindow {
    static final Pattern MONTH_DAY = Pattern.compile("([0-9]{2})-([0-9]{2})");

    static Yearly parse(Parameters p, String label, String fromText, String toText) {
      MonthDay from = monthDay(fromText, p.path("from"));
      MonthDay to = monthDay(toText, p.path("to"));
      return new Yearly(label, from, to);
    }

    private static MonthDay monthDay(String text, String path) {
      Matcher m = MONTH_DAY.matcher(text);
      try {
        if (m.matches()) {
          return MonthDay.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
      } catch (DateTimeException e) {
        // falls through to the message below
      }
      throw Parameters.invalid(
          path,
          "must be a month and day such as 12-24, like the other end, not '"
              + Parameters.shown(text)
              + "'");
    }

    @Override
    public boolean contains(ZonedDateTime at) {
      MonthDay today = MonthDay.from(at);
      if (!from.isAfter(to)) {
        return !today.isBefore(from) && !today.isAfter(to);
      }
      return !today.isBefore(from) || !today.isAfter(to);
    }

    @Override
    public String describe() {
      return label
          + String.format(
              Locale.ROOT,
              " (every year %02d-%02d to %02d-%02d)",
              from.getMonthValue(),
              from.getDayOfMonth(),
              to.getMonthValue(),
              to.getDayOfMonth());
    }
  }
}
