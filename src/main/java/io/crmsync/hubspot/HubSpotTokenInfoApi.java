package io.crmsync.hubspot;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /oauth/v1/access-tokens/{token}} (oauth-v1.json): which account (hub_id) and scopes an OAuth access
 * token is for. Deliberately without {@link io.crmsync.crmhttp.CrmCallFilter}: the token is in the path, and the
 * call counters keep paths; the call is no API call either (it costs nothing against the account's limits).
 */
@RegisterRestClient(configKey = "hubspot")
@Path("/oauth/v1/access-tokens")
public interface HubSpotTokenInfoApi {

    @GET
    @Path("/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    Response accessTokenInfo(@PathParam("token") String token);

    /** AccessTokenInfoResponse: the parts crmsync keeps (never the token it echoes back). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenInfo(@JsonProperty("hub_id") long hubId, @JsonProperty("app_id") long appId, List<String> scopes,
            @JsonProperty("expires_in") long expiresIn, @JsonProperty("hub_domain") String hubDomain) {
    }
}
