package io.crmsync.tenant;

import java.util.Objects;
import java.util.Optional;

/**
 * The one tenant, if any, that calls the CRMs with the deployment's own credentials (the deployment-wide HubSpot
 * token and the connected app's client-credentials login) while it has no grant of its own: {@code make run}'s
 * explicit single-tenant mode ({@code crmsync.single-tenant}), in which a call made outside any tenant (a local
 * tool) is made as that tenant too. Unset in a deployment, so every tenant syncs only
 * with its own grants and a tenant missing one is not served; the admin API never creates this tenant.
 */
public record SingleTenantMode(Optional<String> tenantId) {

    /** No tenant may use the deployment's credentials: what template.yaml deploys. */
    public static final SingleTenantMode OFF = new SingleTenantMode(Optional.empty());

    public SingleTenantMode {
        Objects.requireNonNull(tenantId, "tenantId");
        tenantId = tenantId.filter(id -> !id.isBlank());
    }

    public static SingleTenantMode of(String tenantId) {
        return new SingleTenantMode(Optional.of(tenantId));
    }

    /** Whether this tenant may call with the deployment's credentials when it holds no grant of its own. */
    public boolean usesDeploymentCredentials(String tenant) {
        return tenantId.filter(id -> id.equals(tenant)).isPresent();
    }
}
