package io.crmsync.salesforce;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Salesforce's OAuth 2.0 token endpoint on login.salesforce.com (or test.salesforce.com, or a My Domain). */
@RegisterRestClient(configKey = "salesforce-login")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(io.crmsync.budget.CrmCallFilter.class)
@Path("/services/oauth2/token")
public interface SalesforceLoginApi {

    /** Client-credentials grant: the connected app runs as its configured integration user. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response token(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("instance_url") String instanceUrl,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("issued_at") String issuedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenError(String error, @JsonProperty("error_description") String description) {
    }
}
