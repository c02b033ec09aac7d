package io.crmsync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.crmhttp.CrmCallFilter;
import io.crmsync.budget.TenantCalls;
import io.crmsync.tenant.TenantCredentials.HubSpotGrant;
import io.crmsync.tenant.TenantCredentials.Method;
import io.crmsync.functions.SharedSandboxes;
import io.crmsync.admin.AdminApiFunctionProfile;
import io.crmsync.hubspot.HubSpotAccountApi;
import io.crmsync.hubspot.HubSpotOAuthApi;
import io.crmsync.hubspot.HubSpotOwnerReader;
import io.crmsync.hubspot.HubSpotOwnersApi;
import io.crmsync.hubspot.HubSpotTokenInfoApi;
import io.crmsync.hubspot.HubSpotTokens;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.sandbox.http.UrlCoding;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.sync.TenantSuspensions;
import io.crmsync.tenant.Tenant;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Connecting tenants to HubSpot end to end against a HubSpot sandbox whose OAuth app declares crmsync's scopes:
 * install URL → the sandbox's consent redirect → finish → the grant in the tenant's credentials and the account on
 * its tenants-table item → adapter calls with the tenant's token, refreshed before it expires; a revoked refresh
 * token suspends the tenant. Tenants live in dynalite; the REST clients are the production interfaces, built on
 * this test's sandbox. Shares the worker test application (no extra Quarkus boot); its clock drives both crmsync
 * and the sandbox.
 */
@QuarkusTest
// Connecting runs in admin-api (start, private-app and JWT grants) and oauth-callback (whose role is a subset of
// admin-api's): the test runs with admin-api's role behind the local IAM check.
@TestProfile(AdminApiFunctionProfile.class)
class HubSpotConnectorTest {

    static final String CLIENT_ID = "5c7a1e2b-3d4f-4a6b-9c8d-0e1f2a3b4c5d";
    static final String CLIENT_SECRET = "hs-app-secret-for-connect-tests";
    static final String PRIVATE_APP_TOKEN = "pat-na1-7d3c2b1a-0000-4000-8000-deadbeef0001";
    static final String DEPLOYMENT_TOKEN = "pat-na1-deployment-wide-token";
    static final URI REDIRECT = URI.create("https://crmsync.example.com/oauth/hubspot");
    static final long PORTAL = 62_515_001L;
    static final String TOKEN_CALL = "POST /oauth/v1/token";

    @Inject
    DynamoTenantDirectory table;

    @Inject
    HubSpotPortals portals;

    @Inject
    TenantSuspensions suspensions;

    @Inject
    HubSpotConnector wiredConnector;

    @Inject
    HubSpotTokens wiredTokens;

    @Inject
    TenantCalls wiredTenantCalls;

    @Inject
    io.crmsync.tenant.SingleTenantMode wiredSingleTenant;

    final LocalAws aws = SharedLocalAws.get();
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final InMemoryCredentialStore store = new InMemoryCredentialStore();
    final TenantCalls tenants = new TenantCalls();
    /** Every secret a test saw (tokens, codes, the app's secret): none may appear in a log line or an error. */
    final Set<String> secrets = ConcurrentHashMap.newKeySet();
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringBuilder line = new StringBuilder(String.valueOf(message));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(" | ").append(t);
            }
            logLines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    HubSpotSandbox hubSpot;
    HubSpotConnector connector;
    HubSpotTokens tokens;
    HubSpotOwnerReader owners;

    @BeforeEach
    void start() {
        aws.reset();
        table.save(new Tenant("acme", 0, "00D5g000004AcmeEAK", Optional.empty()));
        table.save(new Tenant("globex", 0, "00D5g000004GlobEAK", Optional.empty()));
        hubSpot = new HubSpotSandbox(new HubSpotSandbox.Config(DEPLOYMENT_TOKEN, PORTAL, 1_160_452, CLIENT_SECRET)
                .withClock(clock).withOAuthApp(HubSpotSandbox.OAuthApp.of(CLIENT_ID, List.of(REDIRECT.toString()),
                        Set.copyOf(HubSpotConnector.SCOPES), Set.copyOf(HubSpotConnector.OPTIONAL_SCOPES))))
                .start();
        HubSpotOAuthApi oauth = client(HubSpotOAuthApi.class, true);
        tokens = new HubSpotTokens(store, oauth, tenants, suspensions, Optional.of(DEPLOYMENT_TOKEN),
                io.crmsync.tenant.SingleTenantMode.OFF, Optional.of(CLIENT_ID), Optional.of(CLIENT_SECRET), clock);
        connector = new HubSpotConnector(store, portals, oauth, client(HubSpotTokenInfoApi.class, false),
                client(HubSpotAccountApi.class, true), Optional.of(CLIENT_ID), Optional.of(CLIENT_SECRET),
                URI.create(hubSpot.baseUrl() + "/oauth/authorize"), clock);
        owners = new HubSpotOwnerReader(client(HubSpotOwnersApi.class, true), tokens);
        secrets.addAll(List.of(CLIENT_SECRET, PRIVATE_APP_TOKEN, DEPLOYMENT_TOKEN));
        java.util.logging.Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void noSecretWasLogged() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
        hubSpot.close();
        for (String secret : secrets) {
            assertThat(logLines).as("log lines").noneMatch(line -> line.contains(secret));
        }
    }

    /** A production REST interface on this test's sandbox, through the one door like the injected ones. */
    <T> T client(Class<T> api, boolean countedCall) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(hubSpot.baseUrl()))
                .disableDefaultMapper(true);
        if (countedCall) {
            builder.register(new CrmCallFilter());
        }
        return builder.build(api);
    }

    record Callback(String state, String code) {
    }

    /** What the user's browser does: opens the install URL, approves, and is sent back to the redirect URI. */
    Callback approve(URI installUrl) throws Exception {
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(installUrl).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        URI back = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(back.toString()).startsWith(REDIRECT + "?");
        Map<String, List<String>> query = UrlCoding.parseForm(back.getRawQuery());
        Callback callback = new Callback(query.get("state").get(0), query.get("code").get(0));
        secrets.addAll(List.of(callback.code(), callback.state().substring(callback.state().indexOf('.') + 1)));
        return callback;
    }

    HubSpotGrant grantOf(String tenantId) {
        HubSpotGrant grant = store.read(tenantId).orElseThrow().hubSpot();
        if (grant != null) {
            secrets.add(grant.accessToken());
            if (grant.refreshToken() != null) {
                secrets.add(grant.refreshToken());
            }
        }
        return grant;
    }

    HubSpotGrant connect(String tenantId) throws Exception {
        Callback callback = approve(connector.installUrl(tenantId, REDIRECT));
        assertThat(connector.finish(callback.state(), callback.code()))
                .isEqualTo("HubSpot account " + PORTAL + " is connected to tenant " + tenantId);
        return grantOf(tenantId);
    }

    /** The refusal a call ends in, checked to carry no secret. */
    Throwable refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isNotNull();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            assertThat(secrets).as("secrets in: " + message).noneMatch(message::contains);
        }
        return thrown;
    }

    Map<String, String> ownersOf(String tenantId) {
        return tenants.on(tenantId, () -> owners.ownerEmails(tenantId));
    }

    @Test
    void anInstallConnectsTheTenantAndItsCallsCarryItsOwnToken() throws Exception {
        URI install = connector.installUrl("acme", REDIRECT);
        assertThat(install.toString()).startsWith(hubSpot.baseUrl() + "/oauth/authorize?client_id=" + CLIENT_ID
                + "&redirect_uri=https%3A%2F%2Fcrmsync.example.com%2Foauth%2Fhubspot&scope=oauth%20crm.objects.");
        Map<String, List<String>> query = UrlCoding.parseForm(install.getRawQuery());
        assertThat(query.get("scope").get(0).split(" ")).containsExactlyElementsOf(HubSpotConnector.SCOPES);
        assertThat(query.get("optional_scope")).containsExactly("sales-email-read");
        assertThat(query.get("state").get(0)).matches("acme\\.[A-Za-z0-9_-]{43}");
        assertThat(store.read("acme").orElseThrow().pending().expiresAt()).isEqualTo(clock.instant().plus(
                Duration.ofMinutes(10)));

        Callback callback = approve(install);
        assertThat(callback.state()).isEqualTo(query.get("state").get(0));
        clock.advance(Duration.ofMinutes(2));
        assertThat(connector.finish(callback.state(), callback.code()))
                .isEqualTo("HubSpot account 62515001 is connected to tenant acme");

        HubSpotGrant grant = grantOf("acme");
        assertThat(grant.method()).isEqualTo(Method.HUBSPOT_OAUTH);
        assertThat(grant.portalId()).isEqualTo(PORTAL);
        assertThat(grant.expiresAt()).isEqualTo(clock.instant().plusSeconds(1800));
        assertThat(grant.refreshToken()).isNotBlank();
        assertThat(grant.scopes()).containsAll(HubSpotConnector.SCOPES).contains("sales-email-read");
        assertThat(store.read("acme").orElseThrow().pending()).isNull();
        assertThat(table.byId("acme").orElseThrow().hubSpotPortalId()).isEqualTo(PORTAL);
        assertThat(table.byId("acme").orElseThrow().salesforceOrgId()).isEqualTo("00D5g000004AcmeEAK");

        String ada = hubSpot.addOwner("ada@example.com", "Ada", "Lovelace");
        assertThat(ownersOf("acme")).containsExactly(Map.entry(ada, "ada@example.com"));
        assertThat(hubSpot.callsAuthorizedBy(grant.accessToken())).isEqualTo(1);
        assertThat(hubSpot.callsAuthorizedBy(DEPLOYMENT_TOKEN)).isZero();
        // Outside any tenant, and for a tenant without a grant, no call at all: never the deployment's token.
        assertThatThrownBy(() -> owners.ownerEmails("acme")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ownersOf("globex"))
                .isInstanceOf(io.crmsync.crm.TenantNotConnectedException.class);
        assertThat(hubSpot.callsAuthorizedBy(DEPLOYMENT_TOKEN)).isZero();
        assertThat(logLines).anyMatch(l -> l.equals("tenant acme: HubSpot account 62515001 connected by OAuth install"));
    }

    @Test
    void theTokenIsRefreshedFiveMinutesBeforeItExpiresOnceForConcurrentCalls() throws Exception {
        HubSpotGrant first = connect("acme");
        clock.advance(Duration.ofMinutes(24));
        ownersOf("acme");
        assertThat(hubSpot.calls(TOKEN_CALL)).as("6 minutes left: no refresh yet").isEqualTo(1);
        assertThat(hubSpot.callsAuthorizedBy(first.accessToken())).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> bearers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                bearers.add(pool.submit(() -> {
                    go.await();
                    return tenants.on("acme", tokens::bearer);
                }));
            }
            go.countDown();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            for (Future<String> bearer : bearers) {
                seen.add(bearer.get());
            }
            HubSpotGrant renewed = grantOf("acme");
            assertThat(seen).containsExactly("Bearer " + renewed.accessToken());
            assertThat(renewed.accessToken()).isNotEqualTo(first.accessToken());
            assertThat(renewed.refreshToken()).isEqualTo(first.refreshToken());
            assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plusSeconds(1800));
            assertThat(renewed.portalId()).isEqualTo(PORTAL);
            assertThat(hubSpot.calls(TOKEN_CALL)).as("one refresh for eight threads").isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }

        // Long past expiry (a tenant idle for hours): refreshed before the call, which HubSpot would refuse.
        clock.advance(Duration.ofHours(3));
        String grace = hubSpot.addOwner("grace@example.com", "Grace", "Hopper");
        assertThat(ownersOf("acme")).containsEntry(grace, "grace@example.com");
        assertThat(hubSpot.calls(TOKEN_CALL)).isEqualTo(3);
        assertThat(hubSpot.callsAuthorizedBy(grantOf("acme").accessToken())).isEqualTo(1);
        assertThat(logLines).anyMatch(l -> l.startsWith("tenant acme: HubSpot access token refreshed for account"
                + " 62515001, valid until "));
    }

    @Test
    void aRevokedRefreshTokenSuspendsTheTenantWithAClearReason() throws Exception {
        HubSpotGrant grant = connect("acme");
        assertThat(hubSpot.revokeRefreshToken(grant.refreshToken())).isTrue();
        clock.advance(Duration.ofMinutes(26));

        Throwable refused = refusal(() -> ownersOf("acme"));

        assertThat(refused).isInstanceOf(IllegalStateException.class).hasMessage("tenant acme: HubSpot refresh token"
                + " revoked or expired: reconnect HubSpot (HubSpot answered 400 BAD_REFRESH_TOKEN)");
        Map<String, AttributeValue> suspension = aws.dynamo().getItem(b -> b.tableName(aws.tableName("TenantsTable"))
                .key(Map.of("tenantId", AttributeValue.fromS("acme"))).consistentRead(true)).item().get("suspension").m();
        assertThat(suspension.get("reason").s()).isEqualTo(HubSpotTokens.REFRESH_REVOKED);
        assertThat(suspension.get("since").n()).isEqualTo(Long.toString(clock.millis()));
        assertThat(hubSpot.callsAuthorizedBy(grant.accessToken())).as("no call with the old token").isZero();
        assertThat(logLines).anyMatch(l -> l.equals("tenant acme suspended: " + HubSpotTokens.REFRESH_REVOKED
                + " (HubSpot answered 400 BAD_REFRESH_TOKEN)"));

        // Reconnecting the same account replaces the grant; the calls work again.
        connect("acme");
        clock.advance(Duration.ofMinutes(1));
        ownersOf("acme");
        assertThat(hubSpot.callsAuthorizedBy(grantOf("acme").accessToken())).isEqualTo(1);
    }

    @Test
    void anUnknownForgedReplacedReusedOrExpiredStateIsRefused() throws Exception {
        Callback acme = approve(connector.installUrl("acme", REDIRECT));
        Callback globex = approve(connector.installUrl("globex", REDIRECT));
        String acmeSecret = acme.state().substring("acme.".length());

        assertThat(refusal(() -> connector.finish("no-state-here", acme.code()))).isInstanceOf(ConnectException.class)
                .hasMessage("This HubSpot connection link is not one crmsync made: start connecting HubSpot again");
        assertThat(refusal(() -> connector.finish("acme.forged", acme.code()))).isInstanceOf(ConnectException.class)
                .hasMessage("This HubSpot connection link is not the one crmsync started for tenant acme (a newer one"
                        + " replaced it, or it was altered): start connecting HubSpot again");
        assertThat(refusal(() -> connector.finish("globex." + acmeSecret, acme.code())))
                .as("acme's state presented for another tenant").isInstanceOf(ConnectException.class)
                .hasMessageContaining("not the one crmsync started for tenant globex");
        assertThat(refusal(() -> connector.finish(null, acme.code()))).isInstanceOf(ConnectException.class);
        assertThat(hubSpot.calls(TOKEN_CALL)).as("no code is exchanged for a refused state").isZero();

        connector.finish(acme.state(), acme.code());
        assertThat(refusal(() -> connector.finish(acme.state(), acme.code()))).as("used once already")
                .isInstanceOf(ConnectException.class).hasMessage("No HubSpot connection is being made for tenant acme"
                        + " (this link was used already or never started): start connecting HubSpot again");

        clock.advance(Duration.ofMinutes(10));
        assertThat(refusal(() -> connector.finish(globex.state(), globex.code()))).isInstanceOf(ConnectException.class)
                .hasMessage("The HubSpot connection for tenant globex expired after 10 minutes: start connecting HubSpot"
                        + " again");
        assertThat(store.read("globex").orElseThrow().pending()).isNull();
        assertThat(store.read("globex").orElseThrow().hubSpot()).isNull();

        Callback replaced = approve(connector.installUrl("globex", REDIRECT));
        Callback newer = approve(connector.installUrl("globex", REDIRECT));
        assertThat(refusal(() -> connector.finish(replaced.state(), replaced.code())))
                .isInstanceOf(ConnectException.class).hasMessageContaining("a newer one replaced it");
        assertThat(hubSpot.calls(TOKEN_CALL)).isEqualTo(1);
        assertThat(newer.state()).isNotEqualTo(replaced.state());
    }

    @Test
    void aCodeHubSpotRefusesIsAClearError() throws Exception {
        Callback used = approve(connector.installUrl("acme", REDIRECT));
        connector.finish(used.state(), used.code());
        Callback again = approve(connector.installUrl("acme", REDIRECT));

        assertThat(refusal(() -> connector.finish(again.state(), used.code()))).isInstanceOf(ConnectException.class)
                .hasMessage("HubSpot refused the authorization code (BAD_AUTH_CODE): it was used already or is too"
                        + " old; start connecting HubSpot again");
        assertThat(store.read("acme").orElseThrow().pending()).as("the link may be followed again").isNotNull();
        assertThat(connector.finish(again.state(), again.code())).isEqualTo("HubSpot account 62515001 is connected"
                + " to tenant acme");
    }

    @Test
    void anAccountConnectedToAnotherTenantIsRefused() throws Exception {
        connect("acme");

        Callback globex = approve(connector.installUrl("globex", REDIRECT));
        assertThat(refusal(() -> connector.finish(globex.state(), globex.code()))).isInstanceOf(ConnectException.class)
                .hasMessage("HubSpot account 62515001 is already connected to another crmsync tenant; each HubSpot"
                        + " account can belong to one tenant only");
        assertThat(refusal(() -> connector.connectPrivateApp("globex", DEPLOYMENT_TOKEN)))
                .isInstanceOf(ConnectException.class).hasMessageContaining("already connected to another crmsync");
        assertThat(store.read("globex").orElseThrow().hubSpot()).isNull();
        assertThat(table.byId("globex").orElseThrow().hubSpotPortalId()).isZero();
        assertThat(portals.tenantOf(PORTAL)).contains("acme");

        // A tenant keeps the account it syncs: connecting it to a different one is refused too.
        table.save(new Tenant("acme", 777, "00D5g000004AcmeEAK", Optional.empty()));
        Callback other = approve(connector.installUrl("acme", REDIRECT));
        assertThat(refusal(() -> connector.finish(other.state(), other.code()))).isInstanceOf(ConnectException.class)
                .hasMessage("Tenant acme syncs HubSpot account 777, not 62515001: sign in to that account when"
                        + " connecting, or create a new tenant for this one");
        assertThat(table.byId("acme").orElseThrow().hubSpotPortalId()).isEqualTo(777);
    }

    @Test
    void aPrivateAppTokenIsCheckedAndStoredAndNeverRefreshed() throws Exception {
        assertThat(refusal(() -> connector.connectPrivateApp("acme", PRIVATE_APP_TOKEN)))
                .isInstanceOf(ConnectException.class).hasMessage("HubSpot does not accept this private app access"
                        + " token (401): copy it again from the private app's Auth tab");
        assertThat(store.read("acme")).isEmpty();
        assertThat(refusal(() -> connector.connectPrivateApp("nobody", DEPLOYMENT_TOKEN)))
                .isInstanceOf(ConnectException.class).hasMessage("There is no tenant nobody: create it before"
                        + " connecting HubSpot");

        // The sandbox's private app token is the one it was started with.
        assertThat(connector.connectPrivateApp("acme", " " + DEPLOYMENT_TOKEN + "\n"))
                .isEqualTo("HubSpot account 62515001 is connected to tenant acme");
        HubSpotGrant grant = store.read("acme").orElseThrow().hubSpot();
        assertThat(grant.method()).isEqualTo(Method.HUBSPOT_PRIVATE_APP);
        assertThat(grant.accessToken()).isEqualTo(DEPLOYMENT_TOKEN);
        assertThat(grant.refreshToken()).isNull();
        assertThat(grant.expiresAt()).isNull();
        assertThat(grant.portalId()).isEqualTo(PORTAL);
        assertThat(table.byId("acme").orElseThrow().hubSpotPortalId()).isEqualTo(PORTAL);

        clock.advance(Duration.ofDays(30));
        ownersOf("acme");
        assertThat(hubSpot.calls(TOKEN_CALL)).isZero();
        assertThat(hubSpot.calls("GET /account-info/v3/details")).isEqualTo(2);
    }

    @Test
    void theBeansAreWiredWithTheDeploymentTokenOnlyForTheSingleTenantModesTenant() {
        assertThat(wiredConnector.crm()).isEqualTo("hubspot");
        String single = wiredSingleTenant.tenantId().orElseThrow();
        assertThat(wiredTenantCalls.on(single, wiredTokens::bearer))
                .isEqualTo("Bearer " + SharedSandboxes.HUBSPOT_TOKEN);
        assertThatThrownBy(() -> wiredTenantCalls.on("initech", wiredTokens::bearer))
                .isInstanceOf(io.crmsync.crm.TenantNotConnectedException.class);
        assertThat(wiredTokens.bearer()).as("a local tool's call outside any tenant, as the mode's tenant")
                .isEqualTo("Bearer " + SharedSandboxes.HUBSPOT_TOKEN);
    }
}
