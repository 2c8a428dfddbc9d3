/**
 * The trusted-registry policy: which image sources a namespace may run, whether images must be
 * pinned by digest, whether {@code latest} is refused, and which sources need signatures.
 *
 * <p>{@link io.gatehouse.images.policy.ImagePolicy} is the entry type: it is read once from the
 * {@code images:} section of {@code gatehouse.yaml}, compiled, and then evaluated per admission
 * review with no parsing of the policy and no regular expressions. The outcome is a {@link
 * io.gatehouse.images.policy.PolicyDecision} value; the file format is described in {@code
 * docs/admission-policy-format.md}.
 */
package io.gatehouse.images.policy;
