/**
 * A client for the OCI distribution HTTP API v2: manifests, blobs, tags, and the registry's
 * authentication (anonymous, basic, bearer tokens), bounded in time and size.
 *
 * <p>{@link io.gatehouse.images.registry.RegistryClient} is the entry point; failures are {@link
 * io.gatehouse.images.registry.RegistryException}s whose messages never contain credentials.
 */
package io.gatehouse.images.registry;
