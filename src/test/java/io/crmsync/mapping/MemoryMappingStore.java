package io.crmsync.mapping;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mappings in memory, as {@code DynamoMappingStore} keeps them: the recommended preset (version 0) for a pair the
 * tenant has not saved, its saved mapping otherwise, each save conditional on the version read. Counts its loads,
 * for the tests of what caches them.
 */
public final class MemoryMappingStore implements MappingStore {

    /** Keyed {@code tenant|PAIR}, as the tests name them. */
    private final Map<String, StoredMapping> saved = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();

    @Override
    public Map<ObjectPair, StoredMapping> current(String tenantId) {
        loads.incrementAndGet();
        Map<ObjectPair, StoredMapping> current = new EnumMap<>(ObjectPair.class);
        RecommendedMappings.ALL.forEach(m -> current.put(m.pair(), new StoredMapping(m, 0)));
        saved.forEach((key, stored) -> {
            if (key.startsWith(tenantId + "|")) {
                current.put(stored.mapping().pair(), stored);
            }
        });
        return current;
    }

    @Override
    public synchronized void save(String tenantId, ObjectMapping mapping, long expectedVersion) {
        String key = tenantId + "|" + mapping.pair();
        long stored = saved.containsKey(key) ? saved.get(key).version() : 0;
        if (stored != expectedVersion) {
            throw new ConcurrentChangeException(tenantId, mapping.pair(), expectedVersion);
        }
        saved.put(key, new StoredMapping(mapping, stored + 1));
    }

    /** The tenant uses the pair's preset with its own Salesforce id field, as if it had applied that. */
    public MemoryMappingStore withOwnIdField(String tenantId, ObjectPair pair, String field) {
        ObjectMapping preset = RecommendedMappings.forPair(pair).orElseThrow();
        String key = tenantId + "|" + pair;
        saved.compute(key, (k, before) -> new StoredMapping(preset.withSalesforceIdField(field),
                before == null ? 1 : before.version() + 1));
        return this;
    }

    /** What was saved, keyed {@code tenant|PAIR}. */
    public Map<String, ObjectMapping> saved() {
        Map<String, ObjectMapping> mappings = new java.util.TreeMap<>();
        saved.forEach((key, stored) -> mappings.put(key, stored.mapping()));
        return Collections.unmodifiableMap(mappings);
    }

    /** How many times a tenant's mappings were read. */
    public int loads() {
        return loads.get();
    }
}
