package io.crmsync.sandbox.hubspot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One stored record: its set (non-empty) property values, without the system properties, which are derived
 * from the id and timestamps, and each property's history, newest first.
 */
public record HubSpotObject(long id, Map<String, String> properties, Instant createdAt, Instant updatedAt,
        Map<String, List<PropertyVersion>> history) {

    public HubSpotObject {
        properties = Map.copyOf(properties);
        history = Map.copyOf(history);
    }

    /** One past value, as HubSpot's ValueWithTimestamp. */
    public record PropertyVersion(String value, Instant timestamp, String sourceType, String sourceId) {
    }
}
