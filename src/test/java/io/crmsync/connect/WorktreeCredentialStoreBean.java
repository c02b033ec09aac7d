package io.crmsync.connect;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The CredentialStore bean the Quarkus tests need until the Secrets Manager one is merged (then this file goes):
 * the in-memory store, shared by every test of one application.
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
