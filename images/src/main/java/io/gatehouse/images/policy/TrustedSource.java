package io.gatehouse.images.policy;

import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.reference.InvalidImageReferenceException;
import java.util.Objects;
import java.util.Optional;

/**
 * A source of images the policy trusts: a registry, optionally narrowed to a repository prefix.
 *
 * <p>Forms:
 *
 * <ul>
 *   <li>{@code myacr.azurecr.io}: every image on that registry;
 *   <li>{@code localhost:5000}: a registry on a port. The port is part of the registry: {@code
 *       myacr.azurecr.io} matches only references written without a port, and {@code
 *       localhost:5000} matches neither {@code localhost} nor {@code localhost:50000};
 *   <li>{@code myacr.azurecr.io/team-a}: repositories {@code team-a} and {@code team-a/...}, never
 *       {@code team-ab}: a prefix ends on a path-segment boundary;
 *   <li>{@code *.azurecr.io}: any registry strictly below {@code azurecr.io} ({@code x.azurecr.io},
 *       {@code a.b.azurecr.io}), but neither {@code azurecr.io} itself nor {@code evilazurecr.io}.
 *       The {@code *.} may only lead, and the domain after it needs at least two labels;
 *   <li>{@code docker.io/library}: Docker Hub's official images, to which {@code nginx} and {@code
 *       library/nginx} normalise. {@code index.docker.io} is read as {@code docker.io}, as in image
 *       references.
 * </ul>
 *
 * <p>Registry hosts compare case-insensitively; repository prefixes must be lower case, as
 * repository names are. Matching allocates nothing.
 */
public final class TrustedSource {
  /** The longest trusted-source text accepted. */
  public static final int MAX_LENGTH = 512;

  private final String text;
  private final boolean wildcard;

  /** Exact source: the lower-case {@code host[:port]}. Wildcard: {@code .domain[:port]}. */
  private final String registry;

  /** The repository prefix, empty for a whole registry. */
  private final String prefix;

  private TrustedSource(boolean wildcard, String registry, String prefix) {
    this.wildcard = wildcard;
    this.registry = registry;
    this.prefix = prefix;
    this.text = (wildcard ? "*" : "") + registry + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /**
   * Parses a trusted source.
   *
   * @throws InvalidTrustedSourceException if the text is not one of the forms above
   */
  public static TrustedSource parse(String text) {
    Objects.requireNonNull(text, "text");
    checkCharacters(text);
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    String prefix = slash < 0 ? "" : text.substring(slash + 1);
    boolean wildcard = host.startsWith("*.");
    String domain = wildcard ? host.substring(2) : host;
    if (domain.indexOf('*') >= 0 || prefix.indexOf('*') >= 0) {
      throw new InvalidTrustedSourceException(text, "'*' is allowed only as a leading '*.'");
    }
    String registry = wildcard ? wildcardSuffix(text, domain) : exactRegistry(text, domain);
    if (slash >= 0) {
      checkPrefix(text, prefix);
    }
    return new TrustedSource(wildcard, registry, prefix);
  }

  /** Whether the image comes from this source. */
  public boolean matches(ImageReference image) {
    String imageRegistry = image.canonicalRegistry();
    boolean registryMatches =
        wildcard
            ? imageRegistry.length() > registry.length() && imageRegistry.endsWith(registry)
            : imageRegistry.equals(registry);
    if (!registryMatches) {
      return false;
    }
    if (prefix.isEmpty()) {
      return true;
    }
    String repository = image.repository();
    return repository.startsWith(prefix)
        && (repository.length() == prefix.length() || repository.charAt(prefix.length()) == '/');
  }

  /** Whether this is a {@code *.domain} source. */
  public boolean isWildcard() {
    return wildcard;
  }

  /** The repository prefix, if this source is narrowed to one. */
  public Optional<String> repositoryPrefix() {
    return prefix.isEmpty() ? Optional.empty() : Optional.of(prefix);
  }

  /** Equal when the normalised forms are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof TrustedSource that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The normalised form: lower-case host, for example {@code *.azurecr.io/team-a}. */
  @Override
  public String toString() {
    return text;
  }

  private static void checkCharacters(String text) {
    if (text.isEmpty()) {
      throw new InvalidTrustedSourceException(text, "trusted source is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidTrustedSourceException(
          text, "trusted source is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new InvalidTrustedSourceException(
            text, "trusted source must be printable ASCII without spaces");
      }
    }
    if (text.indexOf('@') >= 0) {
      throw new InvalidTrustedSourceException(text, "trusted source must not hold '@' or a digest");
    }
  }

  /**
   * The lower-case registry of an exact source. The host is checked with the image-reference
   * grammar itself, so that a source can only name what a reference can.
   */
  private static String exactRegistry(String text, String host) {
    boolean namesRegistry =
        host.equals("localhost")
            || host.startsWith("[")
            || host.indexOf('.') >= 0
            || host.indexOf(':') >= 0;
    if (!namesRegistry) {
      throw new InvalidTrustedSourceException(
          text,
          "trusted source must start with a registry host (with a '.', a port, or localhost),"
              + " for example docker.io/"
              + host);
    }
    return probe(text, host + "/probe").canonicalRegistry();
  }

  /** The {@code .domain[:port]} suffix of a wildcard source, lower-case. */
  private static String wildcardSuffix(String text, String domain) {
    int colon = domain.indexOf(':');
    String hostPart = colon < 0 ? domain : domain.substring(0, colon);
    if (hostPart.startsWith("[") || hostPart.indexOf('.') < 0) {
      throw new InvalidTrustedSourceException(
          text, "a wildcard must cover a domain of at least two labels, such as *.azurecr.io");
    }
    // A leading label keeps index.docker.io from being normalised to docker.io here.
    String probed = probe(text, "x." + domain + "/probe").canonicalRegistry();
    return probed.substring(1);
  }

  private static void checkPrefix(String text, String prefix) {
    if (prefix.isEmpty()) {
      throw new InvalidTrustedSourceException(text, "repository prefix is empty");
    }
    if (prefix.indexOf(':') >= 0) {
      throw new InvalidTrustedSourceException(text, "trusted source must not hold a tag");
    }
    ImageReference probed = probe(text, "localhost/" + prefix);
    if (!probed.repository().equals(prefix)) {
      throw new InvalidTrustedSourceException(text, "invalid repository prefix");
    }
  }

  private static ImageReference probe(String text, String reference) {
    try {
      return ImageReference.parse(reference);
    } catch (InvalidImageReferenceException e) {
      throw new InvalidTrustedSourceException(text, "invalid trusted source: " + e.rule());
    }
  }
}
