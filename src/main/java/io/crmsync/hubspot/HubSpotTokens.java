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
import io.crmsync.sync.TenantSuspensions;

/**
 * The Authorization header every HubSpot adapter sends: the current tenant's grant ({@link TenantCalls#current()}),
 * an OAuth access token refreshed shortly before it expires or a private app's token; without a current tenant or
 * a stored HubSpot grant, the deployment-wide {@code crmsync.hubspot.access-token} (a local run, or a deployment
 * serving one account with a private app). That token and the app's client secret come from {@link AppSecrets} at
 * each use, so a rotated app secret is picked up without a restart.
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
    private final Optional<String> clientId;
    private final Supplier<Optional<String>> clientSecret;
    private final Clock clock;
    /** One lock per tenant, so the threads of one JVM that find a token due refresh it once. */
    private final ConcurrentHashMap<String, Object> refreshLocks = new ConcurrentHashMap<>();

    @Inject
    public HubSpotTokens(CredentialStore credentials, @RestClient HubSpotOAuthApi oauth, TenantCalls tenants,
            TenantSuspensions suspensions, AppSecrets secrets,
            @ConfigProperty(name = "crmsync.hubspot.client-id") Optional<String> clientId) {
        this(credentials, oauth, tenants, suspensions, secrets::hubSpotAccessToken, clientId,
                secrets::hubSpotClientSecret, Clock.systemUTC());
    }

    public HubSpotTokens(CredentialStore credentials, HubSpotOAuthApi oauth, TenantCalls tenants,
            TenantSuspensions suspensions, Optional<String> deploymentToken, Optional<String> clientId,
            Optional<String> clientSecret, Clock clock) {
        this(credentials, oauth, tenants, suspensions, () -> deploymentToken, clientId, () -> clientSecret, clock);
    }

    /** With the deployment token and client secret asked for at each use (from {@link AppSecrets}). */
    public HubSpotTokens(CredentialStore credentials, HubSpotOAuthApi oauth, TenantCalls tenants,
            TenantSuspensions suspensions, Supplier<Optional<String>> deploymentToken, Optional<String> clientId,
            Supplier<Optional<String>> clientSecret, Clock clock) {
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
     * @throws IllegalStateException when the tenant's refresh token is refused (the tenant is then suspended), the
     *         app's client id or secret is missing for a refresh, or no token applies at all
     * @throws CrmUnavailableException when HubSpot cannot be reached to refresh (retry later)
     */
    public String bearer() {
        Optional<String> tenant = tenants.current();
        Optional<HubSpotGrant> grant = tenant.flatMap(this::grantOf);
        if (grant.isEmpty()) {
            return "Bearer " + deploymentToken.get().orElseThrow(() -> new IllegalStateException(tenant
                    .map(t -> "tenant " + t + " has not connected HubSpot, and ").orElse("")
                    + "crmsync.hubspot.access-token (CRMSYNC_HUBSPOT_ACCESS_TOKEN) is not set"));
        }
        if (!refreshDue(grant.get(), clock.instant())) {
            return "Bearer " + grant.get().accessToken();
        }
        return "Bearer " + refreshed(tenant.get()).accessToken();
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
