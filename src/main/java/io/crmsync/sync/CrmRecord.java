package io.crmsync.sync;

import java.time.Instant;
import java.util.Map;

/** A record as read from a CRM: its id, the properties asked for, and when it last changed. */
public record CrmRecord(String id, Map<String, String> properties, Instant updatedAt) {
    public CrmRecord {
        properties = Map.copyOf(properties);
    }
}
