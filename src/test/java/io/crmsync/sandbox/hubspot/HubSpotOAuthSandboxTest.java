package io.crmsync.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.sandbox.http.UrlCoding;

/** The sandbox's OAuth app: install redirect, token endpoint, token metadata, revocation and token expiry. */
class HubSpotOAuthSandboxTest {

    static final String CLIENT_ID = "2f7c4e1a-0b9d-4c3e-8f6a-1d2b3c4d5e6f";
    static final String REDIRECT = "https://crmsync.example.com/oauth/hubspot";
    static final Set<String> REQUIRED = Set.of("oauth", "crm.objects.contacts.read", "crm.objects.owners.read");

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    HubSpotSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = new HubSpotSandbox(HubSpotHttp.config().withClock(clock).withOAuthApp(HubSpotSandbox.OAuthApp.of(
                CLIENT_ID, List.of(REDIRECT), REQUIRED, Set.of("sales-email-read")))).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=').append(encode(v)));
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    String installQuery(String clientId, String redirect, String scope, String optional, String state) {
        return "/oauth/authorize?client_id=" + encode(clientId) + "&redirect_uri=" + encode(redirect) + "&scope="
                + encode(scope) + (optional == null ? "" : "&optional_scope=" + encode(optional))
                + (state == null ? "" : "&state=" + encode(state));
    }

    /** Follows the install URL to the redirect and answers its query parameters. */
    Map<String, List<String>> approve(String scope, String optional, String state) throws Exception {
        HttpResponse<String> response = get(installQuery(CLIENT_ID, REDIRECT, scope, optional, state), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=");
        return UrlCoding.parseForm(URI.create(location).getRawQuery());
    }

    JsonNode exchange(String code, String redirect, int expectedStatus) throws Exception {
        HttpResponse<String> response = post("/oauth/v1/token", Map.of("grant_type", "authorization_code",
                "client_id", CLIENT_ID, "client_secret", HubSpotHttp.CLIENT_SECRET, "redirect_uri", redirect,
                "code", code));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    JsonNode refresh(String refreshToken, int expectedStatus) throws Exception {
        HttpResponse<String> response = post("/oauth/v1/token", Map.of("grant_type", "refresh_token", "client_id",
                CLIENT_ID, "client_secret", HubSpotHttp.CLIENT_SECRET, "refresh_token", refreshToken));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    @Test
    void anInstallRedirectsWithACodeThatBuysTokensOnce() throws Exception {
        Map<String, List<String>> callback = approve("oauth crm.objects.contacts.read crm.objects.owners.read",
                "sales-email-read", "acme.s3cr3t-state");
        assertThat(callback.get("state")).containsExactly("acme.s3cr3t-state");
        String code = callback.get("code").get(0);

        JsonNode tokens = exchange(code, REDIRECT, 200);
        assertThat(tokens.get("token_type").asText()).isEqualTo("bearer");
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(1800);
        assertThat(tokens.get("hub_id").asLong()).isEqualTo(HubSpotHttp.PORTAL_ID);
        assertThat(tokens.get("refresh_token").asText()).isNotBlank();
        assertThat(json.convertValue(tokens.get("scopes"), List.class)).containsExactlyInAnyOrder("oauth",
                "crm.objects.contacts.read", "crm.objects.owners.read", "sales-email-read");

        JsonNode again = exchange(code, REDIRECT, 400);
        assertThat(again.get("status").asText()).isEqualTo("BAD_AUTH_CODE");
        assertThat(again.get("message").asText()).isEqualTo("missing or unknown auth code");

        String access = tokens.get("access_token").asText();
        JsonNode info = json.readTree(get("/oauth/v1/access-tokens/" + access, null).body());
        assertThat(info.get("hub_id").asLong()).isEqualTo(HubSpotHttp.PORTAL_ID);
        assertThat(info.get("app_id").asLong()).isEqualTo(HubSpotHttp.APP_ID);
        assertThat(info.get("expires_in").asLong()).isEqualTo(1800);

        HttpResponse<String> owners = get("/crm/v3/owners", access);
        assertThat(owners.statusCode()).isEqualTo(200);
        assertThat(sandbox.callsAuthorizedBy(access)).isEqualTo(1);
        assertThat(sandbox.callsAuthorizedBy(HubSpotHttp.TOKEN)).isZero();
    }

    @Test
    void theInstallURLIsCheckedAgainstTheApp() throws Exception {
        String scopes = String.join(" ", REQUIRED);
        assertThat(get(installQuery("someone-else", REDIRECT, scopes, null, "s"), null).statusCode()).isEqualTo(400);
        HttpResponse<String> redirect = get(installQuery(CLIENT_ID, "https://evil.example.com/cb", scopes, null, "s"),
                null);
        assertThat(redirect.statusCode()).isEqualTo(400);
        assertThat(redirect.body()).contains("redirect_uri");
        HttpResponse<String> missing = get(installQuery(CLIENT_ID, REDIRECT, "oauth crm.objects.contacts.read", null,
                "s"), null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("crm.objects.owners.read");
        HttpResponse<String> undeclared = get(installQuery(CLIENT_ID, REDIRECT, scopes + " tickets", null, "s"), null);
        assertThat(undeclared.statusCode()).isEqualTo(400);
        assertThat(undeclared.body()).contains("tickets");
        assertThat(get(installQuery(CLIENT_ID, REDIRECT, scopes, "tickets", "s"), null).statusCode()).isEqualTo(400);
    }

    @Test
    void aCodeNeedsItsRedirectUriTheAppsSecretAndItsFiveMinutes() throws Exception {
        String code = approve(String.join(" ", REQUIRED), null, null).get("code").get(0);
        assertThat(exchange(code, REDIRECT + "/other", 400).get("status").asText()).isEqualTo("BAD_REDIRECT_URI");
        HttpResponse<String> wrongSecret = post("/oauth/v1/token", Map.of("grant_type", "authorization_code",
                "client_id", CLIENT_ID, "client_secret", "guess", "redirect_uri", REDIRECT, "code", code));
        assertThat(json.readTree(wrongSecret.body()).get("status").asText()).isEqualTo("BAD_CLIENT_SECRET");
        HttpResponse<String> wrongClient = post("/oauth/v1/token", Map.of("grant_type", "authorization_code",
                "client_id", "nobody", "client_secret", HubSpotHttp.CLIENT_SECRET, "redirect_uri", REDIRECT, "code",
                code));
        assertThat(json.readTree(wrongClient.body()).get("status").asText()).isEqualTo("BAD_CLIENT_ID");

        clock.advance(Duration.ofMinutes(5));
        assertThat(exchange(code, REDIRECT, 400).get("status").asText()).isEqualTo("EXPIRED_AUTH_CODE");
        assertThat(exchange(code, REDIRECT, 400).get("status").asText()).isEqualTo("BAD_AUTH_CODE");
    }

    @Test
    void accessTokensExpireAndRefreshTokensRenewThemUntilRevoked() throws Exception {
        JsonNode tokens = exchange(approve(String.join(" ", REQUIRED), null, null).get("code").get(0), REDIRECT, 200);
        String access = tokens.get("access_token").asText();
        String refreshToken = tokens.get("refresh_token").asText();

        clock.advance(Duration.ofMinutes(29));
        assertThat(get("/crm/v3/owners", access).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(3));
        HttpResponse<String> expired = get("/crm/v3/owners", access);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json.readTree(expired.body()).get("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
        assertThat(json.readTree(expired.body()).get("message").asText())
                .isEqualTo("The OAuth token used to make this call expired 2 minute(s) ago.");
        assertThat(get("/oauth/v1/access-tokens/" + access, null).statusCode()).isEqualTo(404);

        JsonNode renewed = refresh(refreshToken, 200);
        assertThat(renewed.get("refresh_token").asText()).as("HubSpot keeps the refresh token").isEqualTo(refreshToken);
        String newAccess = renewed.get("access_token").asText();
        assertThat(newAccess).isNotEqualTo(access);
        assertThat(get("/crm/v3/owners", newAccess).statusCode()).isEqualTo(200);

        sandbox.expireAccessTokens();
        assertThat(get("/crm/v3/owners", newAccess).statusCode()).isEqualTo(401);

        assertThat(sandbox.revokeRefreshToken(refreshToken)).isTrue();
        JsonNode refused = refresh(refreshToken, 400);
        assertThat(refused.get("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        assertThat(refused.get("message").asText()).isEqualTo("missing or invalid refresh token");
        assertThat(refresh("made-up", 400).get("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
    }

    @Test
    void revokingOverHttpAndUninstallingStopTheTokens() throws Exception {
        JsonNode tokens = exchange(approve(String.join(" ", REQUIRED), null, null).get("code").get(0), REDIRECT, 200);
        String refreshToken = tokens.get("refresh_token").asText();
        assertThat(get("/oauth/v1/refresh-tokens/" + refreshToken, null).statusCode()).isEqualTo(200);
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/oauth/v1/refresh-tokens/" + refreshToken)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(refresh(refreshToken, 400).get("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        assertThat(get("/crm/v3/owners", tokens.get("access_token").asText()).statusCode())
                .as("access tokens live on after a revoke").isEqualTo(200);

        JsonNode second = exchange(approve(String.join(" ", REQUIRED), null, null).get("code").get(0), REDIRECT, 200);
        sandbox.uninstallApp();
        assertThat(get("/crm/v3/owners", second.get("access_token").asText()).statusCode()).isEqualTo(401);
        assertThat(refresh(second.get("refresh_token").asText(), 400).get("status").asText())
                .isEqualTo("BAD_REFRESH_TOKEN");
    }

    @Test
    void accountDetailsNameThePortalForAPrivateAppOrAnOAuthToken() throws Exception {
        HttpResponse<String> details = get("/account-info/v3/details", HubSpotHttp.TOKEN);
        assertThat(details.statusCode()).isEqualTo(200);
        assertThat(json.readTree(details.body()).get("portalId").asLong()).isEqualTo(HubSpotHttp.PORTAL_ID);
        String access = exchange(approve(String.join(" ", REQUIRED), null, null).get("code").get(0), REDIRECT, 200)
                .get("access_token").asText();
        assertThat(json.readTree(get("/account-info/v3/details", access).body()).get("portalId").asLong())
                .isEqualTo(HubSpotHttp.PORTAL_ID);
        assertThat(get("/account-info/v3/details", "pat-na1-wrong").statusCode()).isEqualTo(401);
        assertThat(get("/account-info/v3/details", null).statusCode()).isEqualTo(401);
    }
}
