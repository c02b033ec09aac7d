package io.crmsync.sync;

import java.time.Instant;

/**
 * The pairing of a HubSpot record with a Salesforce record, and a fingerprint of the values crmsync last
 * wrote across it.
 */
public record Link(
        String tenantId,
        String hubSpotObject,
        String hubSpotId,
        String salesforceObject,
        String salesforceId,
        String lastWrittenHash,
        Instant syncedAt) {
}
