package io.crmsync.sync;

/** How one record of a batched write ended. */
public sealed interface WriteResult {

    String key();

    /** @param id the record's id in the CRM written to */
    record Written(String key, String id, boolean created) implements WriteResult {
    }

    /**
     * The CRM refused this record; retrying will not help until someone fixes the data or the setup.
     *
     * @param category HubSpot's sync-error category: Associations, Custom code, Duplicates, Permissions,
     *        Property values
     */
    record Refused(String key, String code, String message, String category) implements WriteResult {
    }

    /** This record failed for a reason that may pass (lock, rate limit): retry it. */
    record Retry(String key, String reason) implements WriteResult {
    }
}
