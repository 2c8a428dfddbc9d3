package io.gatehouse.images.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * One request the client wants answered.
 *
 * @param registry the registry host, for messages, credentials and metrics
 * @param repository the repository, for messages and token scopes; empty when none
 * @param operation the operation name reported to the listener
 * @param method the HTTP method
 * @param uri the full URI
 * @param headers extra request headers
 * @param body the request body
 * @param idempotent whether the request may be retried
 * @param actions the token scope actions the request needs ({@code pull} or {@code pull,push})
 * @param maxBody the largest successful response body accepted
 */
record RegistryCall(
    String registry,
    String repository,
    String operation,
    String method,
    URI uri,
    Map<String, String> headers,
    HttpRequest.BodyPublisher body,
    boolean idempotent,
    String actions,
    long maxBody) {
  RegistryCall {
    headers = Map.copyOf(headers);
  }

  RegistryCall withUri(URI other) {
    return new RegistryCall(
        registry,
        repository,
        operation,
        method,
        other,
        headers,
        body,
        idempotent,
        actions,
        maxBody);
  }

  RegistryCall withAccept() {
    return new RegistryCall(
        registry,
        repository,
        operation,
        method,
        uri,
        Map.of("Accept", String.join(", ", Manifest.ACCEPTED_TYPES)),
        body,
        idempotent,
        actions,
        maxBody);
  }

  RegistryCall withMaxBody(long limit) {
    return new RegistryCall(
        registry, repository, operation, method, uri, headers, body, idempotent, actions, limit);
  }

  /** The token scope this call needs, such as {@code repository:team/app:pull}. */
  String scope() {
    return repository.isEmpty() ? "" : "repository:" + repository + ":" + actions;
  }

  RegistryException fail(RegistryException.Reason reason, String detail) {
    return new RegistryException(reason, registry, repository, detail);
  }

  RegistryException fail(RegistryException.Reason reason, String detail, Throwable cause) {
    return new RegistryException(reason, registry, repository, detail, cause);
  }
}
