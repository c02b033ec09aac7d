package io.crmsync.sync;

import java.util.Map;

/** Writes Salesforce records. */
public interface SalesforceRecords {

    /**
     * Creates or updates the record whose external-ID field holds the given value, so that repeating the
     * call never creates a second record.
     *
     * @throws CrmUnavailableException when Salesforce cannot answer now
     */
    UpsertResult upsertByExternalId(String tenantId, String sObject, String externalIdField, String externalId,
            Map<String, Object> fields);

    sealed interface UpsertResult {
        /** @param id the Salesforce id */
        record Written(String id, boolean created) implements UpsertResult {
        }

        /** Salesforce refused the values (validation, required field, duplicate …): retrying will not help. */
        record Refused(String errorCode, String message) implements UpsertResult {
        }
    }
}
