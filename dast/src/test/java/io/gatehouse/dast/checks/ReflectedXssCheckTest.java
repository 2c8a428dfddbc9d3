package io.gatehouse.dast.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.dast.checks.ReflectionContexts.Context;
import org.junit.jupiter.api.Test;

class ReflectedXssCheckTest {
  private static final String M = "ghabc12345";

  @Test
  void contexts_eachPlaceOfReflection_recognised() {
    assertThat(ReflectionContexts.of("<p>" + M + "</p>", M)).containsExactly(Context.TEXT);
    assertThat(ReflectionContexts.of("<input value=\"" + M + "\">", M))
        .containsExactly(Context.ATTRIBUTE_DOUBLE);
    assertThat(ReflectionContexts.of("<input value='" + M + "'>", M))
        .containsExactly(Context.ATTRIBUTE_SINGLE);
    assertThat(ReflectionContexts.of("<input value=" + M + ">", M))
        .containsExactly(Context.ATTRIBUTE_UNQUOTED);
    assertThat(ReflectionContexts.of("<a href=\"" + M + "\">", M))
        .containsExactly(Context.URL_ATTRIBUTE);
    assertThat(ReflectionContexts.of("<script>var a = '" + M + "';</script>", M))
        .containsExactly(Context.SCRIPT_STRING_SINGLE);
    assertThat(ReflectionContexts.of("<script>var a = \"x\\\"" + M + "\";</script>", M))
        .containsExactly(Context.SCRIPT_STRING_DOUBLE);
    assertThat(ReflectionContexts.of("<script>var a = " + M + ";</script>", M))
        .containsExactly(Context.SCRIPT_CODE);
    assertThat(ReflectionContexts.of("<!-- " + M + " -->", M)).containsExactly(Context.COMMENT);
    assertThat(ReflectionContexts.of("<textarea>" + M + "</textarea>", M))
        .containsExactly(Context.RCDATA);
  }

  @Test
  void injected_markerElementParsedFromPage_confirmed() {
    assertThat(ReflectedXssCheck.injected(Responses.html("http://a/", "<p><" + M + " x=1></p>"), M))
        .isPresent();
  }

  @Test
  void injected_markerOnlyAsEscapedText_notConfirmed() {
    assertThat(
            ReflectedXssCheck.injected(
                Responses.html("http://a/", "<p>&lt;" + M + " x=1&gt;</p>"), M))
        .isEmpty();
  }

  @Test
  void injected_markerInsideAttributeValue_notConfirmed() {
    String page = "<input value=\"&quot; " + M + "=1 x=&quot;\">";
    assertThat(ReflectedXssCheck.injected(Responses.html("http://a/", page), M)).isEmpty();
  }

  @Test
  void injected_attributeBrokenOut_confirmed() {
    String page = "<input value=\"\" " + M + "=1 x=\"\">";
    assertThat(ReflectedXssCheck.injected(Responses.html("http://a/", page), M))
        .hasValueSatisfying(p -> assertThat(p).contains("attribute"));
  }

  @Test
  void injected_scriptStringBrokenOut_confirmed_escapedQuote_not() {
    assertThat(
            ReflectedXssCheck.injected(
                Responses.html("http://a/", "<script>var q = '';" + M + "=1;//';</script>"), M))
        .isPresent();
    assertThat(
            ReflectedXssCheck.injected(
                Responses.html("http://a/", "<script>var q = '\\';" + M + "=1;//';</script>"), M))
        .isEmpty();
  }

  @Test
  void injected_javascriptUrl_confirmed() {
    assertThat(
            ReflectedXssCheck.injected(
                Responses.html("http://a/", "<a href=\" javascript:" + M + "(1)\">x</a>"), M))
        .isPresent();
  }

  @Test
  void injected_jsonNotHtml_notConfirmed() {
    var json =
        new io.gatehouse.dast.http.Response(
            io.gatehouse.dast.http.Request.get(java.net.URI.create("http://a/")),
            200,
            java.util.Map.of("Content-Type", java.util.List.of("application/json")),
            "{\"q\":\"<" + M + ">\"}",
            false,
            java.time.Duration.ZERO);
    assertThat(ReflectedXssCheck.injected(json, M)).isEmpty();
  }
}
