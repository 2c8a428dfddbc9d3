package io.gatehouse.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Logging for every command: one line per event on standard output, plain text by default and one
 * JSON object per line when {@code GATEHOUSE_LOG_FORMAT=json}. Found by Logback through {@code
 * META-INF/services}, so no XML configuration is involved.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** Multi-line stack traces are folded into the event's line, so each event stays one line. */
  private static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level %logger{0} - %msg"
          + "%replace(%replace( %ex{full}){'[\\r\\n]+\\s*', ' | '}){'^ $', ''}%nopex%n";

  private static final Map<String, Level> LIBRARY_LEVELS =
      Map.of(
          "org.eclipse.jetty", Level.WARN,
          "io.javalin", Level.WARN,
          "com.zaxxer.hikari", Level.WARN,
          "org.flywaydb", Level.WARN,
          "io.gatehouse.access", Level.INFO);

  /** Used by Logback's service loader. */
  public LogSetup() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder(context, System.getenv("GATEHOUSE_LOG_FORMAT")));
    console.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    LIBRARY_LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** With {@code verbose}, Gatehouse logs debug detail and the libraries their own information. */
  static void verbose(boolean verbose) {
    if (!verbose || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.getLogger("io.gatehouse").setLevel(Level.DEBUG);
    LIBRARY_LEVELS.keySet().forEach(name -> context.getLogger(name).setLevel(Level.INFO));
  }

  static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    Encoder<ILoggingEvent> encoder;
    if (format != null && format.trim().toLowerCase(Locale.ROOT).equals("json")) {
      encoder = new JsonLineEncoder();
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(TEXT_PATTERN);
      encoder = text;
    }
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }
}
