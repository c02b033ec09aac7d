package io.crmsync.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** HubSpot records, read and written in batches (HubSpot takes up to 100 inputs per batch call). */
public interface HubSpotRecords {

    /**
     * The current state of the given records, keyed by id; unknown or archived ids are absent.
     *
     * @throws CrmUnavailableException when HubSpot cannot answer now
     */
    Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
            Collection<String> properties);

    /** Contacts by email, keyed by the lower-cased email; emails no contact has are absent. */
    Map<String, CrmRecord> readContactsByEmail(String tenantId, Collection<String> emails,
            Collection<String> properties);

    /** Updates records by id ({@link RecordWrite#key()}); values are HubSpot strings, "" clears. */
    List<WriteResult> update(String tenantId, String objectType, List<RecordWrite> writes);

    /** Creates or updates contacts by email ({@link RecordWrite#key()}), so a repeat never duplicates. */
    List<WriteResult> upsertContactsByEmail(String tenantId, List<RecordWrite> writes);
}
