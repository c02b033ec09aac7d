package io.crmsync.connect;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.crmsync.salesforce.JwtAssertion;
import io.crmsync.tenant.TenantCredentials.Method;
import io.crmsync.tenant.TenantCredentials.PendingConnection;
import io.crmsync.tenant.TenantCredentials.SalesforceGrant;
import io.crmsync.salesforce.SalesforceLoginApi.TokenResponse;
import io.crmsync.salesforce.SalesforceLogins;
import io.crmsync.salesforce.SalesforceSession;
import io.crmsync.secrets.AppSecrets;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.sync.IdentityFields;
import io.crmsync.sync.TenantSuspensions;
import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantCredentials;

/**
 * Connects a tenant's Salesforce org: the OAuth 2.0 web-server flow with PKCE ({@link #authorizeUrl}, then the
 * callback's {@link #finish}) at login.salesforce.com, or test.salesforce.com for a sandbox org, and the JWT
 * bearer flow for headless setups ({@link #connectJwtBearer}). The grant goes to the tenant's secret
 * ({@link CredentialStore}), the org id to the tenant; an org already connected to another tenant is refused.
 * Every refusal is a {@link ConnectException} fit to show the user; none carries a token, code or key.
 */
@ApplicationScoped
public class SalesforceConnector implements OAuthCallback {

    private static final Logger LOG = Logger.getLogger(SalesforceConnector.class);

    public static final String CRM = "salesforce";
    /** How long the user has between being sent to Salesforce and coming back. */
    public static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    /** API access, and a refresh token so crmsync keeps access while nobody is logged in. */
    static final String SCOPE = "api refresh_token";
    /** The identity URL's path: {@code /id/<orgId>/<userId>} with 15- or 18-character ids. */
    private static final Pattern IDENTITY = Pattern.compile(
            "/id/(00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)/(005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)/?$");

    /**
     * @param productionLoginUrl login host for production orgs (https://login.salesforce.com)
     * @param sandboxLoginUrl    login host for sandbox orgs (https://test.salesforce.com)
     * @param clientId           the deployment's connected app, used when a connect call names none
     * @param clientSecrets      its consumer secret, likewise; asked for at each use ({@link AppSecrets}), so a
     *                           rotated secret is used once it is read
     */
    public record Settings(String productionLoginUrl, String sandboxLoginUrl, Optional<String> clientId,
            Supplier<Optional<String>> clientSecrets) {

        public Settings {
            productionLoginUrl = withoutTrailingSlash(productionLoginUrl);
            sandboxLoginUrl = withoutTrailingSlash(sandboxLoginUrl);
            clientId = clientId.filter(s -> !s.isBlank());
        }

        /** With a fixed consumer secret. */
        public Settings(String productionLoginUrl, String sandboxLoginUrl, Optional<String> clientId,
                Optional<String> clientSecret) {
            this(productionLoginUrl, sandboxLoginUrl, clientId, () -> clientSecret);
        }

        /** The deployment's consumer secret now, if there is one. */
        public Optional<String> clientSecret() {
            return clientSecrets.get().filter(s -> !s.isBlank());
        }

        @Override
        public String toString() {
            return "Settings[" + productionLoginUrl + ", " + sandboxLoginUrl + ", client " + clientId.orElse("none")
                    + "]";
        }
    }

    private final CredentialStore credentials;
    private final DynamoTenantDirectory tenants;
    private final TenantSuspensions suspensions;
    private final SalesforceLogins logins;
    private final SalesforceSession sessions;
    private final Settings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final IdentityFields identity;

    @Inject
    SalesforceConnector(CredentialStore credentials, DynamoTenantDirectory tenants, TenantSuspensions suspensions,
            SalesforceLogins logins, SalesforceSession sessions, IdentityFields identity,
            @ConfigProperty(name = "crmsync.salesforce.production-login-url",
                    defaultValue = "https://login.salesforce.com") String productionLoginUrl,
            @ConfigProperty(name = "crmsync.salesforce.sandbox-login-url",
                    defaultValue = "https://test.salesforce.com") String sandboxLoginUrl,
            @ConfigProperty(name = "crmsync.salesforce.client-id") Optional<String> clientId,
            AppSecrets secrets) {
        // The table itself, not the cache: the org is claimed there, and the tenant read as it is now.
        this(credentials, tenants, suspensions, logins, sessions, new Settings(productionLoginUrl,
                sandboxLoginUrl, clientId, secrets::salesforceClientSecret), Clock.systemUTC(), new SecureRandom(),
                identity);
    }

    /**
     * @param identity the id-field claims: at connect, the tenants already on the org keep their fields and this
     *        tenant is told which of its own are taken
     */
    public SalesforceConnector(CredentialStore credentials, DynamoTenantDirectory tenants,
            TenantSuspensions suspensions, SalesforceLogins logins, SalesforceSession sessions, Settings settings,
            Clock clock, SecureRandom random, IdentityFields identity) {
        this.identity = identity;
        this.credentials = credentials;
        this.tenants = tenants;
        this.suspensions = suspensions;
        this.logins = logins;
        this.sessions = sessions;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public String crm() {
        return CRM;
    }

    /**
     * Starts the web-server flow: a fresh PKCE verifier and state are kept as the tenant's pending connection for
     * {@link #PENDING_LIFETIME}, and the user is to be sent to the returned URL.
     *
     * @param sandboxOrg   the user says the org is a sandbox: test.salesforce.com instead of login.salesforce.com
     * @param clientId     the connected app's consumer key; null for the deployment's
     * @param clientSecret its consumer secret; null for the deployment's
     * @param redirectUri  the callback URL, exactly as in the connected app
     */
    public URI authorizeUrl(String tenantId, boolean sandboxOrg, String clientId, String clientSecret,
            URI redirectUri) {
        requireTenant(tenantId);
        if (redirectUri == null || !redirectUri.isAbsolute()) {
            throw new ConnectException("The Salesforce callback URL must be an absolute URL");
        }
        String consumerKey = clientIdOrDefault(clientId);
        String consumerSecret = Optional.ofNullable(clientSecret).filter(s -> !s.isBlank())
                .or(settings::clientSecret).orElseThrow(() -> new ConnectException("Connecting Salesforce needs the"
                        + " connected app's consumer secret: give it, or set crmsync.salesforce.client-secret"));
        String loginUrl = loginUrl(sandboxOrg);
        Pkce pkce = Pkce.generate(random);
        OAuthState state = OAuthState.fresh(tenantId, random);
        TenantCredentials stored = credentials.readCurrent(tenantId).orElse(TenantCredentials.NONE);
        credentials.write(tenantId, stored.withPending(new PendingConnection(CRM, state.value(), pkce.verifier(),
                loginUrl, consumerKey, consumerSecret, clock.instant().plus(PENDING_LIFETIME),
                redirectUri.toString())));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", consumerKey);
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", SCOPE);
        query.put("state", state.value());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", Pkce.METHOD);
        return URI.create(loginUrl + "/services/oauth2/authorize?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
    }

    /**
     * The callback: checks the state against the tenant's pending connection (which it ends: a state works
     * once), exchanges the code with the PKCE verifier, and stores the grant for the org the token names.
     */
    @Override
    public String finish(String state, String code) {
        OAuthState returned = OAuthState.parse(state).orElseThrow(SalesforceConnector::unknownConnection);
        String tenantId = returned.tenantId();
        TenantCredentials stored = credentials.readCurrent(tenantId).orElseThrow(SalesforceConnector::unknownConnection);
        PendingConnection pending = stored.pending();
        if (pending == null || !CRM.equals(pending.crm()) || !returned.matches(pending.state())) {
            // A forged or stale state leaves a genuine connection in progress alone.
            throw unknownConnection();
        }
        credentials.write(tenantId, stored.withPending(null));
        if (!clock.instant().isBefore(pending.expiresAt())) {
            throw new ConnectException("This Salesforce connection expired (it must be finished within "
                    + PENDING_LIFETIME.toMinutes() + " minutes): start connecting again");
        }
        if (code == null || code.isBlank()) {
            throw new ConnectException("Salesforce sent no authorization code back: start connecting again");
        }
        SalesforceLogins.Outcome outcome = logins.authorizationCode(pending.loginUrl(), code, pending.clientId(),
                pending.clientSecret(), pending.redirectUri(), pending.codeVerifier());
        if (outcome instanceof SalesforceLogins.Refused refused) {
            throw new ConnectException("Salesforce refused the authorization code (" + refused.reason()
                    + "): start connecting again");
        }
        TokenResponse token = ((SalesforceLogins.Granted) outcome).token();
        if (!signatureHolds(pending.clientSecret(), token)) {
            throw new ConnectException("Salesforce's token answer failed its signature check: start connecting again");
        }
        if (token.refreshToken() == null || token.refreshToken().isBlank()) {
            throw new ConnectException("Salesforce issued no refresh token: give the connected app the"
                    + " \"refresh_token, offline_access\" scope, then connect again");
        }
        String orgId = orgIdOf(token.id());
        return connected(tenantId, new SalesforceGrant(Method.SALESFORCE_WEB_SERVER, pending.loginUrl(),
                token.instanceUrl(), orgId, pending.clientId(), pending.clientSecret(), null, null,
                token.refreshToken(), null, issuedAt(token)));
    }

    /**
     * Connects headless with the JWT bearer flow: signs an assertion with the key of the connected app's
     * certificate, asks Salesforce for a session to prove it works, and stores the grant (a new assertion is
     * signed at every login).
     *
     * @param clientId      the connected app's consumer key; null for the deployment's
     * @param username      the integration user, pre-authorized for the app
     * @param privateKeyPem the certificate's RSA private key, PKCS#8 PEM
     * @return what to tell the user, naming the org and tenant
     */
    public String connectJwtBearer(String tenantId, boolean sandboxOrg, String clientId, String username,
            String privateKeyPem) {
        requireTenant(tenantId);
        String consumerKey = clientIdOrDefault(clientId);
        if (username == null || username.isBlank()) {
            throw new ConnectException("The JWT bearer flow needs the integration user's Salesforce username");
        }
        PrivateKey key;
        try {
            key = JwtAssertion.privateKey(privateKeyPem);
        } catch (IllegalArgumentException e) {
            throw new ConnectException(e.getMessage());
        }
        String loginUrl = loginUrl(sandboxOrg);
        String assertion = JwtAssertion.sign(consumerKey, username, loginUrl, clock.instant(), key);
        SalesforceLogins.Outcome outcome = logins.jwtBearer(loginUrl, assertion);
        if (outcome instanceof SalesforceLogins.Refused refused) {
            throw new ConnectException("Salesforce refused the JWT bearer login for " + username + " at " + loginUrl
                    + " (" + refused.reason() + "): check the consumer key, the app's certificate, that the user is"
                    + " pre-authorized for the app and that the org is " + (sandboxOrg ? "a sandbox" : "not a sandbox"));
        }
        TokenResponse token = ((SalesforceLogins.Granted) outcome).token();
        String orgId = orgIdOf(token.id());
        return connected(tenantId, new SalesforceGrant(Method.SALESFORCE_JWT_BEARER, loginUrl, token.instanceUrl(),
                orgId, consumerKey, null, username, privateKeyPem, null, null, issuedAt(token)));
    }

    /** Stores the grant, records the org on the tenant, lifts a suspension the old grant caused. */
    private String connected(String tenantId, SalesforceGrant grant) {
        TenantCredentials stored = credentials.readCurrent(tenantId).orElse(TenantCredentials.NONE);
        credentials.write(tenantId, stored.withSalesforce(grant));
        if (!tenants.registerSalesforceOrg(requireTenant(tenantId), grant.orgId())) {
            throw new ConnectException("There is no tenant " + tenantId);
        }
        suspensions.clear(tenantId);
        sessions.forget(tenantId);
        LOG.infof("tenant %s: Salesforce org %s connected (%s at %s)", tenantId, grant.orgId(), grant.method(),
                grant.loginUrl());
        // Read once, for the advice and for the id-field claims of the tenants already there.
        List<Tenant> onOrg = tenants.tenantsOnOrg(grant.orgId());
        List<String> others = onOrg.stream().map(Tenant::id).filter(id -> !id.equals(tenantId)).toList();
        return "Salesforce org " + grant.orgId() + " is connected to tenant " + tenantId + sharedOrgAdvice(others)
                + IdentityFields.joinNotice(identity.join(tenantId, grant.orgId(), onOrg));
    }

    /**
     * What a tenant joining an org other tenants are on is told: HubSpot's advice for several HubSpot accounts on one
     * org. Each HubSpot portal is its own tenant with its own settings; with "create or update the contact", every
     * Lead or Contact another portal creates in the org becomes a contact in this portal too.
     */
    static String sharedOrgAdvice(List<String> others) {
        return others.isEmpty() ? "" : ". The org is shared with tenant" + (others.size() == 1 ? " " : "s ")
                + String.join(", ", others) + " (another HubSpot portal each): as HubSpot advises for several"
                + " HubSpot accounts on one org, set this tenant's salesforceToHubSpot to DO_NOTHING (\"Don't"
                + " automatically create HubSpot contacts\") unless this portal should get a contact for every Lead"
                + " and Contact created in the org, those the other portals create included";
    }

    private Tenant requireTenant(String tenantId) {
        if (tenantId == null || tenantId.isBlank()) {
            throw new ConnectException("No tenant given");
        }
        return tenants.byId(tenantId).orElseThrow(() -> new ConnectException("There is no tenant " + tenantId));
    }

    private String clientIdOrDefault(String clientId) {
        return Optional.ofNullable(clientId).filter(s -> !s.isBlank()).or(settings::clientId)
                .orElseThrow(() -> new ConnectException("Connecting Salesforce needs the connected app's consumer"
                        + " key: give it, or set crmsync.salesforce.client-id"));
    }

    String loginUrl(boolean sandboxOrg) {
        return sandboxOrg ? settings.sandboxLoginUrl() : settings.productionLoginUrl();
    }

    private static ConnectException unknownConnection() {
        return new ConnectException("This Salesforce connection is unknown or was already finished: start"
                + " connecting again");
    }

    /** The org id (00D…) in the token's identity URL, {@code https://login.salesforce.com/id/<org>/<user>}. */
    static String orgIdOf(String identityUrl) {
        Matcher matcher;
        try {
            matcher = identityUrl == null ? null : IDENTITY.matcher(String.valueOf(URI.create(identityUrl).getPath()));
        } catch (IllegalArgumentException e) {
            matcher = null;
        }
        if (matcher == null || !matcher.find()) {
            throw new ConnectException("Salesforce's token answer names no org (identity URL " + identityUrl + ")");
        }
        return matcher.group(1);
    }

    /**
     * Salesforce signs each token answer: Base64(HMAC-SHA256(consumer secret, id + issued_at)). A mismatch means
     * the identity URL (and so the org) cannot be trusted; an answer without a signature is taken as it is.
     */
    static boolean signatureHolds(String clientSecret, TokenResponse token) {
        if (token.signature() == null || clientSecret == null) {
            return true;
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = hmac.doFinal((token.id() + token.issuedAt()).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(token.signature()));
        } catch (IllegalArgumentException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private Instant issuedAt(TokenResponse token) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(token.issuedAt()));
        } catch (NumberFormatException | NullPointerException e) {
            return clock.instant();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String withoutTrailingSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
