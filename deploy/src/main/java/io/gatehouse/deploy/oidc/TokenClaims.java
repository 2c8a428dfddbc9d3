package io.gatehouse.deploy.oidc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gatehouse.deploy.deployment.Deployment;
import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.reference.InvalidImageReferenceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claims of a deployment token, written straight to JSON bytes (no intermediate tree): {@code
 * iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp}, {@code jti}, then {@code
 * project}, {@code environment}, {@code deployment_id}, {@code ref}, {@code sha}, {@code images},
 * {@code requested_by} and {@code approved_by}.
 */
final class TokenClaims {
  private static final JsonFactory JSON = new JsonFactory();
  // A job asks for tokens of the same deployment, so the same images, again and again.
  private static final int MAX_REMEMBERED = 4096;
  private static final Map<String, String> NORMALISED = new ConcurrentHashMap<>();

  private TokenClaims() {}

  /**
   * The values a token states.
   *
   * @param issuer the issuer URL
   * @param audience the one audience
   * @param issuedAt when it was issued, whole seconds; also {@code nbf}
   * @param expiresAt when it expires, whole seconds
   * @param jti its unique id
   * @param deployment the deployment it is for
   */
  record Values(
      String issuer,
      String audience,
      Instant issuedAt,
      Instant expiresAt,
      String jti,
      Deployment deployment) {}

  /** The payload, UTF-8 JSON. */
  static byte[] payload(Values values, TokenSettings settings) {
    Deployment d = values.deployment();
    ByteArrayOutputStream out = new ByteArrayOutputStream(768);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("iss", values.issuer());
      json.writeStringField("sub", subject(d, settings));
      json.writeStringField("aud", values.audience());
      json.writeNumberField("iat", values.issuedAt().getEpochSecond());
      json.writeNumberField("nbf", values.issuedAt().getEpochSecond());
      json.writeNumberField("exp", values.expiresAt().getEpochSecond());
      json.writeStringField("jti", values.jti());
      json.writeStringField("project", d.project());
      json.writeStringField("environment", d.environment());
      json.writeNumberField("deployment_id", d.id());
      json.writeStringField("ref", d.ref());
      json.writeStringField("sha", d.sha());
      writeArray(json, "images", images(d.images()));
      json.writeStringField("requested_by", d.requester());
      writeArray(json, "approved_by", approvers(d));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the claims of a token", e);
    }
    return out.toByteArray();
  }

  /** The subject: {@code <claim>:<value>} for each of the settings' claims, joined by {@code :}. */
  static String subject(Deployment d, TokenSettings settings) {
    StringBuilder subject = new StringBuilder(64);
    for (String claim : settings.subjectClaims()) {
      if (!subject.isEmpty()) {
        subject.append(':');
      }
      subject.append(claim).append(':').append(value(d, claim));
    }
    return subject.toString();
  }

  private static String value(Deployment d, String claim) {
    return switch (claim) {
      case "project" -> d.project();
      case "environment" -> d.environment();
      case "ref" -> d.ref();
      case "requested_by" -> d.requester();
      case "deployment_id" -> Long.toString(d.id());
      case "sha" -> d.sha();
      default -> throw new IllegalStateException("not a subject claim: " + claim);
    };
  }

  /**
   * The images in their normalised form, which carries the digest when the deployment named one
   * ({@code registry.example.com/shop/web:1.4@sha256:…}).
   */
  static List<String> images(List<String> images) {
    List<String> normalised = new ArrayList<>(images.size());
    for (String image : images) {
      normalised.add(NORMALISED.computeIfAbsent(image, TokenClaims::normalise));
    }
    if (NORMALISED.size() > MAX_REMEMBERED) {
      NORMALISED.clear();
    }
    return normalised;
  }

  private static String normalise(String image) {
    try {
      return ImageReference.parse(image).canonical();
    } catch (InvalidImageReferenceException e) {
      return image;
    }
  }

  /** Who approved, each once, in the order of their approvals. */
  static List<String> approvers(Deployment d) {
    Set<String> names = new LinkedHashSet<>();
    for (Deployment.Review review : d.reviews()) {
      if (review.decision().equals("approve")) {
        names.add(review.reviewer());
      }
    }
    return List.copyOf(names);
  }

  private static void writeArray(JsonGenerator json, String name, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
