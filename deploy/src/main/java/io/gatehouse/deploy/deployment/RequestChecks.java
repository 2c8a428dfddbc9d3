package io.gatehouse.deploy.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gatehouse.deploy.server.ApiException;
import io.gatehouse.deploy.server.ApiJson;
import io.gatehouse.images.reference.ImageReference;
import io.gatehouse.images.reference.InvalidImageReferenceException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks of request fields; each refusal is a 400 (or 413) naming the field. */
final class RequestChecks {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final int MAX_REF = 1024;

  private RequestChecks() {}

  static Map<String, Object> validate(DeploymentRequest request) {
    required("project", request.project());
    required("environment", request.environment());
    required("ref", request.ref());
    required("sha", request.sha());
    String ref = request.ref();
    if (ref.length() > MAX_REF
        || !(ref.startsWith("refs/heads/") || ref.startsWith("refs/tags/"))
        || ref.endsWith("/")
        || ref.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new ApiException(
          400,
          "invalid_request",
          "field 'ref' must be refs/heads/<branch> or refs/tags/<tag> of at most "
              + MAX_REF
              + " characters");
    }
    if (!SHA.matcher(request.sha()).matches()) {
      throw new ApiException(
          400, "invalid_request", "field 'sha' must be 40 or 64 lower-case hex digits");
    }
    checkImages(request.images());
    if (request.description() != null) {
      checkLength("description", request.description(), DeploymentService.MAX_DESCRIPTION);
    }
    return payload(request.payload());
  }

  static void required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new ApiException(400, "invalid_request", "field '" + field + "' is required");
    }
  }

  static void checkImages(List<String> images) {
    if (images == null) {
      return;
    }
    if (images.size() > DeploymentService.MAX_IMAGES) {
      throw new ApiException(
          400,
          "invalid_request",
          "field 'images' holds at most " + DeploymentService.MAX_IMAGES + " references");
    }
    for (int i = 0; i < images.size(); i++) {
      String image = images.get(i);
      if (image == null) {
        throw new ApiException(400, "invalid_request", "field 'images[" + i + "]' is null");
      }
      try {
        ImageReference.parse(image);
      } catch (InvalidImageReferenceException e) {
        throw new ApiException(
            400,
            "invalid_request",
            "field 'images[" + i + "]' is not a valid image reference: " + e.getMessage());
      }
    }
  }

  static Map<String, Object> payload(Map<String, Object> payload) {
    if (payload == null) {
      return Map.of();
    }
    try {
      if (ApiJson.mapper().writeValueAsBytes(payload).length
          > DeploymentService.MAX_PAYLOAD_BYTES) {
        throw new ApiException(
            413,
            "payload_too_large",
            "field 'payload' must be at most "
                + DeploymentService.MAX_PAYLOAD_BYTES
                + " bytes of JSON");
      }
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "invalid_request", "field 'payload' cannot be written as JSON");
    }
    return payload;
  }

  static void checkLength(String field, String value, int max) {
    if (value.length() > max) {
      throw new ApiException(
          400, "invalid_request", "field '" + field + "' must be at most " + max + " characters");
    }
  }

  static String comment(String comment) {
    if (comment == null) {
      return "";
    }
    checkLength("comment", comment, DeploymentService.MAX_COMMENT);
    return comment;
  }

  static void checkLogUrl(String url) {
    checkLength("logUrl", url, DeploymentService.MAX_LOG_URL);
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw new URISyntaxException(url, "not an absolute http or https URL");
      }
    } catch (URISyntaxException e) {
      throw new ApiException(
          400, "invalid_request", "field 'logUrl' must be an absolute http or https URL");
    }
  }
}
