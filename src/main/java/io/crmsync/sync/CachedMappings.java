package io.crmsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.mapping.MappingStore;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.RecommendedMappings;

/**
 * A tenant's mappings as the worker uses them: read from the store (recommended preset where the tenant stored
 * none) and kept for a short while, so a warm worker does not read the table for every batch; an applied
 * mappings.yaml takes effect within the cache time.
 */
public final class CachedMappings {

    private final MappingStore store;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> byTenant = new ConcurrentHashMap<>();

    private record Entry(Map<ObjectPair, ObjectMapping> mappings, Instant expires) {
    }

    public CachedMappings(MappingStore store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    public ObjectMapping mapping(String tenantId, ObjectPair pair) {
        Instant now = clock.instant();
        Entry entry = byTenant.get(tenantId);
        if (entry == null || !now.isBefore(entry.expires())) {
            entry = new Entry(store.load(tenantId), now.plus(ttl));
            byTenant.put(tenantId, entry);
        }
        ObjectMapping mapping = entry.mappings().get(pair);
        if (mapping != null) {
            return mapping;
        }
        return RecommendedMappings.forPair(pair)
                .orElseThrow(() -> new IllegalStateException("tenant " + tenantId + " has no mapping for " + pair));
    }
}
