package io.crmsync.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.crmsync.budget.TenantCalls;
import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.TenantCredentials;
import io.crmsync.tenant.TenantCredentials.HubSpotGrant;
import io.crmsync.secrets.AppSecrets;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.TenantNotConnectedException;
import io.crmsync.tenant.SingleTenantMode;
import io.crmsync.sync.TenantSuspensions;

/**
 * The Authorization header every HubSpot adapter sends: the current tenant's grant ({@link TenantCalls#current()}),
 * an OAuth access token refreshed shortly before it expires or a private app's token. A tenant without a grant is
 * not served ({@link TenantNotConnectedException}), and no call is made outside a tenant: the deployment-wide
 * {@code crmsync.hubspot.access-token} is used only by {@code make run}'s single-tenant mode ({@link SingleTenantMode}).
 * That token and the app's client secret come from {@link AppSecrets} at each use, so a rotated app secret is
 * picked up without a restart.
 */
@ApplicationScoped
public class HubSpotTokens {

    /** HubSpot access tokens live 30 minutes; refreshing this early leaves room for a slow batch of calls. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    /** The suspension reason when HubSpot no longer honours the tenant's refresh token. */
    public static final String REFRESH_REVOKED = "HubSpot refresh token revoked or expired: reconnect HubSpot";

    private static final Logger LOG = Logger.getLogger(HubSpotTokens.class);

    private final CredentialStore credentials;
    private final HubSpotOAuthApi oauth;
    private final TenantCalls tenants;
    private final TenantSuspensions suspensions;
    private final Supplier<Optional<String>> deploymentToken;
    private final SingleTenantMode singleTenant;
    private final Optional<String> clientId;
    private final Supplier<Optional<String>> clientSecret;
    private final Clock clock;
    /** One lock per tenant, so the threads of one JVM that find a token due refresh it once. */
    private final ConcurrentHashMap<String, Object> refreshLocks = new ConcurrentHashMap<>();

    @Inject
    public HubSpotTokens(CredentialStore credentials, @RestClient HubSpotOAuthApi oauth, TenantCalls tenants,
            TenantSuspensions suspensions, AppSecrets secrets,
            @ConfigProperty(name = "crmsync.hubspot.client-id") Optional<String> clientId,
            SingleTenantMode singleTenant) {
        this(credentials, oauth, tenants, suspensions, secrets::hubSpotAccessToken, singleTenant, clientId,
                secrets::hubSpotClientSecret, Clock.systemUTC());
    }

    public HubSpotTokens(CredentialStore credentials, HubSpotOAuthApi oauth, TenantCalls tenants,
            TenantSuspensions suspensions, Optional<String> deploymentToken, SingleTenantMode singleTenant,
            Optional<String> clientId, Optional<String> clientSecret, Clock clock) {
        this(credentials, oauth, tenants, suspensions, () -> deploymentToken, singleTenant, clientId,
                () -> clientSecret, clock);
    }

    /** With the deployment token and client secret asked for at each use (from {@link AppSecrets}). */
    public HubSpotTokens(CredentialStore credentials, HubSpotOAuthApi oauth, TenantCalls tenants,
            TenantSuspensions suspensions, Supplier<Optional<String>> deploymentToken, SingleTenantMode singleTenant,
            Optional<String> clientId, Supplier<Optional<String>> clientSecret, Clock clock) {
        this.singleTenant = singleTenant;
        this.credentials = credentials;
        this.oauth = oauth;
        this.tenants = tenants;
        this.suspensions = suspensions;
        this.deploymentToken = () -> deploymentToken.get().filter(t -> !t.isBlank());
        this.clientId = clientId.filter(t -> !t.isBlank());
        this.clientSecret = () -> clientSecret.get().filter(t -> !t.isBlank());
        this.clock = clock;
    }

    /**
     * {@code "Bearer <token>"} for the current tenant's HubSpot account.
     *
     * @throws IllegalStateException when no tenant is current, the tenant's refresh token is refused (the tenant is
     *         then suspended), the app's client id or secret is missing for a refresh, or the single-tenant mode's
     *         deployment token is not set
     * @throws TenantNotConnectedException when the tenant holds no HubSpot grant (its sync pauses until connected)
     * @throws CrmUnavailableException when HubSpot cannot be reached to refresh (retry later)
     */
    public String bearer() {
        // Outside any tenant only the single-tenant mode (make run) calls, as its one tenant.
        String tenant = tenants.current().or(singleTenant::tenantId).orElseThrow(() -> new IllegalStateException(
                "a HubSpot call outside any tenant: crmsync calls HubSpot only for a tenant, with its own grant"));
        Optional<HubSpotGrant> grant = grantOf(tenant);
        if (grant.isEmpty()) {
            if (!singleTenant.usesDeploymentCredentials(tenant)) {
                throw TenantNotConnectedException.hubSpot(tenant, clock.instant());
            }
            return "Bearer " + deploymentToken.get().orElseThrow(() -> new IllegalStateException("tenant " + tenant
                    + " has not connected HubSpot, and crmsync.hubspot.access-token (CRMSYNC_HUBSPOT_ACCESS_TOKEN)"
                    + " is not set for the single-tenant mode"));
        }
        if (!refreshDue(grant.get(), clock.instant())) {
            return "Bearer " + grant.get().accessToken();
        }
        return "Bearer " + refreshed(tenant).accessToken();
    }

    /**
     * Whether an OAuth grant's access token must be refreshed before the next call: it expires within
     * {@link #REFRESH_MARGIN} (or its expiry is unknown). A private app's token never is.
     */
    static boolean refreshDue(HubSpotGrant grant, Instant now) {
        if (grant.method() != TenantCredentials.Method.HUBSPOT_OAUTH) {
            return false;
        }
        return grant.expiresAt() == null || !now.isBefore(grant.expiresAt().minus(REFRESH_MARGIN));
    }

    private Optional<HubSpotGrant> grantOf(String tenantId) {
        return credentials.read(tenantId).map(TenantCredentials::hubSpot);
    }

    private HubSpotGrant refreshed(String tenantId) {
        synchronized (refreshLocks.computeIfAbsent(tenantId, t -> new Object())) {
            // A thread that waited here finds the grant the first one stored.
            TenantCredentials stored = credentials.readCurrent(tenantId).orElse(TenantCredentials.NONE);
            HubSpotGrant grant = stored.hubSpot();
            if (grant == null) {
                throw new IllegalStateException("tenant " + tenantId + ": HubSpot was disconnected");
            }
            if (!refreshDue(grant, clock.instant())) {
                return grant;
            }
            HubSpotGrant renewed = refresh(tenantId, grant);
            // Read again just before writing, so a Salesforce grant stored meanwhile is kept.
            credentials.write(tenantId, credentials.readCurrent(tenantId).orElse(stored).withHubSpot(renewed));
            LOG.infof("tenant %s: HubSpot access token refreshed for account %d, valid until %s", tenantId,
                    renewed.portalId(), renewed.expiresAt());
            return renewed;
        }
    }

    private HubSpotGrant refresh(String tenantId, HubSpotGrant grant) {
        String id = clientId.orElseThrow(() -> new IllegalStateException("crmsync.hubspot.client-id"
                + " (CRMSYNC_HUBSPOT_CLIENT_ID) is not set: tenant " + tenantId + "'s HubSpot token cannot be refreshed"));
        String secret = clientSecret.get().orElseThrow(() -> new IllegalStateException("crmsync.hubspot.client-secret"
                + " (CRMSYNC_HUBSPOT_CLIENT_SECRET) is not set: tenant " + tenantId
                + "'s HubSpot token cannot be refreshed"));
        Instant asked = clock.instant();
        Response response;
        try {
            response = oauth.refresh("refresh_token", id, secret, grant.refreshToken());
        } catch (ProcessingException e) {
            throw CrmUnavailableException.unreachable("HubSpot token refresh", e);
        }
        try (response) {
            int status = response.getStatus();
            if (status == 200) {
                HubSpotOAuthApi.TokenResponse token = response.readEntity(HubSpotOAuthApi.TokenResponse.class);
                String refreshToken = token.refreshToken() == null || token.refreshToken().isBlank()
                        ? grant.refreshToken() : token.refreshToken();
                return new HubSpotGrant(TenantCredentials.Method.HUBSPOT_OAUTH, token.accessToken(), refreshToken,
                        asked.plusSeconds(token.expiresIn()), grant.portalId(),
                        token.scopes() == null || token.scopes().isEmpty() ? grant.scopes() : token.scopes());
            }
            if (status >= 500 || status == 429) {
                throw new CrmUnavailableException("HubSpot token refresh answered " + status, null);
            }
            String refusal = refusalOf(response);
            if (status == 400 && ("BAD_REFRESH_TOKEN".equals(refusal) || "invalid_grant".equals(refusal))) {
                // The app was uninstalled or the token revoked: no retry helps until someone reconnects.
                suspensions.suspend(tenantId, REFRESH_REVOKED, clock.instant());
                LOG.warnf("tenant %s suspended: %s (HubSpot answered %d %s)", tenantId, REFRESH_REVOKED, status,
                        refusal);
                throw new IllegalStateException("tenant " + tenantId + ": " + REFRESH_REVOKED + " (HubSpot answered "
                        + status + " " + refusal + ")");
            }
            throw new IllegalStateException("tenant " + tenantId + ": HubSpot refused to refresh the access token ("
                    + status + " " + refusal + "); check crmsync.hubspot.client-id and client-secret");
        }
    }

    /** The refusal's name from HubSpot's OAuth error body (never its message, which could quote input). */
    private static String refusalOf(Response response) {
        try {
            return response.readEntity(HubSpotOAuthApi.TokenError.class).name();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
