package io.crmsync.sync.pair;

import java.util.List;
import java.util.function.BiFunction;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.tenant.TenantSettings;

/**
 * A HubSpot company ↔ a Salesforce Account: synced only with company sync on, paired by external ID alone, and
 * what contacts' and deals' accounts wait for.
 */
public final class CompanyPair extends PairBehaviour {

    public CompanyPair(BiFunction<String, ObjectPair, ObjectMapping> mappings) {
        super(List.of(ObjectPair.COMPANY_ACCOUNT), mappings);
    }

    @Override
    boolean syncs(TenantSettings tenant) {
        return tenant.companySync();
    }

    @Override
    String ownHubSpotProperty() {
        return HubSpotRecords.SALESFORCE_ID_PROPERTY;
    }

    /** Contacts and deals whose account had no twin yet wait for their company. */
    @Override
    public boolean awaitedByAssociations() {
        return true;
    }
}
