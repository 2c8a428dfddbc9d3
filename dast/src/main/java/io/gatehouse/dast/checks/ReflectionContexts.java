package io.gatehouse.dast.checks;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Where in an HTML page a reflected value lands, read from the raw page as a browser would. */
final class ReflectionContexts {
  private static final int MAX_OCCURRENCES = 20;
  private static final Pattern URL_ATTRIBUTE =
      Pattern.compile("(?is).*\\b(href|src|action|formaction|data)\\s*=\\s*[\"']?$");

  /** A place a value can be reflected in. */
  enum Context {
    TEXT,
    RCDATA,
    COMMENT,
    ATTRIBUTE_DOUBLE,
    ATTRIBUTE_SINGLE,
    ATTRIBUTE_UNQUOTED,
    URL_ATTRIBUTE,
    SCRIPT_CODE,
    SCRIPT_STRING_DOUBLE,
    SCRIPT_STRING_SINGLE,
    SCRIPT_TEMPLATE
  }

  private ReflectionContexts() {}

  /** Every context {@code marker} appears in within {@code html}. */
  static Set<Context> of(String html, String marker) {
    Set<Context> contexts = EnumSet.noneOf(Context.class);
    String lower = html.toLowerCase(Locale.ROOT);
    int from = 0;
    for (int n = 0; n < MAX_OCCURRENCES; n++) {
      int at = html.indexOf(marker, from);
      if (at < 0) {
        break;
      }
      contexts.add(contextAt(html, lower, at));
      from = at + marker.length();
    }
    return contexts;
  }

  private static Context contextAt(String html, String lower, int at) {
    if (lower.lastIndexOf("<!--", at) > lower.lastIndexOf("-->", at)) {
      return Context.COMMENT;
    }
    int scriptOpen = lower.lastIndexOf("<script", at);
    if (scriptOpen > lower.lastIndexOf("</script", at)) {
      int codeStart = html.indexOf('>', scriptOpen);
      if (codeStart >= 0 && codeStart < at) {
        return switch (jsQuoteAt(html, codeStart + 1, at)) {
          case '"' -> Context.SCRIPT_STRING_DOUBLE;
          case '\'' -> Context.SCRIPT_STRING_SINGLE;
          case '`' -> Context.SCRIPT_TEMPLATE;
          default -> Context.SCRIPT_CODE;
        };
      }
    }
    int tagOpen = html.lastIndexOf('<', at);
    if (tagOpen > html.lastIndexOf('>', at)) {
      return attributeContext(html, tagOpen, at);
    }
    for (String element : new String[] {"textarea", "title"}) {
      if (lower.lastIndexOf("<" + element, at) > lower.lastIndexOf("</" + element, at)) {
        return Context.RCDATA;
      }
    }
    return Context.TEXT;
  }

  private static Context attributeContext(String html, int tagOpen, int at) {
    char quote = 0;
    for (int i = tagOpen; i < at; i++) {
      char c = html.charAt(i);
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
    }
    String before = html.substring(tagOpen, at);
    if (URL_ATTRIBUTE.matcher(before).matches()) {
      return Context.URL_ATTRIBUTE;
    }
    return switch (quote) {
      case '"' -> Context.ATTRIBUTE_DOUBLE;
      case '\'' -> Context.ATTRIBUTE_SINGLE;
      default -> Context.ATTRIBUTE_UNQUOTED;
    };
  }

  /**
   * The JavaScript string quote open at {@code at} when scanning {@code code} from {@code start},
   * or 0 outside strings; backslash escapes are honoured, comments are not modelled.
   */
  static char jsQuoteAt(String code, int start, int at) {
    char quote = 0;
    for (int i = start; i < at; i++) {
      char c = code.charAt(i);
      if (quote != 0 && c == '\\') {
        i++;
      } else if (quote == 0 && (c == '"' || c == '\'' || c == '`')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
    }
    return quote;
  }
}
