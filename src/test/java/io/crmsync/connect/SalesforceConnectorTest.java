package io.crmsync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.budget.TenantCalls;
import io.crmsync.tenant.TenantCredentials.Method;
import io.crmsync.tenant.TenantCredentials.PendingConnection;
import io.crmsync.tenant.TenantCredentials.SalesforceGrant;
import io.crmsync.functions.SharedSandboxes;
import io.crmsync.admin.AdminApiFunctionProfile;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.salesforce.SalesforceLoginRefusedException;
import io.crmsync.salesforce.SalesforceLogins;
import io.crmsync.salesforce.SalesforceSession;
import io.crmsync.salesforce.SalesforceUserReader;
import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.sandbox.http.UrlCoding;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.sync.TenantSuspensions;
import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Connecting tenants' orgs end to end against Salesforce sandboxes of their own (a production org and a sandbox
 * org, beside the deployment's shared one), in the worker's application: the connect flows, then the sessions
 * the worker's adapters get inside {@link TenantCalls#on}.
 */
@QuarkusTest
// Connecting runs in admin-api (start, private-app and JWT grants) and oauth-callback (whose role is a subset of
// admin-api's): the test runs with admin-api's role behind the local IAM check.
@TestProfile(AdminApiFunctionProfile.class)
class SalesforceConnectorTest {

    static final String APP = "3MVG9tenant.connected.app";
    static final String APP_SECRET = "tenant-app-consumer-secret";
    static final String JWT_APP = "3MVG9tenant.jwt.app";
    static final URI CALLBACK = URI.create(SalesforceSandbox.Config.DEFAULT_CALLBACK_URL);
    /** The org id acme and globex are registered with before connecting (the deployment's org, as today). */
    static final String PLACEHOLDER_ORG = "00D5g000004YzKxEAK";

    static KeyPair jwtKey;

    @Inject
    CredentialStore credentials;
    @Inject
    SalesforceLogins logins;
    @Inject
    io.crmsync.sync.IdentityFields identity;
    @Inject
    SalesforceSession session;
    @Inject
    TenantCalls tenantCalls;
    @Inject
    TenantSuspensions suspensions;
    @Inject
    DynamoTenantDirectory directory;
    @Inject
    SalesforceUserReader users;
    @Inject
    SalesforceConnector deployed;

    final MutableClock clock = new MutableClock(Instant.now());
    final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final List<SalesforceSandbox> started = new ArrayList<>();
    /** A customer's production org and a sandbox org, each with the tenant's connected app. */
    SalesforceSandbox production;
    SalesforceSandbox sandboxOrg;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        jwtKey = generator.generateKeyPair();
    }

    @BeforeEach
    void setUp() {
        SharedLocalAws.get().reset();
        production = start(new SalesforceSandbox.Config(APP, APP_SECRET));
        sandboxOrg = start(new SalesforceSandbox.Config(APP, APP_SECRET).asSandboxOrg());
        directory.save(new Tenant("acme", 62515, PLACEHOLDER_ORG, Optional.empty()));
        directory.save(new Tenant("globex", 70000, "00D5g000009AbCdEAK", Optional.empty()));
        SharedSandboxes.salesforce().reset();
        for (String tenant : List.of("acme", "globex")) {
            // The reset removed every secret; what another test class of this application cached goes too.
            credentials.readCurrent(tenant);
            session.forget(tenant);
        }
    }

    @AfterEach
    void tearDown() {
        for (String tenant : List.of("acme", "globex")) {
            // Through the harness: no function's role may delete a tenant's secret (no route disconnects a tenant).
            try {
                SharedLocalAws.get().secretsManager().deleteSecret(b -> b.secretId(LocalAws.SECRETS_PREFIX
                        + "/tenants/" + tenant).forceDeleteWithoutRecovery(true));
            } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException absent) {
                // never connected
            }
            credentials.readCurrent(tenant); // and what the store cached is dropped
            session.forget(tenant);
        }
        started.forEach(SalesforceSandbox::close);
    }

    SalesforceSandbox start(SalesforceSandbox.Config config) {
        SalesforceSandbox sandbox = new SalesforceSandbox(config).start();
        started.add(sandbox);
        return sandbox;
    }

    /** The connector as deployed, with its login hosts pointed at the sandboxes. */
    SalesforceConnector connector(String productionLoginUrl, String sandboxLoginUrl) {
        return new SalesforceConnector(credentials, directory, suspensions, logins, session,
                new SalesforceConnector.Settings(productionLoginUrl, sandboxLoginUrl, Optional.of(APP),
                        Optional.of(APP_SECRET)), clock, new SecureRandom(), identity);
    }

    SalesforceConnector connector() {
        return connector(production.baseUrl(), sandboxOrg.loginUrl());
    }

    /** What the user's browser does with the authorize URL: Salesforce approves and redirects to the callback. */
    Map<String, String> approve(URI authorizeUrl) throws Exception {
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(authorizeUrl).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(location.getScheme() + "://" + location.getAuthority() + location.getPath())
                .isEqualTo(CALLBACK.toString());
        return UrlCoding.parseForm(location.getRawQuery()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    String connectWebServer(SalesforceConnector connector, String tenant, boolean sandbox) throws Exception {
        Map<String, String> callback = approve(connector.authorizeUrl(tenant, sandbox, APP, APP_SECRET, CALLBACK));
        return connector.finish(callback.get("state"), callback.get("code"));
    }

    SalesforceGrant grantOf(String tenant) {
        return credentials.read(tenant).map(TenantCredentials::salesforce).orElse(null);
    }

    Map<String, String> activeUsersAs(String tenant) {
        return tenantCalls.on(tenant, () -> users.activeUserEmails(tenant));
    }

    Optional<String> suspensionOf(String tenant) {
        LocalAws aws = SharedLocalAws.get();
        Map<String, AttributeValue> item = aws.dynamo().getItem(b -> b.tableName(aws.tableName("TenantsTable"))
                .key(Map.of("tenantId", AttributeValue.fromS(tenant))).consistentRead(true)).item();
        return Optional.ofNullable(item.get("suspension")).map(s -> s.m().get("reason").s());
    }

    static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void theWebServerFlowConnectsTheOrgAndTheTenantsCallsGoToIt() throws Exception {
        String ada = production.insert("User", Map.of("Username", "ada@acme.example.org", "Email", "ada@acme.example",
                "LastName", "Lovelace"));
        URI authorize = connector().authorizeUrl("acme", false, null, null, CALLBACK);
        assertThat(authorize.toString()).startsWith(production.baseUrl() + "/services/oauth2/authorize?")
                .contains("response_type=code", "client_id=" + APP, "code_challenge_method=S256",
                        "scope=api%20refresh_token", "state=acme.");
        PendingConnection pending = credentials.read("acme").orElseThrow().pending();
        assertThat(pending.codeVerifier()).hasSizeBetween(43, 128);
        assertThat(pending.expiresAt()).isEqualTo(clock.instant().plus(SalesforceConnector.PENDING_LIFETIME));

        Map<String, String> callback = approve(authorize);
        String message = connector().finish(callback.get("state"), callback.get("code"));

        assertThat(message).isEqualTo("Salesforce org " + production.orgId() + " is connected to tenant acme");
        SalesforceGrant grant = grantOf("acme");
        assertThat(grant.method()).isEqualTo(Method.SALESFORCE_WEB_SERVER);
        assertThat(grant.orgId()).isEqualTo(production.orgId());
        assertThat(grant.loginUrl()).isEqualTo(production.baseUrl());
        assertThat(grant.instanceUrl()).isEqualTo(production.baseUrl());
        assertThat(grant.clientId()).isEqualTo(APP);
        assertThat(grant.refreshToken()).isNotBlank();
        assertThat(credentials.read("acme").orElseThrow().pending()).isNull();
        assertThat(directory.byId("acme").orElseThrow().salesforceOrgId()).isEqualTo(production.orgId());

        // acme's calls go to its org; a tenant without a grant of its own calls nowhere.
        assertThat(activeUsersAs("acme")).containsKey(ada);
        assertThatThrownBy(() -> activeUsersAs("globex"))
                .isInstanceOf(io.crmsync.crm.TenantNotConnectedException.class);
        assertThat(production.calls("GET /services/data/v62.0/query")).isEqualTo(1);
    }

    @Test
    void theDeployedConnectorIsTheSalesforceCallbackAndUsesSalesforcesLoginHosts() {
        assertThat(deployed.crm()).isEqualTo("salesforce");
        assertThat(deployed.loginUrl(false)).isEqualTo("https://login.salesforce.com");
        assertThat(deployed.loginUrl(true)).isEqualTo("https://test.salesforce.com");
        URI authorize = deployed.authorizeUrl("acme", true, null, null, CALLBACK);
        assertThat(authorize.toString()).startsWith("https://test.salesforce.com/services/oauth2/authorize?")
                .contains("client_id=" + SharedSandboxes.SALESFORCE_CLIENT_ID);
        assertThat(credentials.read("acme").orElseThrow().pending().clientSecret())
                .isEqualTo(SharedSandboxes.SALESFORCE_CLIENT_SECRET);
        assertThatThrownBy(() -> deployed.authorizeUrl("nobody", false, null, null, CALLBACK))
                .isInstanceOf(ConnectException.class).hasMessage("There is no tenant nobody");
    }

    @Test
    void aTenantWithoutAGrantIsNotServedAndNothingReachesTheDeploymentsOrg() {
        SalesforceSandbox deployments = SharedSandboxes.salesforce();
        long before = deployments.totalCalls();

        // Before, globex logged in with the deployment's connected app and read the deployment's org.
        assertThatThrownBy(() -> activeUsersAs("globex"))
                .isInstanceOf(io.crmsync.crm.TenantNotConnectedException.class)
                .hasMessage("tenant globex has not connected Salesforce: no call is made with any other credentials");
        assertThat(deployments.totalCalls()).as("no login, no query").isEqualTo(before);
    }

    /**
     * A tenant connected with the deployment's own connected app keeps a copy of its consumer secret in its grant;
     * after the app secret is rotated, that copy is stale, and the refresh must use the current one.
     */
    @Test
    void aGrantOfTheDeploymentsAppRefreshesWithTheAppSecretAsItIsNow() {
        SalesforceSandbox deployments = SharedSandboxes.salesforce();
        String grace = deployments.insert("User", Map.of("Username", "grace@deploy.example.org",
                "Email", "grace@deploy.example", "LastName", "Hopper"));
        credentials.write("acme", TenantCredentials.NONE.withSalesforce(new SalesforceGrant(
                Method.SALESFORCE_WEB_SERVER, deployments.loginUrl(), deployments.baseUrl(), deployments.orgId(),
                SharedSandboxes.SALESFORCE_CLIENT_ID, "the-secret-before-its-rotation", null, null,
                deployments.issueRefreshToken(), null, null)));

        assertThat(activeUsersAs("acme")).containsKey(grace);
        assertThat(suspensionOf("acme")).isEmpty();
    }

    @Test
    void anExpiredSessionIsRenewedWithTheRefreshToken() throws Exception {
        connectWebServer(connector(), "acme", false);
        activeUsersAs("acme");
        long tokenCalls = production.calls("POST /services/oauth2/token");

        production.expireTokens();

        assertThat(activeUsersAs("acme")).isNotEmpty();
        assertThat(production.calls("POST /services/oauth2/token")).isEqualTo(tokenCalls + 1);
        assertThat(suspensionOf("acme")).isEmpty();
    }

    @Test
    void aRevokedRefreshTokenSuspendsTheTenantUntilItConnectsAgain() throws Exception {
        connectWebServer(connector(), "acme", false);
        activeUsersAs("acme");
        production.revokeRefreshToken(grantOf("acme").refreshToken());
        production.expireTokens();

        assertThatThrownBy(() -> activeUsersAs("acme")).isInstanceOf(SalesforceLoginRefusedException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalid_grant: expired access/refresh token")
                .hasMessageContaining(SalesforceSession.REFRESH_TOKEN_REFUSED);
        assertThat(suspensionOf("acme")).contains(
                "Salesforce refresh token revoked or expired: reconnect Salesforce");
        assertThat(suspensionOf("globex")).isEmpty();

        connectWebServer(connector(), "acme", false);
        assertThat(suspensionOf("acme")).isEmpty();
        assertThat(activeUsersAs("acme")).isNotEmpty();
    }

    @Test
    void aPkceVerifierThatIsNotTheChallengesIsRefused() throws Exception {
        SalesforceConnector connector = connector();
        URI authorize = connector.authorizeUrl("acme", false, APP, APP_SECRET, CALLBACK);
        TenantCredentials stored = credentials.read("acme").orElseThrow();
        PendingConnection pending = stored.pending();
        // As if the code had been intercepted and brought back by someone holding another verifier.
        credentials.write("acme", stored.withPending(new PendingConnection(pending.crm(), pending.state(),
                Pkce.generate(new SecureRandom()).verifier(), pending.loginUrl(), pending.clientId(),
                pending.clientSecret(), pending.expiresAt(), pending.redirectUri())));
        Map<String, String> callback = approve(authorize);

        assertThatThrownBy(() -> connector.finish(callback.get("state"), callback.get("code")))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Salesforce refused the authorization code (invalid_request: invalid code verifier):"
                        + " start connecting again");
        assertThat(grantOf("acme")).isNull();
        assertThat(directory.byId("acme").orElseThrow().salesforceOrgId()).isEqualTo(PLACEHOLDER_ORG);
    }

    @Test
    void theSandboxOrgFlagPicksTheTestLoginHost() throws Exception {
        String ada = sandboxOrg.insert("User", Map.of("Username", "ada@acme.example.org.sbx", "Email",
                "ada@acme.example", "LastName", "Lovelace"));
        // Seen from the sandbox org, its production host is login.salesforce.com: its users cannot log in there.
        SalesforceConnector connector = connector(sandboxOrg.baseUrl(), sandboxOrg.loginUrl());
        HttpResponse<String> wrongHost = browser.send(HttpRequest.newBuilder(connector.authorizeUrl("acme", false,
                APP, APP_SECRET, CALLBACK)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongHost.statusCode()).isEqualTo(200);
        assertThat(wrongHost.headers().firstValue("Location")).isEmpty();

        URI authorize = connector.authorizeUrl("acme", true, APP, APP_SECRET, CALLBACK);
        assertThat(authorize.toString()).startsWith(sandboxOrg.loginUrl() + "/services/oauth2/authorize?");
        Map<String, String> callback = approve(authorize);
        assertThat(connector.finish(callback.get("state"), callback.get("code"))).contains(sandboxOrg.orgId());

        assertThat(sandboxOrg.orgId()).isNotEqualTo(production.orgId());
        assertThat(grantOf("acme").loginUrl()).isEqualTo(sandboxOrg.loginUrl());
        assertThat(activeUsersAs("acme")).containsKey(ada);
        sandboxOrg.expireTokens();
        assertThat(activeUsersAs("acme")).containsKey(ada);
    }

    @Test
    void jwtBearerConnectsHeadlessAndLogsInWithANewAssertionEachTime() throws Exception {
        production.registerJwtKey(JWT_APP, jwtKey.getPublic());
        String ada = production.insert("User", Map.of("Username", "ada@acme.example.org", "Email", "ada@acme.example",
                "LastName", "Lovelace"));

        String message = connector().connectJwtBearer("acme", false, JWT_APP, production.integrationUsername(),
                pem(jwtKey));

        assertThat(message).isEqualTo("Salesforce org " + production.orgId() + " is connected to tenant acme");
        SalesforceGrant grant = grantOf("acme");
        assertThat(grant.method()).isEqualTo(Method.SALESFORCE_JWT_BEARER);
        assertThat(grant.username()).isEqualTo(production.integrationUsername());
        assertThat(grant.refreshToken()).isNull();
        assertThat(grant.clientSecret()).isNull();
        assertThat(directory.byId("acme").orElseThrow().salesforceOrgId()).isEqualTo(production.orgId());
        assertThat(activeUsersAs("acme")).containsKey(ada);
        production.expireTokens();
        assertThat(activeUsersAs("acme")).containsKey(ada);

        production.deactivateUser(production.integrationUsername());
        assertThatThrownBy(() -> activeUsersAs("acme")).isInstanceOf(SalesforceLoginRefusedException.class)
                .hasMessageContaining("invalid_grant: inactive user");
        assertThat(suspensionOf("acme")).contains("Salesforce JWT bearer login refused for user "
                + production.integrationUsername() + ": reconnect Salesforce");
    }

    @Test
    void jwtBearerAtTheWrongLoginHostOrWithAnotherKeyIsRefused() throws Exception {
        sandboxOrg.registerJwtKey(JWT_APP, jwtKey.getPublic());
        SalesforceConnector connector = connector(sandboxOrg.baseUrl(), sandboxOrg.loginUrl());

        assertThatThrownBy(() -> connector.connectJwtBearer("acme", false, JWT_APP,
                sandboxOrg.integrationUsername(), pem(jwtKey))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("invalid_grant").hasMessageContaining("not a sandbox");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        assertThatThrownBy(() -> connector.connectJwtBearer("acme", true, JWT_APP, sandboxOrg.integrationUsername(),
                pem(generator.generateKeyPair()))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("invalid_grant: invalid assertion");
        assertThatThrownBy(() -> connector.connectJwtBearer("acme", true, JWT_APP, sandboxOrg.integrationUsername(),
                "not a key")).isInstanceOf(ConnectException.class).hasMessageContaining("PEM");
        assertThat(grantOf("acme")).isNull();

        assertThat(connector.connectJwtBearer("acme", true, JWT_APP, sandboxOrg.integrationUsername(), pem(jwtKey)))
                .contains(sandboxOrg.orgId());
    }

    @Test
    void aStateWorksOnceBeforeItExpiresAndOnlyAsIssued() throws Exception {
        SalesforceConnector connector = connector();
        Map<String, String> used = approve(connector.authorizeUrl("acme", false, APP, APP_SECRET, CALLBACK));
        connector.finish(used.get("state"), used.get("code"));
        assertThatThrownBy(() -> connector.finish(used.get("state"), used.get("code")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("unknown or was already finished");

        Map<String, String> genuine = approve(connector.authorizeUrl("acme", false, APP, APP_SECRET, CALLBACK));
        String forged = "acme." + OAuthState.fresh("acme", new SecureRandom()).nonce();
        assertThatThrownBy(() -> connector.finish(forged, genuine.get("code"))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("unknown or was already finished");
        assertThatThrownBy(() -> connector.finish("globex" + genuine.get("state").substring(4), genuine.get("code")))
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> connector.finish("nonsense", genuine.get("code")))
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> connector.finish(null, genuine.get("code"))).isInstanceOf(ConnectException.class);
        // The forgeries left the genuine connection alone.
        assertThat(connector.finish(genuine.get("state"), genuine.get("code"))).contains("tenant acme");

        Map<String, String> late = approve(connector.authorizeUrl("acme", false, APP, APP_SECRET, CALLBACK));
        clock.advance(SalesforceConnector.PENDING_LIFETIME.plus(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> connector.finish(late.get("state"), late.get("code")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> connector.finish(late.get("state"), late.get("code")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("unknown or was already finished");
    }

    /** Several HubSpot portals (each a tenant) may share an org, as with HubSpot's connector; the joiner is advised. */
    @Test
    void aSecondTenantJoinsAnOrgAndIsToldHubSpotsAdvice() throws Exception {
        assertThat(connectWebServer(connector(), "globex", false)).isEqualTo("Salesforce org " + production.orgId()
                + " is connected to tenant globex");
        long revokes = production.calls("POST /services/oauth2/revoke");

        assertThat(connectWebServer(connector(), "acme", false)).startsWith("Salesforce org " + production.orgId()
                + " is connected to tenant acme. The org is shared with tenant globex (another HubSpot portal each)")
                .contains("salesforceToHubSpot to DO_NOTHING (\"Don't automatically create HubSpot contacts\")")
                // globex was there first: its id fields are its own, and acme is told to make its own.
                .contains("this tenant's HubSpot ids need their own Salesforce fields: ")
                .contains("Lead.HubSpot_Contact_Id__c");

        assertThat(grantOf("acme")).isNotNull();
        assertThat(grantOf("globex")).isNotNull();
        assertThat(directory.tenantsOnOrg(production.orgId())).extracting(Tenant::id).containsExactly("acme", "globex");
        assertThat(production.calls("POST /services/oauth2/revoke")).as("both grants are kept").isEqualTo(revokes);
        // Connecting globex again to its own org names acme now.
        assertThat(connectWebServer(connector(), "globex", false)).contains("shared with tenant acme");
        assertThatThrownBy(() -> connector().connectJwtBearer("nobody", false, JWT_APP, "x", pem(jwtKey)))
                .isInstanceOf(ConnectException.class).hasMessage("There is no tenant nobody");
    }

    @Test
    void noTokenCodeOrSecretInAnyLogLineOrMessage() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                        : String.valueOf(record.getMessage());
                logged.add(text);
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    logged.add(String.valueOf(t));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        List<String> secrets = new ArrayList<>(List.of(APP_SECRET));
        try {
            production.registerJwtKey(JWT_APP, jwtKey.getPublic());
            URI authorize = connector().authorizeUrl("acme", false, APP, APP_SECRET, CALLBACK);
            secrets.add(credentials.read("acme").orElseThrow().pending().codeVerifier());
            Map<String, String> callback = approve(authorize);
            secrets.add(callback.get("code"));
            logged.add(connector().finish(callback.get("state"), callback.get("code")));
            logged.add(String.valueOf(credentials.read("acme").orElseThrow()));
            logged.add(String.valueOf(grantOf("acme")));
            activeUsersAs("acme");
            logged.add(String.valueOf(session.current()));
            logged.add(message(() -> connector().finish(callback.get("state"), callback.get("code"))));
            Map<String, String> joining = approve(connector().authorizeUrl("globex", false, APP, APP_SECRET,
                    CALLBACK));
            secrets.add(joining.get("code"));
            logged.add(connector().finish(joining.get("state"), joining.get("code")));
            production.revokeRefreshTokens();
            production.expireTokens();
            logged.add(message(() -> activeUsersAs("acme")));
            logged.add(connector().connectJwtBearer("acme", false, JWT_APP, production.integrationUsername(),
                    pem(jwtKey)));
        } finally {
            root.removeHandler(capture);
        }
        secrets.addAll(production.issuedTokens());
        secrets.add(Base64.getEncoder().encodeToString(jwtKey.getPrivate().getEncoded()).substring(0, 40));

        assertThat(production.issuedTokens()).hasSizeGreaterThan(4);
        assertThat(logged).anyMatch(line -> line.contains("suspended"))
                .anyMatch(line -> line.contains("Salesforce org " + production.orgId() + " connected"));
        for (String secret : secrets) {
            assertThat(logged).noneMatch(line -> line.contains(secret));
        }
    }

    private static String message(Runnable failing) {
        try {
            failing.run();
        } catch (RuntimeException e) {
            return String.valueOf(e);
        }
        throw new AssertionError("expected a failure");
    }
}
