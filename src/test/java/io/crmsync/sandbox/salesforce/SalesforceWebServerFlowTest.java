package io.crmsync.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.sandbox.http.UrlCoding;

/** The sandbox's web-server flow (authorize, code exchange with PKCE), refresh tokens, users and sandbox orgs. */
class SalesforceWebServerFlowTest {

    static final String CALLBACK = SalesforceSandbox.Config.DEFAULT_CALLBACK_URL;
    /** RFC 7636 appendix B. */
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private SalesforceSandbox sandbox;

    SalesforceSandbox start(SalesforceSandbox.Config config) {
        sandbox = new SalesforceSandbox(config, StandardObjects.ALL, clock).start();
        return sandbox;
    }

    SalesforceSandbox start() {
        return start(SalesforceTestClient.config(1_000));
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    Map<String, String> authorizeParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", SalesforceTestClient.CLIENT_ID);
        params.put("redirect_uri", CALLBACK);
        params.put("scope", "api refresh_token");
        params.put("state", "acme.s7At3");
        params.put("code_challenge", CHALLENGE);
        params.put("code_challenge_method", "S256");
        return params;
    }

    HttpResponse<String> authorize(String loginUrl, Map<String, String> params) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(loginUrl + "/services/oauth2/authorize?" + form(params)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The query the authorize answer's redirect carries to the callback. */
    Map<String, String> redirected(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(CALLBACK + "?");
        return UrlCoding.parseForm(URI.create(location).getRawQuery()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    String code(String loginUrl) throws Exception {
        return redirected(authorize(loginUrl, authorizeParams())).get("code");
    }

    HttpResponse<String> token(String loginUrl, Map<String, String> fields) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(loginUrl + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), HttpResponse.BodyHandlers.ofString());
    }

    Map<String, String> exchange(String code) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "authorization_code");
        fields.put("code", code);
        fields.put("client_id", SalesforceTestClient.CLIENT_ID);
        fields.put("client_secret", SalesforceTestClient.CLIENT_SECRET);
        fields.put("redirect_uri", CALLBACK);
        fields.put("code_verifier", VERIFIER);
        return fields;
    }

    Map<String, String> refresh(String refreshToken) {
        return Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id",
                SalesforceTestClient.CLIENT_ID, "client_secret", SalesforceTestClient.CLIENT_SECRET);
    }

    JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    void assertRefused(HttpResponse<String> response, String error, String description) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isEqualTo(description);
    }

    int limitsStatus(String accessToken) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + SalesforceTestClient.V + "/limits"))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void theCodeComesBackWithTheStateAndBuysASessionAndARefreshToken() throws Exception {
        start();
        Map<String, String> callback = redirected(authorize(sandbox.loginUrl(), authorizeParams()));
        assertThat(callback).containsEntry("state", "acme.s7At3").containsKey("code");

        JsonNode token = ok(token(sandbox.loginUrl(), exchange(callback.get("code"))));

        assertThat(token.get("id").asText())
                .isEqualTo(sandbox.baseUrl() + "/id/" + sandbox.orgId() + "/" + sandbox.userId());
        assertThat(token.get("instance_url").asText()).isEqualTo(sandbox.baseUrl());
        assertThat(token.get("scope").asText()).isEqualTo("api refresh_token");
        assertThat(token.get("signature").asText()).isNotEmpty();
        assertThat(limitsStatus(token.get("access_token").asText())).isEqualTo(200);
        JsonNode refreshed = ok(token(sandbox.loginUrl(), refresh(token.get("refresh_token").asText())));
        assertThat(limitsStatus(refreshed.get("access_token").asText())).isEqualTo(200);
        assertThat(sandbox.issuedTokens()).contains(token.get("access_token").asText(),
                token.get("refresh_token").asText(), refreshed.get("access_token").asText());
    }

    @Test
    void aRefreshTokenOnlyWhenTheScopeAsksForOne() throws Exception {
        start();
        Map<String, String> apiOnly = authorizeParams();
        apiOnly.put("scope", "api");
        JsonNode token = ok(token(sandbox.loginUrl(), exchange(redirected(authorize(sandbox.loginUrl(), apiOnly))
                .get("code"))));
        assertThat(token.has("refresh_token")).isFalse();

        Map<String, String> offline = authorizeParams();
        offline.put("scope", "api offline_access");
        assertThat(ok(token(sandbox.loginUrl(), exchange(redirected(authorize(sandbox.loginUrl(), offline))
                .get("code")))).has("refresh_token")).isTrue();

        Map<String, String> appScopes = authorizeParams();
        appScopes.remove("scope");
        assertThat(ok(token(sandbox.loginUrl(), exchange(redirected(authorize(sandbox.loginUrl(), appScopes))
                .get("code")))).has("refresh_token")).isTrue();
    }

    @Test
    void aCodeWorksOnceWithinFifteenMinutes() throws Exception {
        start();
        String code = code(sandbox.loginUrl());
        ok(token(sandbox.loginUrl(), exchange(code)));
        assertRefused(token(sandbox.loginUrl(), exchange(code)), "invalid_grant", "invalid authorization code");

        String late = code(sandbox.loginUrl());
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertRefused(token(sandbox.loginUrl(), exchange(late)), "invalid_grant", "expired authorization code");
        assertRefused(token(sandbox.loginUrl(), exchange("aPrxforged")), "invalid_grant",
                "invalid authorization code");
    }

    @Test
    void theVerifierMustHashToTheChallenge() throws Exception {
        start();
        Map<String, String> wrongVerifier = exchange(code(sandbox.loginUrl()));
        wrongVerifier.put("code_verifier", VERIFIER.replace('d', 'e'));
        assertRefused(token(sandbox.loginUrl(), wrongVerifier), "invalid_request", "invalid code verifier");

        Map<String, String> noVerifier = exchange(code(sandbox.loginUrl()));
        noVerifier.remove("code_verifier");
        assertRefused(token(sandbox.loginUrl(), noVerifier), "invalid_grant", "invalid code verifier");

        assertThat(SalesforceAuth.s256(VERIFIER)).isEqualTo(CHALLENGE);
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(CHALLENGE);
    }

    @Test
    void theExchangeNeedsTheSameRedirectUriAndTheAppsSecret() throws Exception {
        start(SalesforceTestClient.config(1_000).withCallbackUrls(CALLBACK, "https://other.example/cb"));
        Map<String, String> otherRedirect = exchange(code(sandbox.loginUrl()));
        otherRedirect.put("redirect_uri", "https://other.example/cb");
        assertRefused(token(sandbox.loginUrl(), otherRedirect), "redirect_uri_mismatch",
                "redirect_uri must match configuration");

        Map<String, String> wrongSecret = exchange(code(sandbox.loginUrl()));
        wrongSecret.put("client_secret", "guessed");
        assertRefused(token(sandbox.loginUrl(), wrongSecret), "invalid_client", "invalid client credentials");
    }

    @Test
    void authorizeRefusesAsSalesforceDoes() throws Exception {
        start();
        Map<String, String> unknownClient = authorizeParams();
        unknownClient.put("client_id", "3MVG9unknown");
        HttpResponse<String> page = authorize(sandbox.loginUrl(), unknownClient);
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).startsWith("error=invalid_client_id");

        Map<String, String> otherCallback = authorizeParams();
        otherCallback.put("redirect_uri", "https://attacker.example/cb");
        page = authorize(sandbox.loginUrl(), otherCallback);
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).startsWith("error=redirect_uri_mismatch");

        Map<String, String> implicit = authorizeParams();
        implicit.put("response_type", "token");
        assertThat(redirected(authorize(sandbox.loginUrl(), implicit))).containsEntry("error",
                "unsupported_response_type").containsEntry("state", "acme.s7At3").doesNotContainKey("code");

        Map<String, String> noChallenge = authorizeParams();
        noChallenge.remove("code_challenge");
        noChallenge.remove("code_challenge_method");
        assertThat(redirected(authorize(sandbox.loginUrl(), noChallenge))).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "missing required code challenge");

        Map<String, String> plain = authorizeParams();
        plain.put("code_challenge_method", "plain");
        assertThat(redirected(authorize(sandbox.loginUrl(), plain))).containsEntry("error", "invalid_request");

        Map<String, String> unknownScope = authorizeParams();
        unknownScope.put("scope", "api chatter_api_everything");
        assertThat(redirected(authorize(sandbox.loginUrl(), unknownScope))).containsEntry("error", "invalid_scope");
    }

    @Test
    void anAppThatDoesNotRequirePkceIssuesCodesWithoutAChallenge() throws Exception {
        start(SalesforceTestClient.config(1_000).withPkceRequired(false));
        Map<String, String> noChallenge = authorizeParams();
        noChallenge.remove("code_challenge");
        noChallenge.remove("code_challenge_method");
        Map<String, String> fields = exchange(redirected(authorize(sandbox.loginUrl(), noChallenge)).get("code"));
        fields.remove("code_verifier");
        ok(token(sandbox.loginUrl(), fields));
    }

    @Test
    void aSandboxOrgLogsInOnlyAtItsTestLoginHost() throws Exception {
        start(SalesforceTestClient.config(1_000).asSandboxOrg());
        assertThat(sandbox.loginUrl()).isNotEqualTo(sandbox.baseUrl());

        // login.salesforce.com does not know the sandbox's users: its login page shows an error, no redirect.
        HttpResponse<String> production = authorize(sandbox.baseUrl(), authorizeParams());
        assertThat(production.statusCode()).isEqualTo(200);
        assertThat(production.body()).contains("Please check your username and password");
        assertRefused(token(sandbox.baseUrl(), Map.of("grant_type", "client_credentials", "client_id",
                SalesforceTestClient.CLIENT_ID, "client_secret", SalesforceTestClient.CLIENT_SECRET)),
                "invalid_grant", "authentication failure");

        JsonNode token = ok(token(sandbox.loginUrl(), exchange(code(sandbox.loginUrl()))));
        assertThat(token.get("id").asText()).startsWith(sandbox.loginUrl() + "/id/" + sandbox.orgId());
        assertThat(token.get("instance_url").asText()).isEqualTo(sandbox.baseUrl());
        assertThat(limitsStatus(token.get("access_token").asText())).isEqualTo(200);
        String refreshToken = token.get("refresh_token").asText();
        assertRefused(token(sandbox.baseUrl(), refresh(refreshToken)), "invalid_grant", "authentication failure");
        ok(token(sandbox.loginUrl(), refresh(refreshToken)));
    }

    @Test
    void aProductionOrgHasNoTestLoginHost() {
        start();
        assertThat(sandbox.loginUrl()).isEqualTo(sandbox.baseUrl());
    }

    @Test
    void aRevokedRefreshTokenIsRefusedAndOthersStillWork() throws Exception {
        start();
        String first = ok(token(sandbox.loginUrl(), exchange(code(sandbox.loginUrl())))).get("refresh_token").asText();
        String second = ok(token(sandbox.loginUrl(), exchange(code(sandbox.loginUrl())))).get("refresh_token")
                .asText();

        sandbox.revokeRefreshToken(first);

        assertRefused(token(sandbox.loginUrl(), refresh(first)), "invalid_grant", "expired access/refresh token");
        ok(token(sandbox.loginUrl(), refresh(second)));
    }

    @Test
    void aDeactivatedUserLosesSessionsRefreshTokensAndLogins() throws Exception {
        start();
        JsonNode token = ok(token(sandbox.loginUrl(), exchange(code(sandbox.loginUrl()))));

        sandbox.deactivateUser(sandbox.integrationUsername());

        assertThat(limitsStatus(token.get("access_token").asText())).isEqualTo(401);
        assertRefused(token(sandbox.loginUrl(), refresh(token.get("refresh_token").asText())), "invalid_grant",
                "expired access/refresh token");
        assertThat(authorize(sandbox.loginUrl(), authorizeParams()).statusCode()).isEqualTo(200);
        assertThat(sandbox.records("User")).filteredOn(u -> sandbox.integrationUsername().equals(u.get("Username")))
                .extracting(u -> u.get("IsActive")).containsExactly(false);

        sandbox.reset();
        assertThat(limitsStatus(token.get("access_token").asText())).isEqualTo(200);
    }

    @Test
    void withRotationEachRefreshAnswersANewTokenAndEndsTheOldOne() throws Exception {
        start(SalesforceTestClient.config(1_000).withRefreshTokenRotation(true));
        String first = ok(token(sandbox.loginUrl(), exchange(code(sandbox.loginUrl())))).get("refresh_token").asText();

        String second = ok(token(sandbox.loginUrl(), refresh(first))).get("refresh_token").asText();

        assertThat(second).isNotEqualTo(first);
        assertRefused(token(sandbox.loginUrl(), refresh(first)), "invalid_grant", "expired access/refresh token");
        ok(token(sandbox.loginUrl(), refresh(second)));
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
