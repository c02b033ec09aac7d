package io.crmsync.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Records a CRM refused, by HubSpot's sync-error categories; cleared once the record syncs. */
public interface SyncErrorLog {

    /**
     * @param recordKey e.g. "hubspot|contact|123" or "salesforce|Lead|00Q…"
     */
    record SyncError(String tenantId, String recordKey, String category, String code, String message, Instant at) {
    }

    void record(List<SyncError> errors);

    void clear(String tenantId, Collection<String> recordKeys);

    /** The tenant's open sync errors (records a CRM refused; not the association waits). */
    java.util.List<SyncError> open(String tenantId);
}
