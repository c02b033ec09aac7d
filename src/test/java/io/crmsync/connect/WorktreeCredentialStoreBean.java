package io.crmsync.connect;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Only until the Secrets Manager store is merged: the CredentialStore bean the @QuarkusTests need in this branch,
 * an {@link InMemoryCredentialStore}. Delete at merge.
 */
@ApplicationScoped
public class WorktreeCredentialStoreBean implements CredentialStore {

    private final InMemoryCredentialStore store = new InMemoryCredentialStore();

    @Override
    public Optional<TenantCredentials> read(String tenantId) {
        return store.read(tenantId);
    }

    @Override
    public void write(String tenantId, TenantCredentials credentials) {
        store.write(tenantId, credentials);
    }

    @Override
    public void delete(String tenantId) {
        store.delete(tenantId);
    }
}
