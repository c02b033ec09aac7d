package io.crmsync.functions;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.tenant.CredentialStore;
import io.crmsync.secrets.CachingCredentialStore;
import io.crmsync.secrets.SecretsManagerCredentialStore;

/** The credential store functions use: the tenants' secrets in Secrets Manager behind an in-memory cache. */
@ApplicationScoped
public class CredentialStoreWiring {

    public static final String CACHE_TTL = "crmsync.secrets.cache-ttl";

    @Produces
    @ApplicationScoped
    CredentialStore credentials(SecretsManagerCredentialStore secrets,
            @ConfigProperty(name = CACHE_TTL, defaultValue = "PT5M") Duration ttl) {
        return new CachingCredentialStore(secrets, Clock.systemUTC(), ttl);
    }
}
