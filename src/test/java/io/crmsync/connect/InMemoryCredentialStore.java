package io.crmsync.connect;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.TenantCredentials;

/** For unit tests of the core: the credentials of each tenant in a map. */
public final class InMemoryCredentialStore implements CredentialStore {

    private final Map<String, TenantCredentials> byTenant = new ConcurrentHashMap<>();

    @Override
    public Optional<TenantCredentials> read(String tenantId) {
        return Optional.ofNullable(byTenant.get(tenantId));
    }

    @Override
    public void write(String tenantId, TenantCredentials credentials) {
        byTenant.put(tenantId, credentials);
    }

    @Override
    public void delete(String tenantId) {
        byTenant.remove(tenantId);
    }
}
