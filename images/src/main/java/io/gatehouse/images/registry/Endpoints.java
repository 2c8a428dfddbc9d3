package io.gatehouse.images.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a registry's API lives: https by default, plain http for loopback hosts and registries
 * configured as insecure; Docker Hub's API host for its aliases. Also validates the names that go
 * into request paths.
 */
final class Endpoints {
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
              + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
  private static final int MAX_REPOSITORY = 255;

  private final Set<String> insecure;

  Endpoints(Set<String> insecure) {
    this.insecure = Set.copyOf(insecure);
  }

  /** The base URI of {@code registry}'s API, such as {@code https://ghcr.io}. */
  URI base(String registry) {
    String host = registry.toLowerCase(Locale.ROOT);
    if (host.equals("docker.io") || host.equals("index.docker.io")) {
      host = "registry-1.docker.io";
    }
    return URI.create((plainHttpAllowed(registry) ? "http://" : "https://") + host);
  }

  /** Whether {@code authority} ({@code host[:port]}) may be spoken to without TLS. */
  boolean plainHttpAllowed(String authority) {
    String lower = authority.toLowerCase(Locale.ROOT);
    return insecure.contains(lower)
        || insecure.contains(hostOf(lower))
        || LOOPBACK.contains(hostOf(lower));
  }

  static void checkRegistry(String registry) {
    if (registry.length() > 255 || !HOST.matcher(registry).matches()) {
      throw new IllegalArgumentException(
          "invalid registry host \"" + printable(registry) + "\": expected host[:port]");
    }
  }

  static void checkRepository(String repository) {
    if (repository.length() > MAX_REPOSITORY || !REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException(
          "invalid repository \""
              + printable(repository)
              + "\": expected lower-case path components separated by '/'");
    }
  }

  /** Checks a tag or digest. */
  static void checkReference(String reference) {
    if (!TAG.matcher(reference).matches() && !Digests.isValid(reference)) {
      throw new IllegalArgumentException(
          "invalid reference \"" + printable(reference) + "\": expected a tag or a digest");
    }
  }

  static void checkDigest(String digest) {
    if (!Digests.isValid(digest)) {
      throw new IllegalArgumentException(
          "invalid digest \"" + printable(digest) + "\": expected sha256:<64 hex> or sha512");
    }
  }

  private static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? authority : authority.substring(0, end + 1);
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  private static String printable(String text) {
    String shortened = text.length() > 100 ? text.substring(0, 100) + "..." : text;
    return shortened.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
