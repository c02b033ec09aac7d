package io.crmsync.functions;

import io.crmsync.budget.TenantCalls;
import io.crmsync.crm.TenantNotConnectedException;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crmsync.admin.AllocationAdmin;
import io.crmsync.admin.MappingAdmin;
import io.crmsync.admin.SettingsAdmin;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.UsageHistory;
import io.crmsync.hubspot.HubSpotSchemaReader;
import io.crmsync.salesforce.SalesforceDescribeReader;
import io.crmsync.salesforce.SalesforceLimitsReader;
import io.crmsync.store.DynamoImportStore;
import io.crmsync.store.DynamoMappingStore;
import io.crmsync.store.DynamoTenantSettings;
import io.crmsync.sync.InclusionList;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantSettings;
import io.quarkus.funqy.Funq;

/**
 * The {@code mapping-admin} Lambda, invoked with {@code aws lambda invoke} (no URL):
 * {@code {"tenantId": "acme", "action": "plan", "yaml": "…"}} for mappings, and
 * {@code {"tenantId": "acme", "action": "put-settings", "settings": {"dealSync": true}}} or
 * {@code get-settings} for the tenant's settings, and {@code {"tenantId": "acme", "action": "reimport"}} to make
 * the next reconcile run a full pass again (after a mapping change).
 */
public class MappingAdminFunction {

    private static final Logger LOG = Logger.getLogger(MappingAdminFunction.class);

    @Inject
    MappingAdmin admin;

    @Inject
    SettingsAdmin settingsAdmin;

    @Inject
    AllocationAdmin allocationAdmin;

    @Inject
    DynamoImportStore imports;

    @Inject
    TenantCalls tenantCalls;

    /**
     * The input; {@code yaml} is the content of mappings.yaml (not needed for {@code get}), {@code settings} the
     * settings to change for {@code put-settings} (keys left out keep their value).
     */
    public record Request(String tenantId, String action, String yaml,
            com.fasterxml.jackson.databind.JsonNode settings, com.fasterxml.jackson.databind.JsonNode allocation) {
    }

    /**
     * The output; {@code yaml} only for {@code get}, {@code settings} only for the settings actions,
     * {@code allocation} (per CRM: what is set and what the window holds) only for the allocation actions.
     */
    public record Response(List<String> errors, List<String> plan, boolean applied, String yaml,
            TenantSettings settings, Map<String, Map<String, Object>> allocation) {
    }

    @Funq("mapping-admin")
    public Response mappingAdmin(Request request) {
        if (request.tenantId() == null || request.tenantId().isBlank()) {
            return answer(request); // each action answers "tenantId is required"
        }
        try {
            // In the tenant's scope: schema and list reads use its own grants, never another's.
            return tenantCalls.on(request.tenantId(), () -> answer(request));
        } catch (TenantNotConnectedException e) {
            return new Response(List.of(e.getMessage()), List.of(), false, null, null, null);
        }
    }

    private Response answer(Request request) {
        if ("get-settings".equals(request.action()) || "put-settings".equals(request.action())) {
            SettingsAdmin.Result result = "get-settings".equals(request.action())
                    ? settingsAdmin.get(request.tenantId()) : settingsAdmin.put(request.tenantId(), request.settings());
            LOG.infof("mapping-admin tenant=%s action=%s errors=%d applied=%s", request.tenantId(), request.action(),
                    result.errors().size(), result.applied());
            return new Response(result.errors(), List.of(), result.applied(), null, result.settings(), null);
        }
        if ("get-allocation".equals(request.action()) || "put-allocation".equals(request.action())) {
            AllocationAdmin.Result result = "get-allocation".equals(request.action())
                    ? allocationAdmin.get(request.tenantId())
                    : allocationAdmin.put(request.tenantId(), request.allocation());
            LOG.infof("mapping-admin tenant=%s action=%s errors=%d applied=%s", request.tenantId(), request.action(),
                    result.errors().size(), result.applied());
            return new Response(result.errors(), List.of(), result.applied(), null, null, result.allocation());
        }
        if ("reimport".equals(request.action())) {
            return reimport(request.tenantId());
        }
        MappingAdmin.Result result = admin.handle(request.tenantId(), request.action(), request.yaml());
        // Ids and counts only: a mapping file names fields, never values, but errors may quote picklist values.
        LOG.infof("mapping-admin tenant=%s action=%s errors=%d planLines=%d propertiesCreated=%d applied=%s",
                request.tenantId(), request.action(), result.errors().size(), result.plan().size(),
                result.propertiesCreated(), result.applied());
        return new Response(result.errors(), result.plan(), result.applied(), result.yaml(), null, null);
    }

    /**
     * Removes the tenant's change cursors and import progress: its next reconcile run is an import again, which
     * re-checks every record against the mappings now in force. The plan lists the cursors removed.
     */
    private Response reimport(String tenantId) {
        if (tenantId == null || tenantId.isBlank()) {
            return new Response(List.of("tenantId is required"), List.of(), false, null, null, null);
        }
        List<String> removed;
        try {
            removed = imports.restart(tenantId);
        } catch (IllegalArgumentException e) {
            return new Response(List.of(e.getMessage()), List.of(), false, null, null, null);
        }
        LOG.infof("mapping-admin tenant=%s action=reimport cursorsRemoved=%d", tenantId, removed.size());
        List<String> plan = new java.util.ArrayList<>();
        removed.forEach(key -> plan.add("cursor removed: " + key));
        plan.add("the next reconcile run imports every object again");
        return new Response(List.of(), plan, true, null, null, null);
    }

    @ApplicationScoped
    static class Wiring {
        @Produces
        @ApplicationScoped
        MappingAdmin admin(TenantDirectory tenants, DynamoMappingStore store, HubSpotSchemaReader hubSpot,
                SalesforceDescribeReader salesforce, io.crmsync.sync.IdentityFields identity) {
            return new MappingAdmin(tenants, store, hubSpot, salesforce, identity);
        }

        @Produces
        @ApplicationScoped
        SettingsAdmin settingsAdmin(TenantDirectory tenants, DynamoTenantSettings settings,
                HubSpotSchemaReader hubSpot, SalesforceDescribeReader salesforce,
                InclusionList inclusionList, io.crmsync.sync.IdentityFields identity) {
            return new SettingsAdmin(tenants, settings::settings, settings::save, hubSpot, salesforce, inclusionList,
                    identity);
        }

        @Produces
        @ApplicationScoped
        AllocationAdmin allocationAdmin(TenantDirectory tenants, Ledger ledger, UsageHistory history,
                SalesforceLimitsReader limits) {
            return new AllocationAdmin(tenants, ledger, history, (tenant, l) -> limits.observe(tenant, l,
                    java.time.Instant.now()), java.time.Clock.systemUTC());
        }
    }
}
