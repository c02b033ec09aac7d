package io.crmsync.hubspot;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.crmsync.crmhttp.CrmCallFilter;

/**
 * HubSpot's account information API: {@code GET /account-info/v3/details} answers the account any valid token
 * belongs to, a private app's included (the OAuth token metadata endpoint knows only OAuth tokens).
 */
@RegisterRestClient(configKey = "hubspot")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(CrmCallFilter.class)
@Path("/account-info/v3")
public interface HubSpotAccountApi {

    @GET
    @Path("/details")
    @Produces(MediaType.APPLICATION_JSON)
    Response details(@HeaderParam("Authorization") String authorization);

    /** The account's details: the parts crmsync uses. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AccountDetails(long portalId, String accountType, String timeZone, String uiDomain,
            String dataHostingLocation) {
    }
}
