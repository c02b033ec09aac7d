package io.crmsync.admin;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crmsync.hubspot.HubSpotSchemaReader;
import io.crmsync.salesforce.SalesforceDescribeReader;
import io.crmsync.store.DynamoMappingStore;
import io.crmsync.tenant.TenantDirectory;
import io.quarkus.funqy.Funq;

/**
 * The {@code mapping-admin} Lambda, invoked with {@code aws lambda invoke} (no URL):
 * {@code {"tenantId": "acme", "action": "plan", "yaml": "…"}}.
 */
public class MappingAdminFunction {

    private static final Logger LOG = Logger.getLogger(MappingAdminFunction.class);

    @Inject
    MappingAdmin admin;

    /** The input; {@code yaml} is the content of mappings.yaml (not needed for {@code get}). */
    public record Request(String tenantId, String action, String yaml) {
    }

    /** The output; {@code yaml} only for {@code get}. */
    public record Response(List<String> errors, List<String> plan, boolean applied, String yaml) {
    }

    @Funq("mapping-admin")
    public Response mappingAdmin(Request request) {
        MappingAdmin.Result result = admin.handle(request.tenantId(), request.action(), request.yaml());
        // Ids and counts only: a mapping file names fields, never values, but errors may quote picklist values.
        LOG.infof("mapping-admin tenant=%s action=%s errors=%d planLines=%d propertiesCreated=%d applied=%s",
                request.tenantId(), request.action(), result.errors().size(), result.plan().size(),
                result.propertiesCreated(), result.applied());
        return new Response(result.errors(), result.plan(), result.applied(), result.yaml());
    }

    @ApplicationScoped
    static class Wiring {
        @Produces
        @ApplicationScoped
        MappingAdmin admin(TenantDirectory tenants, DynamoMappingStore store, HubSpotSchemaReader hubSpot,
                SalesforceDescribeReader salesforce) {
            return new MappingAdmin(tenants, store, hubSpot, salesforce);
        }
    }
}
