package io.crmsync.functions;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.CachingTenantDirectory;
import io.crmsync.tenant.TenantDirectory;

/** The tenant directory functions use: the tenants table behind a short-lived in-memory cache. */
@ApplicationScoped
public class TenantDirectoryWiring {

    @Produces
    @ApplicationScoped
    TenantDirectory tenants(DynamoTenantDirectory table,
            @ConfigProperty(name = "crmsync.tenants.cache-seconds", defaultValue = "60") long cacheSeconds) {
        return new CachingTenantDirectory(table, Duration.ofSeconds(cacheSeconds), Clock.systemUTC());
    }
}
