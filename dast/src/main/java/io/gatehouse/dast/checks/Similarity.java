package io.gatehouse.dast.checks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** How alike two pages are: the Dice coefficient of their word multisets, 0 to 1. */
final class Similarity {
  private static final Pattern WORD_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}_]+");

  private Similarity() {}

  static double of(String a, String b) {
    if (a.equals(b)) {
      return 1.0;
    }
    Map<String, Integer> wordsA = words(a);
    Map<String, Integer> wordsB = words(b);
    int sizeA = wordsA.values().stream().mapToInt(Integer::intValue).sum();
    int sizeB = wordsB.values().stream().mapToInt(Integer::intValue).sum();
    if (sizeA + sizeB == 0) {
      return 1.0;
    }
    int common = 0;
    for (Map.Entry<String, Integer> entry : wordsA.entrySet()) {
      common += Math.min(entry.getValue(), wordsB.getOrDefault(entry.getKey(), 0));
    }
    return 2.0 * common / (sizeA + sizeB);
  }

  private static Map<String, Integer> words(String text) {
    Map<String, Integer> words = new HashMap<>();
    for (String word : WORD_SEPARATOR.split(text, 0)) {
      if (!word.isEmpty()) {
        words.merge(word, 1, Integer::sum);
      }
    }
    return words;
  }

  /**
   * {@code body} without the reflections of {@code values}, raw or HTML- or URL-encoded, so that a
   * page that merely echoes the payload does not differ because of it.
   */
  static String withoutReflections(String body, List<String> values) {
    String result = body;
    for (String value : values) {
      if (value.isEmpty()) {
        continue;
      }
      for (String variant : variants(value)) {
        result = result.replace(variant, "");
      }
    }
    return result;
  }

  private static List<String> variants(String value) {
    String html =
        value
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;");
    return List.of(
        value,
        html.replace("'", "&#39;"),
        html.replace("'", "&#x27;"),
        html.replace("'", "&apos;"),
        html,
        URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
