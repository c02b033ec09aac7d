package io.crmsync.sandbox.hubspot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stored record: its set (non-empty) property values without the system properties (derived from the
 * id and timestamps), each property's history newest first, and whether it sits in the recycle bin or was
 * merged into another record.
 */
public record HubSpotObject(long id, Map<String, String> properties, Instant createdAt, Instant updatedAt,
        Map<String, List<PropertyVersion>> history, Optional<Instant> archivedAt, Optional<Long> mergedInto) {

    public HubSpotObject {
        properties = Map.copyOf(properties);
        history = Map.copyOf(history);
    }

    public boolean archived() {
        return archivedAt.isPresent();
    }

    HubSpotObject archivedAt(Instant when) {
        return new HubSpotObject(id, properties, createdAt, updatedAt, history, Optional.of(when), mergedInto);
    }

    HubSpotObject restored() {
        return new HubSpotObject(id, properties, createdAt, updatedAt, history, Optional.empty(), Optional.empty());
    }

    HubSpotObject mergedInto(long primaryId, Instant when) {
        return new HubSpotObject(id, properties, createdAt, updatedAt, history, Optional.of(when),
                Optional.of(primaryId));
    }

    /**
     * One past value, as HubSpot's ValueWithTimestamp.
     *
     * @param updatedByUserId the HubSpot user for UI edits, null for app writes
     */
    public record PropertyVersion(String value, Instant timestamp, String sourceType, String sourceId,
            String sourceLabel, Long updatedByUserId) {
    }
}
