package io.gatehouse.images.registry;

/**
 * What a {@code HEAD} of a manifest tells: its digest, media type and size.
 *
 * @param digest the manifest's digest ({@code Docker-Content-Digest})
 * @param mediaType the manifest's media type
 * @param size the manifest's length in bytes
 */
public record ManifestInfo(String digest, String mediaType, long size) {}
