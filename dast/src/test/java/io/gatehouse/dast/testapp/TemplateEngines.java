package io.gatehouse.dast.testapp;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.util.introspection.SecureUberspector;

/**
 * Real template engines for the test target: Jinjava (Jinja syntax, {@code {{ }}}), Apache
 * FreeMarker ({@code ${ }}) and Apache Velocity ({@code #set}, {@code $name}). A vulnerable page
 * builds its template from input; its safe twin fills a fixed template with the input as data. A
 * template that does not parse or render gives a generic error page, as a production setting does.
 */
enum TemplateEngines {
  JINJAVA {
    @Override
    String render(String template, Map<String, String> data) {
      try {
        return JINJA.render(template, data);
      } catch (RuntimeException e) {
        return ERROR_PAGE;
      }
    }

    @Override
    String fixed(String variable) {
      return "{{ " + variable + " }}";
    }
  },
  FREEMARKER {
    @Override
    String render(String template, Map<String, String> data) {
      try {
        Template parsed = new Template("page", new StringReader(template), FREEMARKER_CONFIG);
        StringWriter out = new StringWriter();
        parsed.process(data, out);
        return out.toString();
      } catch (IOException | TemplateException | RuntimeException e) {
        return ERROR_PAGE;
      }
    }

    @Override
    String fixed(String variable) {
      return "${" + variable + "}";
    }
  },
  VELOCITY {
    @Override
    String render(String template, Map<String, String> data) {
      try {
        StringWriter out = new StringWriter();
        VELOCITY_ENGINE.evaluate(new VelocityContext(new HashMap<>(data)), out, "page", template);
        return out.toString();
      } catch (RuntimeException e) {
        return ERROR_PAGE;
      }
    }

    @Override
    String fixed(String variable) {
      return "$" + variable;
    }
  };

  private static final String ERROR_PAGE = "<p>Sorry, this page cannot be shown.</p>";
  // Jinjava's default renders again what a variable's value renders to: a value holding "{{ }}"
  // would be evaluated, the template fixed or not (the scan reported the first safe twin)
  private static final Jinjava JINJA =
      new Jinjava(JinjavaConfig.newBuilder().withNestedInterpretationEnabled(false).build());
  private static final Configuration FREEMARKER_CONFIG = freemarker();
  private static final VelocityEngine VELOCITY_ENGINE = velocity();

  /** Renders {@code template} with {@code data}. */
  abstract String render(String template, Map<String, String> data);

  /** The engine's expression for {@code variable}. */
  abstract String fixed(String variable);

  /**
   * The page {@code before + input + after}: the vulnerable one makes the (HTML-escaped) input part
   * of the template, the safe one passes it as the value of a variable of a fixed template.
   */
  String page(String before, String input, String after, boolean vulnerable) {
    String text = VulnerableApp.html(input);
    return vulnerable
        ? render(before + text + after, Map.of())
        : render(before + fixed("input") + after, Map.of("input", text));
  }

  private static Configuration freemarker() {
    Configuration config = new Configuration(Configuration.VERSION_2_3_34);
    config.setLocale(Locale.US);
    config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    config.setLogTemplateExceptions(false);
    config.setWrapUncheckedExceptions(true);
    // the target evaluates expressions, but cannot be made to run code on the test machine
    config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    config.setAPIBuiltinEnabled(false);
    return config;
  }

  private static VelocityEngine velocity() {
    VelocityEngine engine = new VelocityEngine();
    // expressions evaluate, but no class can be reached through a value's methods
    engine.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SecureUberspector.class.getName());
    engine.init();
    return engine;
  }
}
