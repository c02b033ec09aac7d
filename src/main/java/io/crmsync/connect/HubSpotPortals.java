package io.crmsync.connect;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which tenant owns which HubSpot account. One deployment serves several HubSpot accounts, each its own tenant: an
 * account connected to one tenant must not be connected to another (its webhooks would be routed to one of them).
 */
public interface HubSpotPortals {

    /**
     * The HubSpot account the tenant is registered with, empty before it connects one.
     *
     * @throws ConnectException when there is no such tenant
     */
    OptionalLong portalOf(String tenantId);

    /** The tenant registered with the HubSpot account, if any. */
    Optional<String> tenantOf(long portalId);

    /**
     * Claims the account for the tenant and registers it as the tenant's: of two tenants assigning one account at
     * once, exactly one succeeds.
     *
     * @throws ConnectException when another tenant holds the account, or there is no such tenant
     */
    void assign(String tenantId, long portalId);
}
