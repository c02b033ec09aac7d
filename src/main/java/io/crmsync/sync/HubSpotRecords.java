package io.crmsync.sync;

import java.util.Collection;
import java.util.Map;

/** Reads current HubSpot records. */
public interface HubSpotRecords {

    /**
     * The current state of the given records, keyed by id; ids HubSpot does not know (or that are archived)
     * are absent. Implementations batch the ids (HubSpot reads up to 100 per call).
     *
     * @throws CrmUnavailableException when HubSpot cannot answer now
     */
    Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
            Collection<String> properties);
}
