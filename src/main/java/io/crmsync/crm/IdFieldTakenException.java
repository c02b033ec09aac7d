package io.crmsync.crm;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The Salesforce field in which a tenant would stamp its HubSpot ids is claimed by another tenant on the same org.
 * HubSpot ids are per portal, so two tenants stamping one field would upsert into, pair with and overwrite each
 * other's records. The tenant's sync pauses, suspended with a reason naming the field and what to do, and its
 * notices wait (deferred, never dropped) until it has a field of its own.
 */
public final class IdFieldTakenException extends SyncPausedException {

    private static final long serialVersionUID = 1L;

    /** How long the notices wait before the claims are read again (an admin may have set a field meanwhile). */
    public static final Duration RECHECK = Duration.ofMinutes(15);

    private final String field;

    /**
     * @param field the field as {@code SObject.Field}
     * @param settingKey where the tenant names its own field: {@code salesforceIdField} in the mapping, or
     *        {@code activities.salesforceIdField} in the settings
     */
    public IdFieldTakenException(String tenantId, String field, String settingKey, Instant now) {
        super("tenant " + tenantId + ": " + reason(field, settingKey), now.plus(RECHECK),
                Optional.of(reason(field, settingKey)));
        this.field = field;
    }

    /** The suspension reason the health page shows. */
    public static String reason(String field, String settingKey) {
        return "Salesforce field " + field + " holds another tenant's HubSpot ids: give this tenant its own field ("
                + settingKey + ")";
    }

    /** {@code SObject.Field}. */
    public String field() {
        return field;
    }
}
