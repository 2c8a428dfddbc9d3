/**
 * Container image references: parsing and normalising {@code [registry/]repository[:tag][@digest]}
 * exactly as the OCI distribution reference grammar does, so that what a policy checks is what a
 * container runtime pulls.
 *
 * <p>The entry type is {@link io.gatehouse.images.reference.ImageReference}; a bad reference is an
 * {@link io.gatehouse.images.reference.InvalidImageReferenceException} that names the rule broken.
 */
package io.gatehouse.images.reference;
