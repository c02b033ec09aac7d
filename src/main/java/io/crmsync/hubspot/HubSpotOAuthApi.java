package io.crmsync.hubspot;

import java.util.List;

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

import io.crmsync.crmhttp.CrmCallFilter;

/**
 * HubSpot's OAuth v1 token endpoint (oauth-v1.json): the install's code and refreshes. Through the one door like
 * every CRM call (weight 0: token calls are not API calls). The access token's metadata, whose path carries the
 * token, is {@link HubSpotTokenInfoApi}, which stays out of the call counters.
 */
@RegisterRestClient(configKey = "hubspot")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(CrmCallFilter.class)
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

    /**
     * HubSpot's OAuth error body, e.g. {@code {"status":"BAD_REFRESH_TOKEN","message":"missing or invalid refresh
     * token"}}; some answers name the refusal OAuth 2.0's way instead ({@code "error":"invalid_grant"}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenError(String status, String message, String error) {

        /** The refusal's name, whichever field carries it; "" when the body says none. */
        public String name() {
            return status != null && !status.isBlank() && !"error".equals(status) ? status
                    : error != null ? error : "";
        }
    }
}
