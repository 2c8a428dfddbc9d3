package io.gatehouse.dast.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which URLs a scan may request: the target's origin and any URL that matches an include pattern in
 * full, minus every URL in which an exclude pattern is found. Only {@code http} and {@code https}
 * URLs are ever in scope.
 *
 * @param origin the target's origin, {@code scheme://host:port}, with the default port written out
 * @param includes patterns of further URLs in scope, each matched against the whole URL
 * @param excludes patterns of URLs never requested, each found anywhere in the URL
 */
public record Scope(String origin, List<Pattern> includes, List<Pattern> excludes) {
  public Scope {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
  }

  /** The scope of a scan of {@code target}: its origin, with further includes and excludes. */
  public static Scope of(URI target, List<Pattern> includes, List<Pattern> excludes) {
    return new Scope(
        originOf(target)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "target must be an absolute http or https URL: " + target)),
        includes,
        excludes);
  }

  /** Whether the scan may request {@code uri}. */
  public boolean allows(URI uri) {
    return refusal(uri).isEmpty();
  }

  /** Why the scan may not request {@code uri}, or empty when it may. */
  public Optional<String> refusal(URI uri) {
    Optional<String> uriOrigin = originOf(uri);
    if (uriOrigin.isEmpty()) {
      return Optional.of("not an absolute http or https URL with a host");
    }
    String text = uri.toString();
    for (Pattern exclude : excludes) {
      if (exclude.matcher(text).find()) {
        return Optional.of("matches the exclude pattern " + exclude.pattern());
      }
    }
    if (uriOrigin.get().equals(origin)) {
      return Optional.empty();
    }
    for (Pattern include : includes) {
      if (include.matcher(text).matches()) {
        return Optional.empty();
      }
    }
    return Optional.of("outside the target's origin " + origin + " and every scope pattern");
  }

  /** The origin of {@code uri}, {@code scheme://host:port}, when it is an http(s) URL. */
  static Optional<String> originOf(URI uri) {
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null || host.isEmpty() || uri.getRawAuthority() == null) {
      return Optional.empty();
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (scheme.equals("http")) {
      port = port == -1 ? 80 : port;
    } else if (scheme.equals("https")) {
      port = port == -1 ? 443 : port;
    } else {
      return Optional.empty();
    }
    return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port);
  }
}
