package io.crmsync.salesforce;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;

/**
 * The org's daily API allocation from the limits resource ({@code DailyApiRequests}), recorded in the ledger so a
 * tenant's allocation set as a share of the org's limit can be resolved before any call has brought a header.
 */
@ApplicationScoped
public class SalesforceLimitsReader {

    private final SalesforceSession session;
    private final String version;
    private final String callOptions;

    public SalesforceLimitsReader(SalesforceSession session,
            @ConfigProperty(name = "crmsync.salesforce.api-version") String version,
            @ConfigProperty(name = "crmsync.salesforce.call-client-id") String callClientId) {
        this.session = session;
        this.version = version;
        this.callOptions = "client=" + callClientId;
    }

    /** @return the org's daily limit and what it has used of it in the rolling 24 hours */
    public SalesforceDataApi.Limit dailyApiRequests() {
        Map<String, SalesforceDataApi.Limit> limits = session.call("the limits resource",
                s -> s.api().limits(version, s.authorization(), callOptions),
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
