package io.crmsync.salesforce;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;

/**
 * The org's daily API allocation from the limits resource ({@code DailyApiRequests}), recorded in the ledger so a
 * tenant's allocation set as a share of the org's limit can be resolved before any call has brought a header.
 */
@ApplicationScoped
public class SalesforceLimitsReader {

    private final SalesforceSession session;

    public SalesforceLimitsReader(SalesforceSession session) {
        this.session = session;
    }

    /** @return the org's daily limit and what it has used of it in the rolling 24 hours */
    public SalesforceDataApi.Limit dailyApiRequests() {
        Map<String, SalesforceDataApi.Limit> limits = session.call("the limits resource",
                s -> s.api().limits(s.version(), s.authorization(), s.callOptions()),
                r -> r.readEntity(new jakarta.ws.rs.core.GenericType<Map<String, SalesforceDataApi.Limit>>() {
                }));
        SalesforceDataApi.Limit daily = limits.get("DailyApiRequests");
        if (daily == null) {
            throw new IllegalStateException("the limits resource has no DailyApiRequests");
        }
        return daily;
    }

    /** Reads the limit and records it for the tenant (a header-like observation: it can only tighten). */
    public SalesforceDataApi.Limit observe(String tenantId, Ledger ledger, java.time.Instant now) {
        SalesforceDataApi.Limit daily = dailyApiRequests();
        ledger.observe(tenantId, Crm.SALESFORCE, daily.max() - daily.remaining(), daily.max(), now);
        return daily;
    }
}
