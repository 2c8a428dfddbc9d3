package io.gatehouse.images.admission;

/**
 * One image a workload would run, and where it stands in the object.
 *
 * @param pointer the JSON Pointer of the {@code image} field, e.g. {@code
 *     /spec/template/spec/containers/0/image}; the target of a digest-pinning patch
 * @param container the container's name
 * @param section the list it is in: init, regular or ephemeral containers, by their field name
 * @param image the image reference exactly as written
 */
public record ContainerImage(String pointer, String container, String section, String image) {}
