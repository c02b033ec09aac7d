package io.crmsync.salesforce;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.crmsync.budget.Crm;
import io.crmsync.budget.RetryPolicy;
import io.crmsync.budget.TenantCalls;
import io.crmsync.crmhttp.CrmRetries;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.crmhttp.CrmCallFilter;
import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.TenantCredentials;
import io.crmsync.tenant.TenantCredentials.SalesforceGrant;
import io.crmsync.secrets.AppSecrets;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.TenantNotConnectedException;
import io.crmsync.tenant.SingleTenantMode;
import io.crmsync.sync.TenantSuspensions;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * The current tenant's Salesforce session ({@link TenantCalls#current()}): an access token and a REST client on
 * its org's instance URL, obtained once per tenant and renewed when Salesforce answers 401. A tenant with a stored
 * grant logs in with it: the web-server flow's refresh token, or a fresh JWT bearer assertion, at the grant's own
 * login host. A tenant that connected no org of its own is not served ({@link TenantNotConnectedException}) and no
 * call is made outside a tenant: the deployment's connected app logs in by itself (client-credentials flow) only for
 * {@code make run}'s single-tenant mode ({@link SingleTenantMode}). A grant Salesforce refuses for good
 * (invalid_grant: revoked, expired, user deactivated) suspends the tenant with the reason; the worker retries it as
 * any refused login.
 */
@ApplicationScoped
public class SalesforceSession {

    private static final Logger LOG = Logger.getLogger(SalesforceSession.class);

    /** The suspension of a tenant whose web-server-flow refresh token Salesforce refuses. */
    public static final String REFRESH_TOKEN_REFUSED =
            "Salesforce refresh token revoked or expired: reconnect Salesforce";

    /** The suspension of a tenant whose JWT bearer login Salesforce refuses (user deactivated, app blocked …). */
    public static String jwtBearerRefused(String username) {
        return "Salesforce JWT bearer login refused for user " + username + ": reconnect Salesforce";
    }

    private final SalesforceLoginApi login;
    private final SalesforceLogins logins;
    private final CredentialStore credentials;
    private final TenantCalls tenants;
    private final TenantSuspensions suspensions;
    private final Clock clock;
    private final Optional<String> clientId;
    /** The deployment's consumer secret, from {@link AppSecrets} at each login (a rotation is seen once read). */
    private final AppSecrets secrets;
    private final CrmRetries retries;
    private final SingleTenantMode singleTenant;
    /** Tenant id → its session. */
    private final Map<String, Current> sessions = new ConcurrentHashMap<>();
    /** One login at a time per tenant, without holding up the others. */
    private final Map<String, Object> loginLocks = new ConcurrentHashMap<>();
    /** Instance URL → its REST client, reused across tokens and tenants of one org. */
    private final Map<String, SalesforceDataApi> dataClients = new ConcurrentHashMap<>();

    private final String version;
    /** Names the tenant in every call's Sforce-Call-Options, so change events tell whose write it was. */
    private final io.crmsync.crm.OwnWriteMark ownWrites;

    /**
     * A token and the client bound to the instance URL that came with it, with what every data call sends: the
     * API version and the call options naming crmsync (so its own changes can be told apart in CDC events).
     * {@link #toString()} leaves the token out.
     */
    public record Current(String authorization, String instanceUrl, SalesforceDataApi api, String version,
            String callOptions, String userId) {

        /** The same session, its calls carrying the tenant's own-write mark. */
        Current markedFor(String tenantCallOptions) {
            return new Current(authorization, instanceUrl, api, version, tenantCallOptions, userId);
        }

        @Override
        public String toString() {
            return "Current[" + instanceUrl + ", " + version + "]";
        }
    }

    @Inject
    public SalesforceSession(@RestClient SalesforceLoginApi login, SalesforceLogins logins,
            CredentialStore credentials, TenantCalls tenants, TenantSuspensions suspensions,
            @ConfigProperty(name = "crmsync.salesforce.client-id") Optional<String> clientId,
            AppSecrets secrets,
            @ConfigProperty(name = "crmsync.salesforce.api-version") String version,
            @ConfigProperty(name = "crmsync.salesforce.call-client-id") String callClientId, CrmRetries retries,
            SingleTenantMode singleTenant) {
        this.retries = retries;
        this.singleTenant = singleTenant;
        this.login = login;
        this.logins = logins;
        this.credentials = credentials;
        this.tenants = tenants;
        this.suspensions = suspensions;
        this.clock = Clock.systemUTC();
        this.clientId = clientId;
        this.secrets = secrets;
        this.version = version;
        this.ownWrites = new io.crmsync.crm.OwnWriteMark(callClientId);
    }

    /** Every row a SOQL query answers, following {@code nextRecordsUrl} (query, then queryMore) to the end. */
    public java.util.List<java.util.Map<String, Object>> queryAll(String what, String soql) {
        java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        SalesforceDataApi.QueryResult page = call(what, s -> s.api().query(s.version(), soql, s.authorization(),
                s.callOptions()), r -> r.readEntity(SalesforceDataApi.QueryResult.class));
        while (true) {
            if (page.records() != null) {
                rows.addAll(page.records());
            }
            if (page.done() || page.nextRecordsUrl() == null) {
                return rows;
            }
            String locator = page.nextRecordsUrl().substring(page.nextRecordsUrl().lastIndexOf('/') + 1);
            page = call(what, s -> s.api().queryMore(s.version(), locator, s.authorization(), s.callOptions()),
                    r -> r.readEntity(SalesforceDataApi.QueryResult.class));
        }
    }

    /**
     * The current tenant's session, logging in first if this instance has none for it.
     *
     * @throws IllegalStateException when no tenant is current
     * @throws TenantNotConnectedException when the tenant holds no Salesforce grant (its sync pauses until connected)
     */
    public Current current() {
        // Outside any tenant only the single-tenant mode (make run) calls, as its one tenant.
        return sessionOf(tenants.current().or(singleTenant::tenantId).orElseThrow(() -> new IllegalStateException(
                "a Salesforce call outside any tenant: crmsync calls Salesforce only for a tenant, with its own grant")));
    }

    private Current sessionOf(String tenant) {
        Current session = sessions.get(tenant);
        if (session != null) {
            return session;
        }
        synchronized (loginLocks.computeIfAbsent(tenant, k -> new Object())) {
            session = sessions.get(tenant);
            if (session == null) {
                session = logIn(tenant).markedFor(ownWrites.callOptions(tenant));
                sessions.put(tenant, session);
            }
            return session;
        }
    }

    /**
     * One REST call with Salesforce's failure semantics, shared by every Salesforce adapter: a 401 renews the
     * token once; 5xx, 429 and transient error codes become {@link CrmUnavailableException} (retry later); any
     * other non-2xx status is a fault of setup or code and fails loudly.
     *
     * @param what names the call in error messages (never carries record data)
     */
    public <T> T call(String what, java.util.function.Function<Current, Response> request,
            java.util.function.Function<Response, T> read) {
        return call(what, RetryPolicy.Call.REPEATABLE, request, read);
    }

    /**
     * As {@link #call(String, java.util.function.Function, java.util.function.Function)}, retried inside the call
     * as {@code kind} allows ({@link CrmRetries}): reads and writes by id or external id are repeatable, creates not.
     */
    public <T> T call(String what, RetryPolicy.Call kind, java.util.function.Function<Current, Response> request,
            java.util.function.Function<Response, T> read) {
        for (int attempt = 1;; attempt++) {
            Current s = current();
            Response response;
            try {
                response = retries.send(Crm.SALESFORCE, kind, () -> request.apply(s));
            } catch (ProcessingException e) {
                throw CrmUnavailableException.unreachable("Salesforce", e);
            }
            try (response) {
                int status = response.getStatus();
                if (status == 401 && attempt == 1) {
                    invalidate(s);
                    continue;
                }
                if (status >= 200 && status < 300) {
                    return read.apply(response);
                }
                String code = firstErrorCode(response);
                orgWideRefusal(status, code).ifPresent(suspension -> {
                    // The whole org refuses every integration: pause this tenant instead of retrying into it.
                    throw new SyncPausedException("Salesforce answered " + status + " " + code + " to "
                            + what, java.time.Instant.now().plus(SUSPENSION_RECHECK), java.util.Optional.of(suspension));
                });
                if (status >= 500 || status == 429 || SalesforceErrors.TRANSIENT.contains(code)) {
                    throw new CrmUnavailableException("Salesforce answered " + status + " " + code + " to " + what, null);
                }
                if (status == 404) {
                    throw new NotFoundException("Salesforce answered 404 " + code + " to " + what);
                }
                throw new IllegalStateException("Salesforce answered " + status + " " + code + " to " + what);
            }
        }
    }

    /** A 404: what the call names does not exist (any longer); a fault like any other 4xx unless the caller knows. */
    public static final class NotFoundException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotFoundException(String message) {
            super(message);
        }
    }

    /** How long a suspended tenant waits before crmsync tries its org again. */
    static final java.time.Duration SUSPENSION_RECHECK = java.time.Duration.ofMinutes(15);

    /**
     * Refusals that concern the whole org, not the record: the daily allocation exceeded (403
     * REQUEST_LIMIT_EXCEEDED; the concurrent-request limit shares the code but answers 503/“ConcurrentPerOrg”)
     * and API access switched off for the org or the integration user.
     */
    static java.util.Optional<String> orgWideRefusal(int status, String code) {
        if (status == 403 && "REQUEST_LIMIT_EXCEEDED".equals(code)) {
            return java.util.Optional.of(SyncPausedException.ORG_API_LIMIT_EXCEEDED);
        }
        if ("API_DISABLED_FOR_ORG".equals(code) || "API_CURRENTLY_DISABLED".equals(code)) {
            return java.util.Optional.of(SyncPausedException.ORG_API_ACCESS_DISABLED);
        }
        return java.util.Optional.empty();
    }

    private static String firstErrorCode(Response response) {
        try {
            java.util.List<SalesforceDataApi.ApiError> errors = response.readEntity(
                    new jakarta.ws.rs.core.GenericType<java.util.List<SalesforceDataApi.ApiError>>() {
                    });
            return errors == null || errors.isEmpty() ? "" : errors.get(0).errorCode();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Forgets a token Salesforce refused (for whichever tenants shared it), so the next {@link #current()} logs in again. */
    public void invalidate(Current refused) {
        sessions.entrySet().removeIf(entry -> entry.getValue() == refused);
    }

    /**
     * The Salesforce user the current tenant's grant acts as (its id, from the login's identity URL
     * {@code …/id/<org>/<user>}; logs in if need be): what the user may see is what this tenant may read.
     */
    public Optional<String> currentUserId() {
        return Optional.ofNullable(current().userId()).filter(id -> !id.isBlank());
    }

    /** The last segment of the identity URL {@code https://login.salesforce.com/id/<org>/<user>}; null without one. */
    static String userIdOf(String identityUrl) {
        if (identityUrl == null || identityUrl.isBlank()) {
            return null;
        }
        String[] parts = identityUrl.split("/");
        return parts.length >= 2 && parts[parts.length - 2].startsWith("00D") ? parts[parts.length - 1] : null;
    }

    /** Forgets the tenant's session: its grant changed (connected again, or to another org). */
    public void forget(String tenantId) {
        sessions.remove(tenantId);
    }

    /** With the tenant's stored grant; without one, only the single-tenant mode's tenant logs in as the deployment. */
    private Current logIn(String tenant) {
        SalesforceGrant grant = credentials.read(tenant).map(TenantCredentials::salesforce).orElse(null);
        if (grant == null) {
            if (!singleTenant.usesDeploymentCredentials(tenant)) {
                throw TenantNotConnectedException.salesforce(tenant, clock.instant());
            }
            return deploymentLogIn();
        }
        return switch (grant.method()) {
            case SALESFORCE_WEB_SERVER -> refreshLogIn(tenant, grant);
            case SALESFORCE_JWT_BEARER -> jwtBearerLogIn(tenant, grant);
            default -> throw new IllegalStateException("tenant " + tenant + ": a " + grant.method()
                    + " grant cannot log in to Salesforce");
        };
    }

    private Current refreshLogIn(String tenant, SalesforceGrant grant) {
        // A grant made with the deployment's own connected app holds a copy of its consumer secret from the day it
        // was connected; the app secret as it is now (AppSecrets) is used instead, so a rotation reaches it too.
        String secret = grant.clientSecret();
        if (grant.clientId() != null && clientId.filter(grant.clientId()::equals).isPresent()) {
            secret = secrets.salesforceClientSecret().orElse(secret);
        }
        SalesforceLogins.Outcome outcome = logins.refresh(grant.loginUrl(), grant.refreshToken(), grant.clientId(),
                secret);
        if (outcome instanceof SalesforceLogins.Refused refused) {
            throw refusal(tenant, refused, REFRESH_TOKEN_REFUSED);
        }
        SalesforceLoginApi.TokenResponse token = ((SalesforceLogins.Granted) outcome).token();
        if (token.refreshToken() != null && !token.refreshToken().equals(grant.refreshToken())) {
            keepRotatedRefreshToken(tenant, grant, token.refreshToken());
        }
        return session(token);
    }

    private Current jwtBearerLogIn(String tenant, SalesforceGrant grant) {
        PrivateKey key;
        try {
            key = JwtAssertion.privateKey(grant.privateKeyPem());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tenant " + tenant + ": the stored Salesforce JWT key cannot be used ("
                    + e.getMessage() + ")");
        }
        String assertion = JwtAssertion.sign(grant.clientId(), grant.username(), grant.loginUrl(), clock.instant(),
                key);
        SalesforceLogins.Outcome outcome = logins.jwtBearer(grant.loginUrl(), assertion);
        if (outcome instanceof SalesforceLogins.Refused refused) {
            throw refusal(tenant, refused, jwtBearerRefused(grant.username()));
        }
        return session(((SalesforceLogins.Granted) outcome).token());
    }

    /** A refused grant that only reconnecting can fix suspends the tenant; any refusal fails the work loudly. */
    private SalesforceLoginRefusedException refusal(String tenant, SalesforceLogins.Refused refused,
            String suspension) {
        if (refused.invalidGrant()) {
            suspensions.suspend(tenant, suspension, clock.instant());
            LOG.warnf("tenant %s suspended: %s (%s)", tenant, suspension, refused.reason());
            return new SalesforceLoginRefusedException("Salesforce login refused for tenant " + tenant + " ("
                    + refused.reason() + "): " + suspension);
        }
        return new SalesforceLoginRefusedException("Salesforce login refused for tenant " + tenant + " ("
                + refused.reason() + ")");
    }

    /**
     * With refresh token rotation on, Salesforce ended the token just used: the new one must replace it in the
     * tenant's secret, unless another instance already did.
     */
    private void keepRotatedRefreshToken(String tenant, SalesforceGrant used, String rotated) {
        try {
            credentials.readCurrent(tenant).ifPresent(stored -> {
                SalesforceGrant now = stored.salesforce();
                if (now != null && Objects.equals(now.refreshToken(), used.refreshToken())) {
                    credentials.write(tenant, stored.withSalesforce(new SalesforceGrant(now.method(), now.loginUrl(),
                            now.instanceUrl(), now.orgId(), now.clientId(), now.clientSecret(), now.username(),
                            now.privateKeyPem(), rotated, now.accessToken(), now.issuedAt())));
                }
            });
        } catch (RuntimeException e) {
            // This session still works; the next login will fail and suspend the tenant if the write never lands.
            LOG.errorf("tenant %s: the rotated Salesforce refresh token could not be stored (%s)", tenant,
                    e.getClass().getSimpleName());
        }
    }

    /** The deployment's connected app, client-credentials flow: the single-tenant mode's tenant without a grant. */
    private Current deploymentLogIn() {
        String id = clientId.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "crmsync.salesforce.client-id (CRMSYNC_SALESFORCE_CLIENT_ID) is not set"));
        String secret = secrets.salesforceClientSecret().orElseThrow(() -> new IllegalStateException(
                "crmsync.salesforce.client-secret (CRMSYNC_SALESFORCE_CLIENT_SECRET) is not set"));
        SalesforceLogins.Outcome outcome = logins.clientCredentials(login, id, secret);
        if (outcome instanceof SalesforceLogins.Refused refused) {
            // Wrong client id/secret or a revoked app: nothing a retry fixes.
            throw new IllegalStateException("Salesforce login refused (" + refused.reason() + ")");
        }
        return session(((SalesforceLogins.Granted) outcome).token());
    }

    private Current session(SalesforceLoginApi.TokenResponse token) {
        SalesforceDataApi api = dataClients.computeIfAbsent(token.instanceUrl(), url -> QuarkusRestClientBuilder
                .newBuilder()
                .baseUri(URI.create(url))
                .register(new CrmCallFilter())
                // The writer reads every status itself (401 → renew, error arrays → refusals).
                .disableDefaultMapper(true)
                .build(SalesforceDataApi.class));
        return new Current("Bearer " + token.accessToken(), token.instanceUrl(), api, version, "",
                userIdOf(token.id()));
    }
}
