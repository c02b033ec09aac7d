package io.crmsync.tenant;

import java.util.List;
import java.util.Optional;

/**
 * Resolves the tenant a validated CRM request belongs to; unknown senders get no tenant. The lookups throw
 * {@link TenantDirectoryUnavailableException} when the directory cannot answer now, never an empty answer.
 */
public interface TenantDirectory {

    Optional<Tenant> byId(String tenantId);

    Optional<Tenant> byHubSpotPortal(long portalId);

    /**
     * Every tenant on the org, by its 15- or 18-character id: several HubSpot portals may share one org (each a
     * tenant of its own), so a Salesforce change concerns each of them. Empty when the org is no tenant's.
     */
    List<Tenant> tenantsOnOrg(String orgId);

    /**
     * The tenant whose Outbound Message token has this SHA-256 (lower-case hex), so the Outbound Message door can
     * authenticate a request before it parses anything. Empty when no tenant, or more than one, holds it. The
     * default finds nobody: a directory that cannot look tokens up authenticates no Outbound Message.
     */
    default Optional<Tenant> byOutboundTokenSha256(String sha256Hex) {
        return Optional.empty();
    }

    /** Every registered tenant, for scheduled work that visits each of them (the reconciler). */
    List<Tenant> all();
}
