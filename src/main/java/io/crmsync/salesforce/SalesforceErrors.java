package io.crmsync.salesforce;

import java.util.Map;
import java.util.Set;

/** Salesforce error codes sorted the way crmsync acts on them. */
final class SalesforceErrors {

    /** Conditions that pass on their own: retry. */
    static final Set<String> TRANSIENT = Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE",
            "REQUEST_RUNNING_TOO_LONG", "QUERY_TIMEOUT");

    /** HubSpot's sync-error categories, so the health view speaks the language users know. */
    private static final Map<String, String> CATEGORY = Map.ofEntries(
            Map.entry("DUPLICATES_DETECTED", "Duplicates"),
            Map.entry("DUPLICATE_VALUE", "Duplicates"),
            Map.entry("DUPLICATE_EXTERNAL_ID", "Duplicates"),
            Map.entry("FIELD_CUSTOM_VALIDATION_EXCEPTION", "Custom code"),
            Map.entry("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "Custom code"),
            Map.entry("INSUFFICIENT_ACCESS_OR_READONLY", "Permissions"),
            Map.entry("INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", "Permissions"),
            Map.entry("INVALID_FIELD_FOR_INSERT_UPDATE", "Permissions"),
            Map.entry("ENTITY_IS_DELETED", "Permissions"),
            Map.entry("NOT_FOUND", "Permissions"),
            Map.entry("INVALID_CROSS_REFERENCE_KEY", "Associations"));

    private SalesforceErrors() {
    }

    /** Property values (required field, length, picklist, format …) unless the code says otherwise. */
    static String categoryOf(String code) {
        return CATEGORY.getOrDefault(code, "Property values");
    }
}
