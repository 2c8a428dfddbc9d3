package io.gatehouse.images.reference;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A container image reference, {@code [registry/]repository[:tag][@digest]}, parsed and normalised
 * as the OCI distribution reference library does ({@code ParseNormalizedNamed}).
 *
 * <p>Normalisation: a reference without a registry is on Docker Hub ({@code docker.io}); {@code
 * index.docker.io} is Docker Hub too (but {@code registry-1.docker.io} is kept as written); a
 * single-component Docker Hub repository is an official image under {@code library/} ({@code nginx}
 * is {@code docker.io/library/nginx}). The first path component is a registry only when it is
 * {@code localhost}, holds a {@code .} or a {@code :}, or has upper-case letters; otherwise it is
 * the first component of a Docker Hub repository ({@code user/app}).
 *
 * <p>A reference with neither tag nor digest has the implicit tag {@code latest}: {@link #tag()} is
 * empty, {@link #tagDefaulted()} is true and {@link #effectiveTag()} is {@code latest}.
 *
 * <p>Host names are case-insensitive: {@link #registry()} keeps the registry as written, {@link
 * #canonicalRegistry()} lower-cases it, and equality and {@link #name()} use the lower-case form,
 * so {@code nginx} equals {@code docker.io/library/nginx:latest} and {@code MYACR.azurecr.io/x}
 * equals {@code myacr.azurecr.io/x}. {@link #canonical()} keeps the registry's letters as written,
 * because the grammar reads an upper-case first component as a registry and its lower-case twin as
 * a Docker Hub repository ({@code Bitnami/redis} is not {@code bitnami/redis}): the canonical text
 * always parses back to an equal reference.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ImageReference {
  /** The longest input accepted; longer ones are refused before any other work. */
  public static final int MAX_LENGTH = ReferenceParser.MAX_INPUT_LENGTH;

  private final String registry;
  private final String canonicalRegistry;
  private final String repository;
  private final Optional<String> tag;
  private final Optional<Digest> digest;
  private final String canonical;
  private final String identity;

  ImageReference(
      String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
    this.registry = registry;
    this.canonicalRegistry = registry.toLowerCase(Locale.ROOT);
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
    this.canonical = form(registry);
    this.identity = form(canonicalRegistry);
  }

  /**
   * Parses and normalises an image reference.
   *
   * @param text the reference as written in a pod spec or on a command line
   * @return the reference
   * @throws InvalidImageReferenceException if the grammar refuses the text; the message names the
   *     rule broken
   */
  public static ImageReference parse(String text) {
    Objects.requireNonNull(text, "text");
    return ReferenceParser.parse(text);
  }

  /**
   * The registry host, with its port if one was written, as written ({@code docker.io} when none
   * was). Compare registries with {@link #canonicalRegistry()}.
   */
  public String registry() {
    return registry;
  }

  /** The registry host and port, host lower-cased: the form to compare and match on. */
  public String canonicalRegistry() {
    return canonicalRegistry;
  }

  /** The repository path inside the registry, for example {@code library/nginx}. */
  public String repository() {
    return repository;
  }

  /** The tag as written; empty when none was. */
  public Optional<String> tag() {
    return tag;
  }

  /** Whether no tag and no digest were written, so the tag {@code latest} is implied. */
  public boolean tagDefaulted() {
    return tag.isEmpty() && digest.isEmpty();
  }

  /**
   * The tag a runtime resolves: the written tag, or {@code latest} when neither a tag nor a digest
   * was written; empty for a reference by digest only.
   */
  public Optional<String> effectiveTag() {
    if (tag.isPresent() || digest.isPresent()) {
      return tag;
    }
    return Optional.of(ReferenceParser.DEFAULT_TAG);
  }

  /** The digest, when one was written. */
  public Optional<Digest> digest() {
    return digest;
  }

  /** The registry (lower-case) and repository: {@code docker.io/library/nginx}. */
  public String name() {
    return canonicalRegistry + "/" + repository;
  }

  /**
   * The full normalised form: name, effective tag (if any) and digest (if any), for example {@code
   * docker.io/library/nginx:latest} or {@code registry:5000/a/b:1.0@sha256:...}.
   */
  public String canonical() {
    return canonical;
  }

  /**
   * This reference pinned to a digest, keeping its tag; a digest already present is replaced.
   *
   * @throws InvalidImageReferenceException if the digest is not valid
   */
  public ImageReference withDigest(String newDigest) {
    return withDigest(Digest.parse(newDigest));
  }

  /** This reference pinned to a digest, keeping its tag; a digest already present is replaced. */
  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(registry, repository, tag, Optional.of(newDigest));
  }

  /** Equal when registry (in any letter case), repository, tag and digest are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ImageReference that && identity.equals(that.identity);
  }

  @Override
  public int hashCode() {
    return identity.hashCode();
  }

  /** The canonical form. */
  @Override
  public String toString() {
    return canonical;
  }

  private String form(String host) {
    StringBuilder out = new StringBuilder(host).append('/').append(repository);
    effectiveTag().ifPresent(t -> out.append(':').append(t));
    digest.ifPresent(d -> out.append('@').append(d));
    return out.toString();
  }
}
