package io.crmsync.sync;

import java.time.Instant;
import java.util.Map;

/**
 * A record as read from a CRM: its id, the properties asked for, when it last changed, and — where the CRM was
 * asked for it (HubSpot's property history) — when individual properties last changed.
 */
public record CrmRecord(String id, Map<String, String> properties, Instant updatedAt,
        Map<String, Instant> propertyChangedAt) {

    public CrmRecord {
        properties = Map.copyOf(properties);
        propertyChangedAt = propertyChangedAt == null ? Map.of() : Map.copyOf(propertyChangedAt);
    }

    public CrmRecord(String id, Map<String, String> properties, Instant updatedAt) {
        this(id, properties, updatedAt, Map.of());
    }

    /** When the property last changed: from its history when known, else the record's last change. */
    public Instant changedAt(String property) {
        return propertyChangedAt.getOrDefault(property, updatedAt);
    }
}
