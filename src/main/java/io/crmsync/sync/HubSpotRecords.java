package io.crmsync.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.crmsync.crm.CrmUnavailableException;

/** HubSpot records, read and written in batches (HubSpot takes up to 100 inputs per batch call). */
public interface HubSpotRecords {

    /**
     * The current state of the given records, keyed by id; unknown or archived ids are absent.
     *
     * @throws CrmUnavailableException when HubSpot cannot answer now
     */
    Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
            Collection<String> properties);

    /**
     * Like {@link #read}, with each record's property history for {@code properties}, so two-way conflicts are
     * settled by when each property changed rather than when the record did.
     *
     * @throws CrmUnavailableException when HubSpot cannot answer now
     */
    Map<String, CrmRecord> readWithHistory(String tenantId, String objectType, Collection<String> ids,
            Collection<String> properties, Collection<String> withHistory);

    /** Contacts by email, keyed by the lower-cased email; emails no contact has are absent. */
    Map<String, CrmRecord> readContactsByEmail(String tenantId, Collection<String> emails,
            Collection<String> properties);

    /** Updates records by id ({@link RecordWrite#key()}); values are HubSpot strings, "" clears. */
    List<WriteResult> update(String tenantId, String objectType, List<RecordWrite> writes);

    /**
     * The unique HubSpot property crmsync keeps a company's or deal's Salesforce twin's Id in, so creating one
     * from Salesforce is an upsert: a repeat or a concurrent worker finds the record instead of making another.
     */
    String SALESFORCE_ID_PROPERTY = "crmsync_salesforce_id";

    /**
     * Creates or updates records by a unique property ({@link RecordWrite#key()} is its value): contacts by
     * {@code email}, companies and deals by {@link #SALESFORCE_ID_PROPERTY}; a repeat never duplicates.
     */
    List<WriteResult> upsert(String tenantId, String objectType, String idProperty, List<RecordWrite> writes);

    /**
     * Archives records (HubSpot's delete; its recycle bin keeps them 90 days), 100 per call. Ids already archived
     * or unknown are fine, so a repeat changes nothing.
     *
     * @throws CrmUnavailableException when HubSpot cannot answer now
     */
    void archive(String tenantId, String objectType, Collection<String> ids);
}
