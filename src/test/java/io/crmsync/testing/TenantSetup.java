package io.crmsync.testing;

import java.util.List;
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
    private final io.crmsync.secrets.SecretsManagerCredentialStore credentials;

    TenantSetup(LocalAws aws) {
        this.directory = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        this.settings = new DynamoTenantSettings(aws.dynamo(), aws.tableName("TenantsTable"), new ObjectMapper());
        // With the local stack's own rights: connecting (admin API, OAuth callback) is what stores grants.
        this.credentials = new io.crmsync.secrets.SecretsManagerCredentialStore(aws.secretsManager(),
                LocalAws.SECRETS_PREFIX);
    }

    /** Stores the tenant's grants as connecting its CRMs would have. */
    public TenantSetup credentials(String tenantId, io.crmsync.tenant.TenantCredentials grants) {
        credentials.write(tenantId, grants);
        return this;
    }

    public TenantSetup register(String tenantId, long portalId, String orgId) {
        directory.save(new Tenant(tenantId, portalId, orgId, Optional.empty()));
        return this;
    }

    /**
     * A tenant of portal {@link #PORTAL_ID} and org {@link #ORG_ID} with these settings, connected with grants of
     * its own ({@link #connect}).
     */
    public TenantSetup register(String tenantId, TenantSettings tenantSettings) {
        register(tenantId, PORTAL_ID, ORG_ID);
        settings.save(tenantId, tenantSettings);
        return connect(tenantId);
    }

    /**
     * Stores grants of the tenant's own, as connecting both CRMs through the admin API would: the sandbox portal's
     * app token as a private app, and a web-server-flow refresh token of the shared Salesforce sandbox's org (the
     * sandbox keeps issued tokens valid across resets). Only the single-tenant mode's tenant syncs without.
     */
    public TenantSetup connect(String tenantId) {
        io.crmsync.sandbox.salesforce.SalesforceSandbox salesforce = io.crmsync.functions.SharedSandboxes.salesforce();
        return credentials(tenantId, io.crmsync.tenant.TenantCredentials.NONE
                .withHubSpot(new io.crmsync.tenant.TenantCredentials.HubSpotGrant(
                        io.crmsync.tenant.TenantCredentials.Method.HUBSPOT_PRIVATE_APP,
                        io.crmsync.functions.SharedSandboxes.HUBSPOT_TOKEN, null, null, PORTAL_ID, List.of()))
                .withSalesforce(new io.crmsync.tenant.TenantCredentials.SalesforceGrant(
                        io.crmsync.tenant.TenantCredentials.Method.SALESFORCE_WEB_SERVER, salesforce.baseUrl(),
                        salesforce.baseUrl(), salesforce.orgId(), io.crmsync.functions.SharedSandboxes.SALESFORCE_CLIENT_ID,
                        io.crmsync.functions.SharedSandboxes.SALESFORCE_CLIENT_SECRET, null, null,
                        salesforce.issueRefreshToken(), null, java.time.Instant.now())));
    }

    public TenantSetup settings(String tenantId, TenantSettings tenantSettings) {
        settings.save(tenantId, tenantSettings);
        return this;
    }
}
