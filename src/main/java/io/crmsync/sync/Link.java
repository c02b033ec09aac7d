package io.crmsync.sync;

import java.time.Instant;
import java.util.Map;

/**
 * The pairing of a HubSpot record with a Salesforce record, and for each mapped Salesforce field a fingerprint
 * of the value both sides held after the last sync — enough for the sync rules to tell "changed" from
 * "unchanged" and "cleared" from "never set" without keeping the values.
 *
 * @param version how many times the link was saved: read with the link, it is the condition of the next save
 *        ({@link LinkStore#save}), so two workers that read the same link cannot both record their sync; 0 for a
 *        link never saved
 */
public record Link(
        String tenantId,
        String hubSpotObject,
        String hubSpotId,
        String salesforceObject,
        String salesforceId,
        String lastWrittenHash,
        Instant syncedAt,
        Map<String, String> fieldFingerprints,
        long version) {

    public Link {
        fieldFingerprints = fieldFingerprints == null ? Map.of() : Map.copyOf(fieldFingerprints);
    }

    /** A link not saved yet. */
    public Link(String tenantId, String hubSpotObject, String hubSpotId, String salesforceObject, String salesforceId,
            String lastWrittenHash, Instant syncedAt, Map<String, String> fieldFingerprints) {
        this(tenantId, hubSpotObject, hubSpotId, salesforceObject, salesforceId, lastWrittenHash, syncedAt,
                fieldFingerprints, 0);
    }

    public Link(String tenantId, String hubSpotObject, String hubSpotId, String salesforceObject, String salesforceId,
            String lastWrittenHash, Instant syncedAt) {
        this(tenantId, hubSpotObject, hubSpotId, salesforceObject, salesforceId, lastWrittenHash, syncedAt, Map.of());
    }
}
