package io.crmsync.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Salesforce records, read with SOQL and written with sObject Collections (up to 200 records per call). */
public interface SalesforceRecords {

    /**
     * Records of {@code sObject} whose Id, external-ID value or Email is among the given ones (any of the
     * collections may be empty), most recently modified first. Each record's properties hold the asked
     * fields plus Id, the external-ID field, Email where the object has it, and LastModifiedDate, as strings.
     *
     * @throws CrmUnavailableException when Salesforce cannot answer now
     */
    List<CrmRecord> find(String tenantId, String sObject, Collection<String> fields, Collection<String> ids,
            String externalIdField, Collection<String> externalIds, Collection<String> emails);

    /**
     * Records of {@code sObject} whose {@code field} is among {@code values} (e.g. contact roles by
     * OpportunityId); properties hold the asked fields plus Id, as strings.
     *
     * @throws CrmUnavailableException when Salesforce cannot answer now
     */
    List<CrmRecord> findWhere(String tenantId, String sObject, Collection<String> fields, String field,
            Collection<String> values);

    /** Creates or updates by external ID ({@link RecordWrite#key()} is its value); never creates twice. */
    List<WriteResult> upsert(String tenantId, String sObject, String externalIdField, List<RecordWrite> writes);

    /** Updates records by Id ({@link RecordWrite#key()}). */
    List<WriteResult> update(String tenantId, String sObject, List<RecordWrite> writes);

    /**
     * Creates records that have no external ID to upsert by (e.g. OpportunityContactRole), one result per record
     * in input order. A result's key is the record's position in {@code records} ("0", "1" …); a Written one
     * carries the new Id. One bad record does not stop the others.
     */
    List<WriteResult> create(String tenantId, String sObject, List<Map<String, Object>> records);
}
