package io.crmsync.functions;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.SingleTenantMode;
import io.crmsync.secrets.CachingCredentialStore;
import io.crmsync.secrets.SecretsManagerCredentialStore;

/**
 * The credential store functions use (the tenants' secrets in Secrets Manager behind an in-memory cache), and the
 * single-tenant mode: which tenant, if any, may call with the deployment's own credentials.
 */
@ApplicationScoped
public class CredentialStoreWiring {

    public static final String CACHE_TTL = "crmsync.secrets.cache-ttl";

    @Produces
    @ApplicationScoped
    CredentialStore credentials(SecretsManagerCredentialStore secrets,
            @ConfigProperty(name = CACHE_TTL, defaultValue = "PT5M") Duration ttl) {
        return new CachingCredentialStore(secrets, Clock.systemUTC(), ttl);
    }

    /** {@code make run} sets it; template.yaml never does, so a deployment serves tenants only with their grants. */
    public static final String SINGLE_TENANT = "crmsync.single-tenant";

    @Produces
    @jakarta.inject.Singleton // a record cannot be proxied, as a normal scope would need
    SingleTenantMode singleTenant(@ConfigProperty(name = SINGLE_TENANT) Optional<String> tenantId) {
        return new SingleTenantMode(tenantId);
    }
}
