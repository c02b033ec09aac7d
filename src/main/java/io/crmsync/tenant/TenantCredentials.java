package io.crmsync.tenant;

import java.time.Instant;
import java.util.List;

/**
 * Everything secret crmsync holds for one tenant: the grants for both CRMs and a connection being made. Kept as
 * one AWS Secrets Manager secret per tenant ({@link CredentialStore}), never in a DynamoDB item, a log line, an
 * error or an admin API answer; {@link #toString()} therefore names only what is connected, never a token.
 *
 * @param hubSpot    the HubSpot grant, or null before HubSpot is connected
 * @param salesforce the Salesforce grant, or null before Salesforce is connected
 * @param pending    an OAuth flow started and not finished yet, or null
 */
public record TenantCredentials(HubSpotGrant hubSpot, SalesforceGrant salesforce, PendingConnection pending) {

    public static final TenantCredentials NONE = new TenantCredentials(null, null, null);

    public TenantCredentials withHubSpot(HubSpotGrant grant) {
        return new TenantCredentials(grant, salesforce, pending);
    }

    public TenantCredentials withSalesforce(SalesforceGrant grant) {
        return new TenantCredentials(hubSpot, grant, pending);
    }

    public TenantCredentials withPending(PendingConnection connection) {
        return new TenantCredentials(hubSpot, salesforce, connection);
    }

    @Override
    public String toString() {
        return "TenantCredentials[hubSpot=" + (hubSpot == null ? "none" : hubSpot.method()) + ", salesforce="
                + (salesforce == null ? "none" : salesforce.method()) + ", pending="
                + (pending == null ? "none" : pending.crm()) + "]";
    }

    /** How a CRM was connected. */
    public enum Method {
        /** HubSpot: the app's OAuth 2.0 authorization-code install; refreshed with the refresh token. */
        HUBSPOT_OAUTH,
        /** HubSpot: a private app's access token, which does not expire. */
        HUBSPOT_PRIVATE_APP,
        /** Salesforce: the OAuth 2.0 web-server flow with PKCE; refreshed with the refresh token. */
        SALESFORCE_WEB_SERVER,
        /** Salesforce: the JWT bearer flow (headless): a new token is asked for with a signed assertion. */
        SALESFORCE_JWT_BEARER
    }

    /**
     * @param accessToken  the bearer token for API calls
     * @param refreshToken null for a private app
     * @param expiresAt    when the access token expires; null for a private app
     * @param portalId     the HubSpot account the grant is for (from the token's metadata)
     * @param scopes       the scopes granted
     */
    public record HubSpotGrant(Method method, String accessToken, String refreshToken, Instant expiresAt,
            long portalId, List<String> scopes) {

        public HubSpotGrant {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "HubSpotGrant[" + method + ", portal " + portalId + ", expiresAt " + expiresAt + "]";
        }
    }

    /**
     * @param loginUrl     https://login.salesforce.com, https://test.salesforce.com for a sandbox org, or a My Domain
     * @param instanceUrl  where the org's API answers (from the token response)
     * @param orgId        the org's 18-character id (from the token's identity URL)
     * @param clientId     the connected app's consumer key
     * @param clientSecret the connected app's consumer secret; null for JWT bearer
     * @param username     the integration user (JWT bearer's {@code sub}); may be null for the web-server flow
     * @param privateKeyPem the PKCS#8 key that signs JWT assertions; null for the web-server flow
     * @param refreshToken null for JWT bearer
     * @param accessToken  the current session token, or null
     * @param issuedAt     when the current access token was issued, or null
     */
    public record SalesforceGrant(Method method, String loginUrl, String instanceUrl, String orgId, String clientId,
            String clientSecret, String username, String privateKeyPem, String refreshToken, String accessToken,
            Instant issuedAt) {

        @Override
        public String toString() {
            return "SalesforceGrant[" + method + ", org " + orgId + ", login " + loginUrl + ", user " + username
                    + "]";
        }
    }

    /**
     * An OAuth flow between its start (the authorize URL handed to the user) and its callback.
     *
     * @param crm          "hubspot" or "salesforce"
     * @param state        the unguessable state sent to the authorize URL; the callback must bring it back
     * @param codeVerifier the PKCE verifier (Salesforce); null for HubSpot
     * @param loginUrl     the Salesforce login host chosen (sandbox or not); null for HubSpot
     * @param clientId     the Salesforce consumer key used; null for HubSpot
     * @param clientSecret the Salesforce consumer secret used; null for HubSpot
     * @param expiresAt    after this the callback is refused
     * @param redirectUri  the redirect_uri the authorize URL named: the code exchange must send the same one
     */
    public record PendingConnection(String crm, String state, String codeVerifier, String loginUrl, String clientId,
            String clientSecret, Instant expiresAt, String redirectUri) {

        @Override
        public String toString() {
            return "PendingConnection[" + crm + ", expiresAt " + expiresAt + "]";
        }
    }
}
