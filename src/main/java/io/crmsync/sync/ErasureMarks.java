package io.crmsync.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * What an erase leaves behind so the records stay erased while notices naming them may still arrive: a marker per
 * record, keyed by a one-way hash of tenant and record key (never the id or any value), that expires.
 */
public interface ErasureMarks {

    /** Marks the records erased until {@code expiresAt}; marking again moves the expiry. */
    void mark(String tenantId, Collection<String> recordKeys, Instant expiresAt);

    /** The given record keys that carry an unexpired marker (one batched read). */
    Set<String> erased(String tenantId, Collection<String> recordKeys);
}
