package io.crmsync.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Port: each tenant's mappings per object pair, versioned so that two admins applying at the same time cannot
 * silently overwrite each other (the second save fails with {@link ConcurrentChangeException}).
 */
public interface MappingStore {

    /** A mapping with the version it was stored at; version 0 is the recommended preset, never stored. */
    record StoredMapping(ObjectMapping mapping, long version) {
        public boolean stored() {
            return version > 0;
        }
    }

    /** The stored mappings of the tenant and the recommended preset for pairs it has not stored. */
    Map<ObjectPair, StoredMapping> current(String tenantId);

    /**
     * Stores the pair's mapping as version {@code expectedVersion + 1}.
     *
     * @param expectedVersion the version read by {@link #current}: 0 when nothing was stored
     * @throws ConcurrentChangeException when the stored version is no longer {@code expectedVersion}
     */
    void save(String tenantId, ObjectMapping mapping, long expectedVersion);

    /** The mappings in force for each pair. */
    default Map<ObjectPair, ObjectMapping> load(String tenantId) {
        Map<ObjectPair, ObjectMapping> mappings = new LinkedHashMap<>();
        current(tenantId).forEach((pair, stored) -> mappings.put(pair, stored.mapping()));
        return mappings;
    }

    /** Someone else saved the pair's mapping since it was read. */
    final class ConcurrentChangeException extends RuntimeException {
        private final ObjectPair pair;

        public ConcurrentChangeException(String tenantId, ObjectPair pair, long expectedVersion) {
            super("the " + PairNames.of(pair) + " mappings of tenant " + tenantId + " were changed by someone else"
                    + " since they were read (expected version " + expectedVersion + "): get them again and re-apply");
            this.pair = pair;
        }

        public ObjectPair pair() {
            return pair;
        }
    }
}
