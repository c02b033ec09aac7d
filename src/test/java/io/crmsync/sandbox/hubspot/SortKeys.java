package io.crmsync.sandbox.hubspot;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed comparison keys of property values, remembered per portal: a pass of searches over 100,000 records
 * compares the same dates again and again, and parsing them each time made one search take a second.
 */
final class SortKeys {

    /** Bounds memory; the cache is simply emptied when full. */
    static final int MAX_ENTRIES = 1_000_000;

    private final Map<String, Optional<Comparable<?>>> keys = new ConcurrentHashMap<>();

    /** {@link PropertyValues#sortKey}, remembered. */
    Optional<Comparable<?>> of(PropertyDefinition property, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        String cacheKey = property.type() + "|" + value;
        Optional<Comparable<?>> key = keys.get(cacheKey);
        if (key == null) {
            key = PropertyValues.sortKey(property, value);
            if (keys.size() >= MAX_ENTRIES) {
                keys.clear();
            }
            keys.put(cacheKey, key);
        }
        return key;
    }
}
