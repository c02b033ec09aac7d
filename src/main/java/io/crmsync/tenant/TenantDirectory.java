package io.crmsync.tenant;

import java.util.List;
import java.util.Optional;

/** Resolves the tenant a validated CRM request belongs to; unknown senders get no tenant. */
public interface TenantDirectory {

    Optional<Tenant> byId(String tenantId);

    Optional<Tenant> byHubSpotPortal(long portalId);

    /** By the org's 15- or 18-character id. */
    Optional<Tenant> bySalesforceOrg(String orgId);

    /** Every registered tenant, for scheduled work that visits each of them (the reconciler). */
    List<Tenant> all();
}
