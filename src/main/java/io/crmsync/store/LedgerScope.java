package io.crmsync.store;

import static io.crmsync.store.BudgetItems.USED;
import static io.crmsync.store.BudgetItems.allocationKey;
import static io.crmsync.store.BudgetItems.key;
import static io.crmsync.store.BudgetItems.observationKey;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.crmsync.budget.Crm;
import io.crmsync.tenant.Tenant;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a tenant's calls to one CRM are counted in the {@code budget} table ({@link BudgetItems}). HubSpot's limits
 * are per portal, so HubSpot calls stay in the tenant's own partition. Salesforce's daily limit belongs to the org
 * and every tenant on the org shares it, so a tenant connected to an org counts its Salesforce calls on the org's
 * bucket items: one conditional update then keeps both the tenant's allocation and the org's room, and a header
 * seen by any tenant tightens them all.
 *
 * @param partition     the partition holding the bucket items: the tenant id, or {@code org|<org key>}
 * @param tenantCounter the bucket attribute with the tenant's own count ({@code used} when it is alone)
 */
record LedgerScope(String tenantId, String partition, String tenantCounter, Optional<String> orgKey) {

    static LedgerScope tenantOnly(String tenantId) {
        return new LedgerScope(tenantId, tenantId, USED, Optional.empty());
    }

    static LedgerScope sharedOrg(String tenantId, String orgKey) {
        return new LedgerScope(tenantId, BudgetItems.orgPartition(orgKey), BudgetItems.tenantCounter(tenantId),
                Optional.of(orgKey));
    }

    /**
     * The scope of a tenant's calls to {@code crm}: its org's for Salesforce once the org is connected, its own
     * otherwise. The lookup is the functions' cached tenant directory, so a warm Lambda resolves it from memory.
     */
    static LedgerScope of(Function<String, Optional<Tenant>> tenantById, String tenantId, Crm crm) {
        if (crm != Crm.SALESFORCE) {
            return tenantOnly(tenantId);
        }
        return tenantById.apply(tenantId).filter(Tenant::salesforceConnected)
                .map(t -> sharedOrg(tenantId, Tenant.orgKey(t.salesforceOrgId())))
                .orElseGet(() -> tenantOnly(tenantId));
    }

    boolean shared() {
        return orgKey.isPresent();
    }

    Map<String, AttributeValue> bucketItem(String bucketKey) {
        return key(partition, bucketKey);
    }

    Map<String, AttributeValue> allocationItem(Crm crm) {
        return key(tenantId, allocationKey(crm));
    }

    /** The item with the org's header observation: the org's own, or (alone) the tenant's allocation item. */
    Map<String, AttributeValue> observationItem(Crm crm) {
        return shared() ? key(partition, observationKey(crm)) : allocationItem(crm);
    }
}
