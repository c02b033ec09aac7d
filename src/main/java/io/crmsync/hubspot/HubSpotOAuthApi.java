package io.crmsync.hubspot;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HubSpot's OAuth v1 endpoints (oauth-v1.json): the token endpoint and the access token's metadata. */
@RegisterRestClient(configKey = "hubspot")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(io.crmsync.budget.CrmCallFilter.class)
@Path("/oauth/v1")
public interface HubSpotOAuthApi {

    /** {@code grant_type=authorization_code}: the code the install redirect brought back. */
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response exchangeCode(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret, @FormParam("redirect_uri") String redirectUri,
            @FormParam("code") String code);

    /** {@code grant_type=refresh_token}: a new access token before the current one expires. */
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response refresh(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret, @FormParam("refresh_token") String refreshToken);

    /** The token's metadata: which account (hub_id) and scopes it is for, and how long it lives. */
    @GET
    @Path("/access-tokens/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    Response accessTokenInfo(@PathParam("token") String token);

    /** AccessTokenResponse. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(@JsonProperty("access_token") String accessToken,
            @JsonProperty("refresh_token") String refreshToken, @JsonProperty("expires_in") long expiresIn,
            @JsonProperty("hub_id") Long hubId, List<String> scopes, @JsonProperty("token_type") String tokenType) {

        @Override
        public String toString() {
            return "TokenResponse[hub " + hubId + ", expiresIn " + expiresIn + "]";
        }
    }

    /** AccessTokenInfoResponse. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenInfo(@JsonProperty("hub_id") long hubId, @JsonProperty("app_id") long appId, List<String> scopes,
            @JsonProperty("expires_in") long expiresIn, @JsonProperty("hub_domain") String hubDomain) {
    }

    /** HubSpot's OAuth error body, e.g. {@code {"status":"BAD_REFRESH_TOKEN","message":"…"}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenError(String status, String message) {
    }
}
