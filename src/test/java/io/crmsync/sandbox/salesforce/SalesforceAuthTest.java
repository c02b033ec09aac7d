package io.crmsync.sandbox.salesforce;

import io.crmsync.sandbox.http.MutableClock;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class SalesforceAuthTest {

    private static final String JWT_APP = "3MVG9jwt.app";
    private static KeyPair appKey;
    private static KeyPair otherKey;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private SalesforceSandbox sandbox;
    private SalesforceTestClient client;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        appKey = generator.generateKeyPair();
        otherKey = generator.generateKeyPair();
    }

    @BeforeEach
    void start() {
        sandbox = new SalesforceSandbox(SalesforceTestClient.config(1000), StandardObjects.ALL, clock).start();
        sandbox.registerJwtKey(JWT_APP, appKey.getPublic());
        client = new SalesforceTestClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void jwtBearerGrantIssuesASessionForASignedAssertion() throws Exception {
        JsonNode token = client.ok(jwt(jwt(appKey.getPrivate(), JWT_APP, "integration@crmsync.example",
                sandbox.baseUrl(), clock.instant().getEpochSecond() + 180)), 200);
        assertThat(token.get("instance_url").asText()).isEqualTo(sandbox.baseUrl());
        assertThat(token.has("refresh_token")).isFalse();
        client.useToken(token.get("access_token").asText());
        assertThat(client.send("GET", V + "/limits", null).statusCode()).isEqualTo(200);
    }

    @Test
    void jwtBearerGrantRefusesBadAssertions() throws Exception {
        long exp = clock.instant().getEpochSecond() + 180;
        assertGrantError(jwt(jwt(otherKey.getPrivate(), JWT_APP, "integration@crmsync.example", sandbox.baseUrl(),
                exp)), "invalid_grant", "invalid assertion");
        assertGrantError(jwt(jwt(appKey.getPrivate(), JWT_APP, "integration@crmsync.example",
                "https://login.salesforce.com", exp)), "invalid_grant", "audience is invalid");
        assertGrantError(jwt(jwt(appKey.getPrivate(), JWT_APP, "integration@crmsync.example", sandbox.baseUrl(),
                clock.instant().getEpochSecond() - 1)), "invalid_grant", "expired authorization code");
        assertGrantError(jwt(jwt(appKey.getPrivate(), JWT_APP, "nobody@example.com", sandbox.baseUrl(), exp)),
                "invalid_grant", "user hasn't approved this consumer");
        assertGrantError(jwt(jwt(appKey.getPrivate(), "unknown-app", "integration@crmsync.example",
                sandbox.baseUrl(), exp)), "invalid_client_id", "client identifier invalid");
        assertGrantError(jwt("not-a-jwt"), "invalid_grant", "invalid assertion");
    }

    @Test
    void jwtBearerForASandboxOrgNamesAndUsesTheTestLoginHost() throws Exception {
        try (SalesforceSandbox sandboxOrg = new SalesforceSandbox(SalesforceTestClient.config(1000).asSandboxOrg(),
                StandardObjects.ALL, clock).start()) {
            sandboxOrg.registerJwtKey(JWT_APP, appKey.getPublic());
            SalesforceTestClient atTestHost = new SalesforceTestClient(sandboxOrg, sandboxOrg.loginUrl());
            long exp = clock.instant().getEpochSecond() + 180;

            JsonNode token = atTestHost.ok(atTestHost.form("/services/oauth2/token", Map.of("grant_type",
                    SalesforceAuth.JWT_BEARER, "assertion", jwt(appKey.getPrivate(), JWT_APP,
                            "integration@crmsync.example", sandboxOrg.loginUrl(), exp))), 200);
            assertThat(token.get("id").asText()).startsWith(sandboxOrg.loginUrl() + "/id/");

            // The production audience, or the production host, is the wrong choice for a sandbox org.
            JsonNode wrongAudience = atTestHost.ok(atTestHost.form("/services/oauth2/token", Map.of("grant_type",
                    SalesforceAuth.JWT_BEARER, "assertion", jwt(appKey.getPrivate(), JWT_APP,
                            "integration@crmsync.example", sandboxOrg.baseUrl(), exp))), 400);
            assertThat(wrongAudience.get("error_description").asText()).isEqualTo("audience is invalid");
            SalesforceTestClient atProductionHost = new SalesforceTestClient(sandboxOrg);
            JsonNode wrongHost = atProductionHost.ok(atProductionHost.form("/services/oauth2/token", Map.of(
                    "grant_type", SalesforceAuth.JWT_BEARER, "assertion", jwt(appKey.getPrivate(), JWT_APP,
                            "integration@crmsync.example", sandboxOrg.loginUrl(), exp))), 400);
            assertThat(wrongHost.get("error").asText()).isEqualTo("invalid_grant");
        }
    }

    @Test
    void jwtBearerRefusesADeactivatedUser() throws Exception {
        sandbox.deactivateUser("integration@crmsync.example");
        assertGrantError(jwt(jwt(appKey.getPrivate(), JWT_APP, "integration@crmsync.example", sandbox.baseUrl(),
                clock.instant().getEpochSecond() + 180)), "invalid_grant", "inactive user");
    }

    @Test
    void refreshTokenGrantUntilRevoked() throws Exception {
        String refresh = sandbox.issueRefreshToken();
        Map<String, String> grant = Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", SalesforceTestClient.CLIENT_ID, "client_secret", SalesforceTestClient.CLIENT_SECRET);
        JsonNode token = client.ok(client.form("/services/oauth2/token", grant), 200);
        assertThat(token.get("instance_url").asText()).isEqualTo(sandbox.baseUrl());
        client.useToken(token.get("access_token").asText());
        assertThat(client.send("GET", V + "/limits", null).statusCode()).isEqualTo(200);

        assertThat(client.form("/services/oauth2/revoke", Map.of("token", refresh)).statusCode()).isEqualTo(200);
        JsonNode refused = client.ok(client.form("/services/oauth2/token", grant), 400);
        assertThat(refused.get("error").asText()).isEqualTo("invalid_grant");
        assertThat(refused.get("error_description").asText()).isEqualTo("expired access/refresh token");

        sandbox.expireTokens();
        assertThat(client.error(client.send("GET", V + "/limits", null), 401).get("errorCode").asText())
                .isEqualTo("INVALID_SESSION_ID");
    }

    @Test
    void servesOtherSupportedApiVersions() throws Exception {
        client.login();
        assertThat(client.send("GET", "/services/data/v58.0/limits", null).statusCode()).isEqualTo(200);
        assertThat(sandbox.calls("GET /services/data/{version}/limits")).isEqualTo(1);
        assertThat(client.error(client.send("GET", "/services/data/v41.0/limits", null), 404).get("errorCode")
                .asText()).isEqualTo("NOT_FOUND");
        assertThat(client.send("GET", "/services/data", null).statusCode()).isEqualTo(200);
    }

    private void assertGrantError(java.net.http.HttpResponse<String> response, String error, String description)
            throws Exception {
        JsonNode body = client.ok(response, 400);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isEqualTo(description);
    }

    private java.net.http.HttpResponse<String> jwt(String assertion) throws Exception {
        return client.form("/services/oauth2/token", Map.of("grant_type", SalesforceAuth.JWT_BEARER,
                "assertion", assertion));
    }

    private static String jwt(PrivateKey key, String iss, String sub, String aud, long exp) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\",\"aud\":\"" + aud
                + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(rsa.sign());
    }
}
