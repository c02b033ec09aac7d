package io.crmsync.sync;

import java.time.Instant;
import java.util.List;

/** Where every field decision is written down, for the record history. */
public interface AuditLog {

    /**
     * One field decision. Values are in canonical form; {@code written} is empty when nothing moved.
     */
    record Entry(String tenantId, String hubSpotObject, String hubSpotId, String salesforceObject,
            String salesforceId, String field, String hubSpotValue, String salesforceValue, String written,
            String writtenTo, String winner, String rule, String reason, Instant at) {
    }

    void append(List<Entry> entries);

    /**
     * The decisions about one HubSpot record (the key every entry is filed under), newest first, at most
     * {@code limit}.
     */
    List<Entry> history(String tenantId, String hubSpotObject, String hubSpotId, int limit);
}
