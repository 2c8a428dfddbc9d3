/**
 * Trusted images: image references, the OCI registry client, cosign-format signatures, the registry
 * policy and the admission webhook that enforces it.
 */
package io.gatehouse.images;
