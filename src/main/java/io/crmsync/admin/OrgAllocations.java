package io.crmsync.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.OrgObservation;
import io.crmsync.budget.OrgShares;
import io.crmsync.budget.UsageHistory;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

/**
 * Whether a tenant's Salesforce allocation fits its org: every tenant on one org shares the org's daily limit, so
 * the allocations of all of them may not add up to more than that limit as last observed (a response's
 * {@code Sforce-Limit-Info}, or the limits resource, read here when the org was never observed). When the limit
 * cannot be known the allocation is accepted, and the answer says the sum was not checked.
 */
final class OrgAllocations {

    /** @param refusal why the allocation does not fit (409); @param note what the caller should know otherwise */
    record Check(Optional<String> refusal, Optional<String> note) {
        static final Check FITS = new Check(Optional.empty(), Optional.empty());
    }

    private final TenantDirectory tenants;
    private final Ledger ledger;
    private final UsageHistory history;
    private final BiConsumer<String, Ledger> observeOrgLimit;

    OrgAllocations(TenantDirectory tenants, Ledger ledger, UsageHistory history,
            BiConsumer<String, Ledger> observeOrgLimit) {
        this.tenants = tenants;
        this.ledger = ledger;
        this.history = history;
        this.observeOrgLimit = observeOrgLimit;
    }

    Check check(String tenantId, Allocation allocation) {
        Optional<Tenant> tenant = tenants.byId(tenantId).filter(Tenant::salesforceConnected);
        if (tenant.isEmpty()) {
            // No org yet: nothing to share. The check runs again whenever the allocation is set once connected.
            return Check.FITS;
        }
        List<String> peers = tenants.tenantsOnOrg(tenant.get().salesforceOrgId()).stream().map(Tenant::id)
                .filter(id -> !id.equals(tenantId)).sorted().toList();
        OptionalLong orgLimit = orgLimit(tenantId, allocation);
        if (orgLimit.isEmpty()) {
            return new Check(Optional.empty(), Optional.of("salesforce: the org's daily limit has never been observed"
                    + " (no response's Sforce-Limit-Info and the limits resource could not be read), so the sum of the"
                    + " allocations of the " + (peers.size() + 1) + " tenant(s) on the org was not checked; set it"
                    + " again after the first Salesforce call to have it checked"));
        }
        Map<String, Long> peerCalls = new LinkedHashMap<>();
        for (String peer : peers) {
            ledger.allocation(peer, Crm.SALESFORCE)
                    .ifPresent(a -> peerCalls.put(peer, a.callsPerDay(orgLimit)));
        }
        OrgShares shares = new OrgShares(orgLimit.getAsLong(), peerCalls);
        return new Check(shares.refusal(tenantId, allocation.callsPerDay(orgLimit)), Optional.empty());
    }

    /** The org's limit as last observed; read from the limits resource when it never was. */
    private OptionalLong orgLimit(String tenantId, Allocation allocation) {
        Optional<OrgObservation> observed = history.lastObservation(tenantId, Crm.SALESFORCE);
        if (observed.isEmpty() && allocation.callsPerDay().isPresent()) {
            try {
                observeOrgLimit.accept(tenantId, ledger);
                observed = history.lastObservation(tenantId, Crm.SALESFORCE);
            } catch (RuntimeException e) {
                // Not readable now (org unreachable, token revoked): accepted, and the answer says it was not checked.
                return OptionalLong.empty();
            }
        }
        return observed.map(o -> OptionalLong.of(o.orgLimit())).orElse(OptionalLong.empty());
    }
}
