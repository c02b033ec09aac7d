package io.crmsync.tenant;

import java.util.Optional;

/** Resolves the tenant a validated CRM request belongs to; unknown senders get no tenant. */
public interface TenantDirectory {

    Optional<Tenant> byHubSpotPortal(long portalId, long appId);

    Optional<Tenant> byId(String tenantId);
}
