package io.crmsync.testing;

import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.localaws.LocalAws;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.store.DynamoTenantSettings;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.Tenant;

/** Tenants written straight to the local tenants table, as the admin API would have stored them. */
public final class TenantSetup {

    /** The HubSpot portal the sandbox and the webhook fixtures belong to. */
    public static final long PORTAL_ID = 62515;
    /** A Salesforce org id for tenants whose org no test talks to. */
    public static final String ORG_ID = "00D5g000004YzKxEAK";

    private final DynamoTenantDirectory directory;
    private final DynamoTenantSettings settings;

    TenantSetup(LocalAws aws) {
        this.directory = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        this.settings = new DynamoTenantSettings(aws.dynamo(), aws.tableName("TenantsTable"), new ObjectMapper());
    }

    public TenantSetup register(String tenantId, long portalId, String orgId) {
        directory.save(new Tenant(tenantId, portalId, orgId, Optional.empty()));
        return this;
    }

    /** A tenant of portal {@link #PORTAL_ID} and org {@link #ORG_ID} with these settings. */
    public TenantSetup register(String tenantId, TenantSettings tenantSettings) {
        register(tenantId, PORTAL_ID, ORG_ID);
        settings.save(tenantId, tenantSettings);
        return this;
    }

    public TenantSetup settings(String tenantId, TenantSettings tenantSettings) {
        settings.save(tenantId, tenantSettings);
        return this;
    }
}
