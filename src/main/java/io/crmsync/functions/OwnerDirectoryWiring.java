package io.crmsync.functions;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.hubspot.HubSpotOwnerReader;
import io.crmsync.salesforce.SalesforceUserReader;
import io.crmsync.sync.CachedOwnerDirectory;
import io.crmsync.sync.OwnerDirectory;

/** The owner directory the worker uses: HubSpot's owners and Salesforce's active users, cached per tenant. */
@ApplicationScoped
public class OwnerDirectoryWiring {

    @Produces
    @ApplicationScoped
    OwnerDirectory owners(HubSpotOwnerReader hubSpot, SalesforceUserReader salesforce,
            @ConfigProperty(name = "crmsync.owners.cache-seconds", defaultValue = "600") long cacheSeconds) {
        return new CachedOwnerDirectory(hubSpot::ownerEmails, salesforce::activeUserEmails,
                Duration.ofSeconds(cacheSeconds), Clock.systemUTC());
    }
}
