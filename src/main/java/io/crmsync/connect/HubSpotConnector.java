package io.crmsync.connect;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.crmsync.tenant.TenantCredentials.HubSpotGrant;
import io.crmsync.tenant.TenantCredentials.Method;
import io.crmsync.tenant.TenantCredentials.PendingConnection;
import io.crmsync.hubspot.HubSpotAccountApi;
import io.crmsync.hubspot.HubSpotOAuthApi;
import io.crmsync.hubspot.HubSpotTokenInfoApi;
import io.crmsync.secrets.AppSecrets;
import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.TenantCredentials;

/**
 * Connects a tenant to its HubSpot account: the app's OAuth 2.0 install (install URL → the user approves in
 * HubSpot → {@link #finish} with the code), or a private app's access token ({@link #connectPrivateApp}). Either
 * way the grant goes to the tenant's secret and the account id to the tenant, refused when the account already
 * belongs to another tenant.
 */
@ApplicationScoped
public class HubSpotConnector implements OAuthCallback {

    public static final String CRM = "hubspot";

    /**
     * What crmsync asks HubSpot for at install; HubSpot answers a call outside them with 403 MISSING_SCOPES. The
     * app in HubSpot's developer account must declare exactly these as required scopes.
     */
    public static final List<String> SCOPES = List.of(
            // Every app has it; the token metadata read at install needs nothing else.
            "oauth",
            // Contacts, and the engagements crmsync reads and writes (tasks, calls, emails, meetings, notes):
            // HubSpot's engagement APIs require the contact scopes.
            "crm.objects.contacts.read", "crm.objects.contacts.write",
            "crm.objects.companies.read", "crm.objects.companies.write",
            "crm.objects.deals.read", "crm.objects.deals.write",
            // Property definitions the mappings name, and crmsync's own id property and property group, which it
            // creates on first use (engagement properties fall under the contact schema scope, as their objects do).
            "crm.schemas.contacts.read", "crm.schemas.contacts.write",
            "crm.schemas.companies.read", "crm.schemas.companies.write",
            "crm.schemas.deals.read", "crm.schemas.deals.write",
            // Inclusion lists: which contacts sync at all.
            "crm.lists.read",
            // Owner mapping between HubSpot owners and Salesforce users.
            "crm.objects.owners.read");

    /**
     * Asked for but not required: without it HubSpot redacts the bodies of logged emails, and the timeline sync to
     * Salesforce carries their subjects only. Declared as an optional scope on the app.
     */
    public static final List<String> OPTIONAL_SCOPES = List.of("sales-email-read");

    /** How long the install link stays good: the user approves in HubSpot within minutes or starts again. */
    static final Duration PENDING_FOR = Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(HubSpotConnector.class);

    private final CredentialStore credentials;
    private final HubSpotPortals portals;
    private final HubSpotOAuthApi oauth;
    private final HubSpotTokenInfoApi tokenInfo;
    private final HubSpotAccountApi account;
    private final Optional<String> clientId;
    /** From {@link AppSecrets} at each use: a rotated client secret is used once it is read. */
    private final Supplier<Optional<String>> clientSecret;
    private final URI authorizeUrl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public HubSpotConnector(CredentialStore credentials, HubSpotPortals portals, @RestClient HubSpotOAuthApi oauth,
            @RestClient HubSpotTokenInfoApi tokenInfo, @RestClient HubSpotAccountApi account,
            @ConfigProperty(name = "crmsync.hubspot.client-id") Optional<String> clientId,
            AppSecrets secrets, @ConfigProperty(name = "crmsync.hubspot.oauth-url") URI authorizeUrl) {
        this(credentials, portals, oauth, tokenInfo, account, clientId, secrets::hubSpotClientSecret, authorizeUrl,
                Clock.systemUTC());
    }

    public HubSpotConnector(CredentialStore credentials, HubSpotPortals portals, HubSpotOAuthApi oauth,
            HubSpotTokenInfoApi tokenInfo, HubSpotAccountApi account, Optional<String> clientId,
            Optional<String> clientSecret, URI authorizeUrl, Clock clock) {
        this(credentials, portals, oauth, tokenInfo, account, clientId, () -> clientSecret, authorizeUrl, clock);
    }

    public HubSpotConnector(CredentialStore credentials, HubSpotPortals portals, HubSpotOAuthApi oauth,
            HubSpotTokenInfoApi tokenInfo, HubSpotAccountApi account, Optional<String> clientId,
            Supplier<Optional<String>> clientSecret, URI authorizeUrl, Clock clock) {
        this.credentials = credentials;
        this.portals = portals;
        this.oauth = oauth;
        this.tokenInfo = tokenInfo;
        this.account = account;
        this.clientId = clientId.filter(s -> !s.isBlank());
        this.clientSecret = () -> clientSecret.get().filter(s -> !s.isBlank());
        this.authorizeUrl = authorizeUrl;
        this.clock = clock;
    }

    @Override
    public String crm() {
        return CRM;
    }

    /**
     * The URL that installs crmsync's app in the tenant's HubSpot account. Starts a connection: a fresh
     * unguessable state is kept with the tenant's credentials for {@link #PENDING_FOR}, replacing any connection
     * being made, and the browser must come back to {@code redirectUri} with it.
     *
     * @throws ConnectException when there is no such tenant
     */
    public URI installUrl(String tenantId, URI redirectUri) {
        String id = clientId();
        clientSecret(); // needed at the callback: fail now, before the user goes to HubSpot for nothing
        requireTenantId(tenantId);
        if (redirectUri == null || !redirectUri.isAbsolute()) {
            throw new ConnectException("The redirect URI must be an absolute URL, was " + redirectUri);
        }
        portals.portalOf(tenantId);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = tenantId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        TenantCredentials stored = credentials.readCurrent(tenantId).orElse(TenantCredentials.NONE);
        credentials.write(tenantId, stored.withPending(new PendingConnection(CRM, state, null, null, null, null,
                clock.instant().plus(PENDING_FOR), redirectUri.toString())));
        return URI.create(authorizeUrl + "?client_id=" + encode(id) + "&redirect_uri=" + encode(redirectUri.toString())
                + "&scope=" + encode(String.join(" ", SCOPES)) + "&optional_scope="
                + encode(String.join(" ", OPTIONAL_SCOPES)) + "&state=" + encode(state));
    }

    /**
     * The install's callback: checks {@code state} against the tenant's pending connection, exchanges
     * {@code code} for tokens, reads which account they are for, registers the account with the tenant and stores
     * the grant.
     *
     * @throws ConnectException unknown, replaced, used or expired state; a code HubSpot refuses; an account that
     *         belongs to another tenant
     */
    @Override
    public String finish(String state, String code) {
        String tenantId = tenantOfState(state);
        TenantCredentials stored = credentials.readCurrent(tenantId).orElse(TenantCredentials.NONE);
        PendingConnection pending = stored.pending();
        if (pending == null || !CRM.equals(pending.crm())) {
            throw new ConnectException("No HubSpot connection is being made for tenant " + tenantId
                    + " (this link was used already or never started): start connecting HubSpot again");
        }
        if (!sameSecret(pending.state(), state)) {
            throw new ConnectException("This HubSpot connection link is not the one crmsync started for tenant "
                    + tenantId + " (a newer one replaced it, or it was altered): start connecting HubSpot again");
        }
        if (!clock.instant().isBefore(pending.expiresAt())) {
            credentials.write(tenantId, stored.withPending(null));
            throw new ConnectException("The HubSpot connection for tenant " + tenantId + " expired after "
                    + PENDING_FOR.toMinutes() + " minutes: start connecting HubSpot again");
        }
        if (code == null || code.isBlank()) {
            throw new ConnectException("HubSpot sent no authorization code back: start connecting HubSpot again");
        }
        Instant asked = clock.instant();
        HubSpotOAuthApi.TokenResponse tokens = exchange(code, pending.redirectUri());
        HubSpotTokenInfoApi.TokenInfo info = infoOf(tokens.accessToken());
        claim(tenantId, info.hubId());
        List<String> scopes = info.scopes() == null || info.scopes().isEmpty() ? tokens.scopes() : info.scopes();
        HubSpotGrant grant = new HubSpotGrant(Method.HUBSPOT_OAUTH, tokens.accessToken(), tokens.refreshToken(),
                asked.plusSeconds(tokens.expiresIn()), info.hubId(), scopes);
        credentials.write(tenantId, credentials.readCurrent(tenantId).orElse(stored).withHubSpot(grant).withPending(null));
        LOG.infof("tenant %s: HubSpot account %d connected by OAuth install", tenantId, info.hubId());
        return connected(info.hubId(), tenantId);
    }

    /**
     * Connects with a private app's access token (HubSpot → Settings → Integrations → Private apps): checks it
     * with one call that names its account, registers the account with the tenant and stores the token.
     *
     * @return what to tell the user, naming the account and tenant
     * @throws ConnectException a token HubSpot refuses, an account that belongs to another tenant, no such tenant
     */
    public String connectPrivateApp(String tenantId, String token) {
        requireTenantId(tenantId);
        if (token == null || token.isBlank()) {
            throw new ConnectException("The private app access token is empty");
        }
        String trimmed = token.strip();
        portals.portalOf(tenantId);
        long portalId = accountOf(trimmed);
        claim(tenantId, portalId);
        TenantCredentials stored = credentials.readCurrent(tenantId).orElse(TenantCredentials.NONE);
        TenantCredentials updated = stored.withHubSpot(new HubSpotGrant(Method.HUBSPOT_PRIVATE_APP, trimmed, null,
                null, portalId, List.of()));
        if (updated.pending() != null && CRM.equals(updated.pending().crm())) {
            updated = updated.withPending(null); // an unfinished install is moot now
        }
        credentials.write(tenantId, updated);
        LOG.infof("tenant %s: HubSpot account %d connected with a private app token", tenantId, portalId);
        return connected(portalId, tenantId);
    }

    private static String connected(long portalId, String tenantId) {
        return "HubSpot account " + portalId + " is connected to tenant " + tenantId;
    }

    /**
     * The account may be this tenant's (again) or nobody's yet; a tenant keeps the account it synced with. Whether
     * it is nobody's is decided by the claim {@link HubSpotPortals#assign} writes under a condition, not by a read.
     */
    private void claim(String tenantId, long portalId) {
        OptionalLong current = portals.portalOf(tenantId);
        if (current.isPresent() && current.getAsLong() != portalId) {
            throw new ConnectException("Tenant " + tenantId + " syncs HubSpot account " + current.getAsLong()
                    + ", not " + portalId + ": sign in to that account when connecting, or create a new tenant for"
                    + " this one");
        }
        if (current.isEmpty()) {
            portals.assign(tenantId, portalId);
        }
    }

    private HubSpotOAuthApi.TokenResponse exchange(String code, String redirectUri) {
        if (redirectUri == null) {
            throw new ConnectException("The pending HubSpot connection has no redirect URI: start connecting again");
        }
        Response response;
        try {
            response = oauth.exchangeCode("authorization_code", clientId(), clientSecret(), redirectUri, code);
        } catch (ProcessingException e) {
            throw new ConnectException("HubSpot could not be reached to finish the connection ("
                    + e.getClass().getSimpleName() + "): try the link again");
        }
        try (response) {
            int status = response.getStatus();
            if (status == 200) {
                HubSpotOAuthApi.TokenResponse tokens = response.readEntity(HubSpotOAuthApi.TokenResponse.class);
                if (tokens.accessToken() == null || tokens.refreshToken() == null) {
                    throw new ConnectException("HubSpot's token answer lacks a token: start connecting HubSpot again");
                }
                return tokens;
            }
            if (status >= 500 || status == 429) {
                throw new ConnectException("HubSpot answered " + status + " to the code exchange: try the link again");
            }
            String refusal = refusalOf(response);
            if ("BAD_AUTH_CODE".equals(refusal) || "EXPIRED_AUTH_CODE".equals(refusal)
                    || "invalid_grant".equals(refusal)) {
                throw new ConnectException("HubSpot refused the authorization code (" + refusal
                        + "): it was used already or is too old; start connecting HubSpot again");
            }
            throw new ConnectException("HubSpot refused the code exchange (" + status + " " + refusal
                    + "): check crmsync.hubspot.client-id, client-secret and the app's redirect URL");
        }
    }

    /** The token's account and scopes; the token is in the path of this call, so no failure quotes the request. */
    private HubSpotTokenInfoApi.TokenInfo infoOf(String accessToken) {
        Response response;
        try {
            response = tokenInfo.accessTokenInfo(accessToken);
        } catch (ProcessingException e) {
            throw new ConnectException("HubSpot could not be reached to read the new token's account ("
                    + e.getClass().getSimpleName() + "): start connecting HubSpot again");
        }
        try (response) {
            if (response.getStatus() != 200) {
                throw new ConnectException("HubSpot answered " + response.getStatus()
                        + " when asked which account the new token is for: start connecting HubSpot again");
            }
            HubSpotTokenInfoApi.TokenInfo info = response.readEntity(HubSpotTokenInfoApi.TokenInfo.class);
            if (info.hubId() <= 0) {
                throw new ConnectException("HubSpot named no account for the new token: start connecting again");
            }
            return info;
        }
    }

    private long accountOf(String privateAppToken) {
        Response response;
        try {
            response = account.details("Bearer " + privateAppToken);
        } catch (ProcessingException e) {
            throw new ConnectException("HubSpot could not be reached to check the private app token ("
                    + e.getClass().getSimpleName() + "): try again");
        }
        try (response) {
            int status = response.getStatus();
            if (status == 200) {
                long portalId = response.readEntity(HubSpotAccountApi.AccountDetails.class).portalId();
                if (portalId <= 0) {
                    throw new ConnectException("HubSpot named no account for the private app token");
                }
                return portalId;
            }
            if (status == 401) {
                throw new ConnectException("HubSpot does not accept this private app access token (401): copy it"
                        + " again from the private app's Auth tab");
            }
            throw new ConnectException("HubSpot answered " + status + " when checking the private app token"
                    + (status == 403 ? ": the private app lacks a scope crmsync needs" : ""));
        }
    }

    private String tenantOfState(String state) {
        int dot = state == null ? -1 : state.indexOf('.');
        if (dot <= 0 || dot == state.length() - 1) {
            throw new ConnectException("This HubSpot connection link is not one crmsync made: start connecting"
                    + " HubSpot again");
        }
        return state.substring(0, dot);
    }

    private static boolean sameSecret(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static void requireTenantId(String tenantId) {
        if (tenantId == null || tenantId.isBlank() || tenantId.contains(".")) {
            throw new ConnectException("A tenant id is required (and cannot contain '.'), was '" + tenantId + "'");
        }
    }

    private String clientId() {
        return clientId.orElseThrow(() -> new IllegalStateException(
                "crmsync.hubspot.client-id (CRMSYNC_HUBSPOT_CLIENT_ID) is not set: the HubSpot app's client id"));
    }

    private String clientSecret() {
        return clientSecret.get().orElseThrow(() -> new IllegalStateException(
                "crmsync.hubspot.client-secret (CRMSYNC_HUBSPOT_CLIENT_SECRET) is not set: the HubSpot app's"
                        + " client secret"));
    }

    /** The refusal's name only: HubSpot's message could quote what was sent. */
    private static String refusalOf(Response response) {
        try {
            return response.readEntity(HubSpotOAuthApi.TokenError.class).name();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
