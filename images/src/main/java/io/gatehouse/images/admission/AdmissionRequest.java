package io.gatehouse.images.admission;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the webhook needs from an {@code admission.k8s.io/v1} AdmissionReview request.
 *
 * @param uid the request's uid, echoed in the response
 * @param kind the kind of the object, e.g. {@code Deployment}
 * @param subResource the subresource, empty for the object itself
 * @param operation {@code CREATE}, {@code UPDATE}, {@code DELETE} or {@code CONNECT}
 * @param namespace the namespace, empty for cluster-scoped objects
 * @param name the object's name, empty when the API server generates it
 * @param object the object as it would be stored, or, for a supported kind named before the object
 *     (as the API server writes reviews), only the parts its images are read from; a missing node
 *     for DELETE
 */
record AdmissionRequest(
    String uid,
    String kind,
    String subResource,
    String operation,
    String namespace,
    String name,
    JsonNode object) {

  /** {@code Kind/name} or {@code Kind} for log lines and messages. */
  String describe() {
    String resource = subResource.isEmpty() ? kind : kind + "/" + subResource;
    return name.isEmpty() ? resource : resource + " " + namespaceOrCluster() + "/" + name;
  }

  private String namespaceOrCluster() {
    return namespace.isEmpty() ? "(cluster)" : namespace;
  }
}
