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

import io.crmsync.crmhttp.CrmCallFilter;

/**
 * Salesforce's OAuth 2.0 endpoints on a login host: login.salesforce.com, test.salesforce.com for a sandbox org,
 * or a My Domain. The injected client targets the deployment's host; {@link SalesforceLogins} builds one per
 * tenant's login host.
 */
@RegisterRestClient(configKey = "salesforce-login")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(CrmCallFilter.class)
@Path("/services/oauth2")
public interface SalesforceLoginApi {

    /** Client-credentials grant: the connected app runs as its configured integration user. */
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response token(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret);

    /** The web-server flow's exchange: {@code grant_type=authorization_code}, with the PKCE verifier. */
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response authorizationCode(@FormParam("grant_type") String grantType, @FormParam("code") String code,
            @FormParam("client_id") String clientId, @FormParam("client_secret") String clientSecret,
            @FormParam("redirect_uri") String redirectUri, @FormParam("code_verifier") String codeVerifier);

    /** {@code grant_type=refresh_token}: a new session from the web-server flow's refresh token. */
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response refresh(@FormParam("grant_type") String grantType, @FormParam("refresh_token") String refreshToken,
            @FormParam("client_id") String clientId, @FormParam("client_secret") String clientSecret);

    /** {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} with a signed assertion. */
    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Response jwtBearer(@FormParam("grant_type") String grantType, @FormParam("assertion") String assertion);

    /** Ends a refresh token (and the sessions it made) or an access token. */
    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response revoke(@FormParam("token") String token);

    /**
     * A token answer. {@link #toString()} leaves the tokens and the signature out.
     *
     * @param id        the identity URL, {@code https://login.salesforce.com/id/<orgId>/<userId>}
     * @param issuedAt  milliseconds since the epoch, as text
     * @param signature Base64(HMAC-SHA256(consumer secret, id + issued_at))
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("refresh_token") String refreshToken,
            @JsonProperty("instance_url") String instanceUrl,
            @JsonProperty("id") String id,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("issued_at") String issuedAt,
            @JsonProperty("signature") String signature,
            @JsonProperty("scope") String scope) {

        @Override
        public String toString() {
            return "TokenResponse[instance " + instanceUrl + ", id " + id + ", scope " + scope + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenError(String error, @JsonProperty("error_description") String description) {
    }
}
