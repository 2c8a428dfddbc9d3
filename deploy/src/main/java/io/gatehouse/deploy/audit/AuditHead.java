package io.gatehouse.deploy.audit;

/**
 * The newest entry of one chain: what {@code GET /api/v1/audit/heads} lists, and what an anchor
 * file saves to detect a later truncation.
 *
 * @param chain the chain
 * @param seq the seq of its newest entry, 0 when it has none
 * @param hash that entry's hash, 64 zeros when it has none
 */
public record AuditHead(int chain, long seq, String hash) {}
