package io.crmsync.crmhttp;

import java.util.Optional;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;

import io.crmsync.budget.BudgetGate;
import io.crmsync.budget.CrmBreakers;
import io.crmsync.budget.CrmCalls;
import io.crmsync.budget.HubSpotRateLimitHeaders;
import io.crmsync.budget.SforceLimitInfo;

/**
 * The one door every HubSpot and Salesforce request passes: the call is reserved in the tenant's allocation
 * ({@link BudgetGate}; a denied one pauses the tenant's sync before anything is sent), then counted in
 * {@link CrmCalls}; the CRM's answer may tighten the budget with its usage headers. Before both, the tenant's
 * {@link CrmBreakers breaker} for that CRM may hold the call back, and each answer tells it whether the CRM
 * answers. The tenant is kept on the request, since the answer may be read on the client's I/O thread, where the
 * calling thread's tenant is unknown. Registered on each REST client; it looks its collaborators up in CDI because REST client providers are created by the client.
 */
public class CrmCallFilter implements ClientRequestFilter, ClientResponseFilter {

    private static final String ENDPOINT = "crmsync.endpoint";
    private static final String TENANT = "crmsync.tenant";

    @Override
    public void filter(ClientRequestContext request) {
        String endpoint = CrmCalls.endpointOf(request.getMethod(), request.getUri().getRawPath());
        // The breaker first: a call it holds back is not sent, so it is neither reserved nor counted.
        CrmBreakers breakers = CDI.current().select(CrmBreakers.class).get();
        breakers.beforeCall(endpoint);
        // Kept with the request: the response filter may run on the client's I/O thread, without the tenant.
        breakers.currentTenant().ifPresent(tenant -> request.setProperty(TENANT, tenant));
        CDI.current().select(BudgetGate.class).get().beforeCall(endpoint);
        CDI.current().select(CrmCalls.class).get().record(endpoint);
        request.setProperty(ENDPOINT, endpoint);
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        Object endpoint = request.getProperty(ENDPOINT);
        if (!(endpoint instanceof String key)) {
            return;
        }
        Optional<String> tenant = request.getProperty(TENANT) instanceof String t ? Optional.of(t) : Optional.empty();
        tenant.ifPresent(t -> CDI.current().select(CrmBreakers.class).get().answered(t, key, response.getStatus()));
        BudgetGate gate = CDI.current().select(BudgetGate.class).get();
        if (key.startsWith("salesforce ")) {
            SforceLimitInfo.parse(response.getHeaderString(SforceLimitInfo.HEADER))
                    .ifPresent(info -> gate.afterCall(tenant, key, info.used(), info.limit()));
        } else {
            HubSpotRateLimitHeaders.parse(response::getHeaderString)
                    .ifPresent(daily -> gate.afterCall(tenant, key, daily.used(), daily.daily()));
        }
    }
}
