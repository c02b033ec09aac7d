package io.crmsync.tenant;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The deployment's single tenant, from configuration (CRMSYNC_TENANT_ID, CRMSYNC_HUBSPOT_PORTAL_ID, …). */
@ApplicationScoped
public class ConfiguredTenantDirectory implements TenantDirectory {

    private final Tenant tenant;

    public ConfiguredTenantDirectory(
            @ConfigProperty(name = "crmsync.tenant.id") String tenantId,
            @ConfigProperty(name = "crmsync.hubspot.portal-id") long portalId,
            @ConfigProperty(name = "crmsync.hubspot.app-id") long appId) {
        this.tenant = new Tenant(tenantId, portalId, appId);
    }

    @Override
    public Optional<Tenant> byHubSpotPortal(long portalId, long appId) {
        return tenant.hubSpotPortalId() == portalId && tenant.hubSpotAppId() == appId
                ? Optional.of(tenant)
                : Optional.empty();
    }

    @Override
    public Optional<Tenant> byId(String tenantId) {
        return tenant.id().equals(tenantId) ? Optional.of(tenant) : Optional.empty();
    }
}
