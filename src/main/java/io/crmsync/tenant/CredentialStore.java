package io.crmsync.tenant;

import java.util.Optional;

/** Where each tenant's {@link TenantCredentials} are kept: one secret per tenant (AWS Secrets Manager). */
public interface CredentialStore {

    /** The tenant's credentials, or empty when nothing was ever stored for it. */
    Optional<TenantCredentials> read(String tenantId);

    /**
     * The tenant's credentials as stored right now, past any cache: for reading what is about to be changed
     * (a connection being finished, a grant replaced), which another function may have written a moment ago.
     * A store without a cache reads as {@link #read} does.
     */
    default Optional<TenantCredentials> readCurrent(String tenantId) {
        return read(tenantId);
    }

    /** Replaces the tenant's credentials (creating its secret the first time). */
    void write(String tenantId, TenantCredentials credentials);

    /** Removes the tenant's secret (the tenant is deleted or disconnected); nothing happens if there is none. */
    void delete(String tenantId);
}
