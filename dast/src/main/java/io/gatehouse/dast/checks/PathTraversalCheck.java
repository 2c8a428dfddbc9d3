package io.gatehouse.dast.checks;

import io.gatehouse.dast.findings.Confidence;
import io.gatehouse.dast.findings.Finding;
import io.gatehouse.dast.findings.Rule;
import io.gatehouse.dast.findings.Severity;
import io.gatehouse.dast.http.Response;
import io.gatehouse.dast.http.ScanHttpClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Path traversal and file inclusion: the input names a file, and relative, absolute and
 * filter-evading paths to well-known system files ({@code /etc/passwd}, {@code win.ini}) make the
 * page show that file's content, which the original page does not.
 */
public final class PathTraversalCheck implements ActiveCheck {
  private static final Pattern SIGNATURES =
      Pattern.compile(
          "root:[^:\\r\\n]{0,40}:0:0:|\\[(fonts|extensions|mci extensions)\\]|; for 16-bit app support");
  private static final String UP = "../../../../../../../../../../";

  static final Rule RULE =
      Rule.of(
          "path-traversal",
          "Path traversal",
          Severity.HIGH,
          22,
          "Map the input to an allow-listed file name or identifier; never build a file path from"
              + " input, and check the canonical path stays under the intended directory.");

  @Override
  public Rule rule() {
    return RULE;
  }

  @Override
  public Optional<Finding> test(InjectionPoint point, ScanHttpClient client) throws IOException {
    Response original = client.follow(point.original());
    if (SIGNATURES.matcher(original.body()).find()) {
      return Optional.empty();
    }
    for (String payload : payloads(point.value())) {
      Response response = client.follow(point.with(payload));
      Matcher matcher = SIGNATURES.matcher(response.body());
      if (matcher.find()) {
        return Optional.of(
            point.finding(
                RULE,
                Confidence.CONFIRMED,
                response,
                matcher.group(),
                "file content signature " + matcher.group() + " for " + payload));
      }
    }
    return Optional.empty();
  }

  static List<String> payloads(String original) {
    List<String> payloads = new ArrayList<>();
    payloads.add(UP + "etc/passwd");
    payloads.add("/etc/passwd");
    payloads.add(UP.replace("../", "....//") + "etc/passwd");
    payloads.add(UP.replace("../", "..%2f") + "etc%2fpasswd");
    payloads.add("file:///etc/passwd");
    int slash = original.lastIndexOf('/');
    if (slash > 0) {
      payloads.add(original.substring(0, slash + 1) + UP + "etc/passwd");
    }
    payloads.add(UP.replace('/', '\\') + "windows\\win.ini");
    payloads.add("C:\\Windows\\win.ini");
    return payloads;
  }
}
