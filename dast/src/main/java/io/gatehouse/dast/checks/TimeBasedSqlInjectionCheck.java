package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Blind SQL injection found by time: payloads that make the database wait (MySQL/MariaDB {@code
 * SLEEP}, PostgreSQL {@code PG_SLEEP}, SQL Server {@code WAITFOR DELAY}, Oracle {@code
 * DBMS_PIPE.RECEIVE_MESSAGE}, and a heavy {@code RANDOMBLOB} query for SQLite, which has no sleep),
 * after a string, after a number and as a stacked query, confirmed with the statistics of {@link
 * TimeProbes}: delayed, not delayed when asked for none, delayed again.
 */
public final class TimeBasedSqlInjectionCheck implements ActiveCheck {
  static final Rule RULE =
      Rule.of(
          "sql-injection-time",
          "SQL injection (time-based)",
          Severity.HIGH,
          89,
          "Use parameterised queries (prepared statements) for every value; never build SQL by"
              + " concatenating input.");

  /**
   * A payload: {@code {v}} is the original value, {@code {s}} the delay in seconds, {@code {ms}} in
   * milliseconds as SQL Server writes it, {@code {n}} a heavy query's size (1 when no delay).
   */
  record Template(String database, String text) {
    String apply(String value, double seconds) {
      long heavy = seconds == 0 ? 1 : Math.round(seconds * 60_000_000L);
      return text.replace("{v}", value)
          .replace("{s}", seconds(seconds))
          .replace("{ms}", String.format(Locale.ROOT, "00:00:%06.3f", seconds))
          .replace("{n}", Long.toString(heavy));
    }
  }

  static final List<Template> TEMPLATES =
      List.of(
          new Template("MySQL", "{v}' AND SLEEP({s}) AND '1'='1"),
          new Template("MySQL", "{v} AND SLEEP({s})"),
          new Template("MySQL", "{v}'XOR(SLEEP({s}))XOR'"),
          new Template("PostgreSQL", "{v}'||PG_SLEEP({s})||'"),
          new Template("PostgreSQL", "{v} AND 1=(SELECT 1 FROM PG_SLEEP({s}))"),
          new Template("PostgreSQL", "{v}';SELECT PG_SLEEP({s})--"),
          new Template("SQL Server", "{v}';WAITFOR DELAY '{ms}'--"),
          new Template("SQL Server", "{v};WAITFOR DELAY '{ms}'--"),
          new Template("Oracle", "{v}' AND 1=DBMS_PIPE.RECEIVE_MESSAGE('gh',{s}) AND '1'='1"),
          new Template("Oracle", "{v} AND 1=DBMS_PIPE.RECEIVE_MESSAGE('gh',{s})"),
          new Template(
              "SQLite", "{v}' AND 1=LIKE('ABCDEFG',UPPER(HEX(RANDOMBLOB({n})))) AND '1'='1"));

  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("-?\\d{1,18}(\\.\\d{1,9})?");

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    OptionalDouble delay = TimeProbes.delaySeconds(point, client, 0);
    if (delay.isEmpty()) {
      return Optional.empty();
    }
    double seconds = delay.getAsDouble();
    boolean numeric = NUMBER.matcher(point.value()).matches();
    for (Template template : TEMPLATES) {
      if (!numeric && template.text().startsWith("{v} ")) {
        continue;
      }
      Optional<TimeProbes.Proof> proof =
          TimeProbes.confirm(point, client, seconds, s -> template.apply(point.value(), s));
      if (proof.isPresent()) {
        return Optional.of(
            TimeProbes.finding(
                RULE,
                point,
                proof.get(),
                template.database()
                    + " delay with "
                    + template.apply(point.value(), proof.get().delaySeconds())));
      }
    }
    return Optional.empty();
  }

  static String seconds(double seconds) {
    return seconds == Math.rint(seconds)
        ? Long.toString((long) seconds)
        : String.format(Locale.ROOT, "%.1f", seconds);
  }
}
