package io.crmsync.sync.pair;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sync.CrmRecord;
import io.crmsync.tenant.TenantSettings;

/**
 * A HubSpot deal ↔ a Salesforce Opportunity: synced only with deal sync on, through the mapping with the tenant's
 * stages and pipelines laid over it ({@link DealMapping}), only in the pipelines and record types the tenant
 * syncs; an Opportunity belongs to an Account, and a deal's contacts follow as contact roles.
 */
public final class DealPair extends PairBehaviour {

    public DealPair(BiFunction<String, ObjectPair, ObjectMapping> mappings) {
        super(List.of(ObjectPair.DEAL_OPPORTUNITY), mappings);
    }

    @Override
    boolean syncs(TenantSettings tenant) {
        return tenant.dealSync();
    }

    @Override
    ObjectMapping mapping(String tenantId, ObjectPair pair, TenantSettings tenant) {
        return DealMapping.effective(super.mapping(tenantId, pair, tenant), tenant);
    }

    /** Read always: a deal outside the synced pipelines is left out. */
    @Override
    String ownHubSpotProperty() {
        return DealMapping.PIPELINE;
    }

    @Override
    public boolean hasAccount(ObjectMapping mapping) {
        return true;
    }

    @Override
    public Optional<String> hubSpotSkip(TenantSettings tenant, CrmRecord hubSpot) {
        return DealMapping.hubSpotExclusion(tenant, hubSpot);
    }

    @Override
    public Optional<String> salesforceSkip(TenantSettings tenant, CrmRecord salesforce) {
        return DealMapping.salesforceExclusion(tenant, salesforce);
    }

    @Override
    public boolean syncsContactRoles() {
        return true;
    }
}
