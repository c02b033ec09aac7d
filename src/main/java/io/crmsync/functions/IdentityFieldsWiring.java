package io.crmsync.functions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.crmsync.store.DynamoIdentityFieldClaims;
import io.crmsync.store.DynamoMappingStore;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.store.DynamoTenantSettings;
import io.crmsync.sync.IdentityFields;
import io.crmsync.tenant.Tenant;

/**
 * The tenants' id-field claims as the admin features and the Salesforce connect use them: the mappings and settings
 * say which fields a tenant writes, the tenants table holds the claims.
 */
@ApplicationScoped
public class IdentityFieldsWiring {

    @Produces
    @ApplicationScoped
    IdentityFields identityFields(DynamoMappingStore mappings, DynamoTenantSettings settings,
            DynamoIdentityFieldClaims claims, DynamoTenantDirectory table) {
        // The tenants on an org, from the table itself, not the cache: read only when a tenant connects an org (the
        // joining tenant is claimed for by its id, whether the org's index shows it yet or not).
        return new IdentityFields(mappings, settings::settings, claims, table::tenantsOnOrg);
    }
}
