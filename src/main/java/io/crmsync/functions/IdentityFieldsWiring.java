package io.crmsync.functions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.crmsync.store.DynamoIdentityFieldClaims;
import io.crmsync.store.DynamoMappingStore;
import io.crmsync.store.DynamoTenantSettings;
import io.crmsync.sync.IdentityFields;

/**
 * The tenants' id-field claims as the admin features and the Salesforce connect use them: the mappings and settings
 * say which fields a tenant writes, the tenants table holds the claims.
 */
@ApplicationScoped
public class IdentityFieldsWiring {

    @Produces
    @ApplicationScoped
    IdentityFields identityFields(DynamoMappingStore mappings, DynamoTenantSettings settings,
            DynamoIdentityFieldClaims claims) {
        return new IdentityFields(mappings, settings::settings, claims);
    }
}
