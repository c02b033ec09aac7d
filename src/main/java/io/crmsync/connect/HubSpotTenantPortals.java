package io.crmsync.connect;

import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.Tenant;

/**
 * {@link HubSpotPortals} on the tenants table, read without the directory's cache: a connection must see the
 * registrations as they are now. A portal id of 0 means none yet.
 */
@ApplicationScoped
public class HubSpotTenantPortals implements HubSpotPortals {

    private final DynamoTenantDirectory table;

    public HubSpotTenantPortals(DynamoTenantDirectory table) {
        this.table = table;
    }

    @Override
    public OptionalLong portalOf(String tenantId) {
        Tenant tenant = existing(tenantId);
        return tenant.hubSpotPortalId() == 0 ? OptionalLong.empty() : OptionalLong.of(tenant.hubSpotPortalId());
    }

    @Override
    public Optional<String> tenantOf(long portalId) {
        return table.byHubSpotPortal(portalId).map(Tenant::id);
    }

    /** A conditional write claims the account, then the claim's holder alone records it on its item. */
    @Override
    public void assign(String tenantId, long portalId) {
        if (!table.claimHubSpotPortal(tenantId, portalId)) {
            throw new ConnectException("HubSpot account " + portalId + " is already connected to another crmsync"
                    + " tenant; each HubSpot account can belong to one tenant only");
        }
        if (!table.registerHubSpotPortal(tenantId, portalId)) {
            throw noTenant(tenantId);
        }
    }

    private Tenant existing(String tenantId) {
        return table.byId(tenantId).orElseThrow(() -> noTenant(tenantId));
    }

    private static ConnectException noTenant(String tenantId) {
        return new ConnectException("There is no tenant " + tenantId + ": create it before connecting HubSpot");
    }
}
