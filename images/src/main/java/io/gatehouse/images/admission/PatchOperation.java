package io.gatehouse.images.admission;

/**
 * One JSONPatch {@code replace}: pins the image at {@code pointer} to {@code value}, its digest
 * form.
 *
 * @param pointer the JSON Pointer of the container's {@code image} field
 * @param value the new image reference
 */
record PatchOperation(String pointer, String value) {}
