package io.crmsync.crm;

import java.time.Instant;
import java.util.Optional;

/**
 * A CRM call for a tenant that holds no grant of its own for that CRM. It never falls back to other credentials
 * (that would act in someone else's account): the tenant's sync pauses, suspended with a reason naming what to
 * connect, and its notices wait (deferred, never dropped) until it is connected.
 */
public final class TenantNotConnectedException extends SyncPausedException {

    private static final long serialVersionUID = 1L;

    /** The suspension reasons the health page shows. */
    public static final String HUBSPOT_NOT_CONNECTED = "HubSpot not connected: connect HubSpot for this tenant";
    public static final String SALESFORCE_NOT_CONNECTED =
            "Salesforce not connected: connect Salesforce for this tenant";

    /** How long a tenant's notices wait before crmsync looks for its grant again. */
    public static final java.time.Duration RECHECK = java.time.Duration.ofMinutes(15);

    private TenantNotConnectedException(String tenantId, String crm, String suspension, Instant now) {
        super("tenant " + tenantId + " has not connected " + crm + ": no call is made with any other credentials",
                now.plus(RECHECK), Optional.of(suspension));
    }

    public static TenantNotConnectedException hubSpot(String tenantId, Instant now) {
        return new TenantNotConnectedException(tenantId, "HubSpot", HUBSPOT_NOT_CONNECTED, now);
    }

    public static TenantNotConnectedException salesforce(String tenantId, Instant now) {
        return new TenantNotConnectedException(tenantId, "Salesforce", SALESFORCE_NOT_CONNECTED, now);
    }
}
