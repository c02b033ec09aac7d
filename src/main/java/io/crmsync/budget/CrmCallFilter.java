package io.crmsync.budget;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Counts every outgoing CRM request in {@link CrmCalls}. Registered on each HubSpot and Salesforce REST client;
 * it looks the counter up in CDI because REST client providers are created by the client, not injected.
 */
public class CrmCallFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        CDI.current().select(CrmCalls.class).get().record(request.getMethod(), request.getUri().getRawPath());
    }
}
