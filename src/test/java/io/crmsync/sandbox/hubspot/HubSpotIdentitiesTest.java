package io.crmsync.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.UrlCoding;
import io.crmsync.sandbox.hubspot.HubSpotSandbox.Identity;

/**
 * The portal's token holders over HTTP: crmsync's app (its private-app token and OAuth tokens), another installed
 * app, and a person. Each one's REST writes carry its own source in webhooks (changeSource/sourceId) and in
 * property history (sourceType/sourceId/updatedByUserId); the webhooks still go to crmsync's app.
 */
class HubSpotIdentitiesTest {

    private static final String TOKEN = "pat-na1-crmsync-0000-identities";
    private static final long PORTAL_ID = 5_151_515L;
    private static final long APP_ID = 1_160_452L;
    private static final String CLIENT_SECRET = "identities-client-secret";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HubSpotSandbox sandbox;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        sandbox = new HubSpotSandbox(new HubSpotSandbox.Config(TOKEN, PORTAL_ID, APP_ID, CLIENT_SECRET, 0,
                Duration.ofMillis(50), Duration.ofSeconds(5))).start();
        receiver = new WebhookReceiver();
        sandbox.subscribe(receiver.url());
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    @Test
    void theDefaultsAreAnotherAppAndAPerson() {
        HubSpotSandbox.Config config = sandbox.config();
        assertThat(config.identities()).containsExactly(Identity.OTHER_APP, Identity.PERSON);
        assertThat(config.person()).contains(Identity.PERSON);
        assertThat(config.person().orElseThrow().token()).isEqualTo(Identity.PERSON_TOKEN);
        assertThat(config.person().orElseThrow().userId()).isEqualTo(Identity.PERSON_USER_ID);
        assertThat(config.otherApp().orElseThrow().appId()).isEqualTo(Identity.OTHER_APP_ID);
        assertThat(config.withIdentities(List.of()).person()).isEmpty();
        assertThatThrownBy(() -> config.withIdentities(List.of(Identity.app("other", APP_ID))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withIdentities(List.of(Identity.person(TOKEN, 5))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPersonsWritesAreUiEditsByThatUser() throws Exception {
        String id = createContact(Identity.PERSON_TOKEN, fixture("contact-by-hand.json"));
        update(Identity.PERSON_TOKEN, id, "{\"properties\":{\"jobtitle\":\"Engineer\"}}");

        List<JsonNode> events = events(id, 4);
        assertThat(events).extracting(e -> e.get("subscriptionType").asText()).containsExactlyInAnyOrder(
                "contact.creation", "contact.propertyChange", "contact.propertyChange", "contact.propertyChange",
                "contact.propertyChange");
        for (JsonNode event : events) {
            assertThat(event.get("changeSource").asText()).isEqualTo("CRM_UI");
            assertThat(event.get("sourceId").asText()).isEqualTo("userId:" + Identity.PERSON_USER_ID);
            assertThat(event.get("appId").asLong()).as("delivered to crmsync's app").isEqualTo(APP_ID);
            assertThat(event.get("portalId").asLong()).isEqualTo(PORTAL_ID);
        }

        JsonNode email = history(id, "email").get(0);
        assertThat(email.get("value").asText()).isEqualTo("you@example.com");
        assertThat(email.get("sourceType").asText()).isEqualTo("CRM_UI");
        assertThat(email.get("sourceId").asText()).isEqualTo("userId:" + Identity.PERSON_USER_ID);
        assertThat(email.get("updatedByUserId").asLong()).isEqualTo(Identity.PERSON_USER_ID);
        JsonNode title = history(id, "jobtitle").get(0);
        assertThat(title.get("value").asText()).isEqualTo("Engineer");
        assertThat(title.get("sourceType").asText()).isEqualTo("CRM_UI");
        assertThat(title.get("updatedByUserId").asLong()).isEqualTo(Identity.PERSON_USER_ID);
    }

    @Test
    void anotherAppsWritesAreIntegrationWithItsAppId() throws Exception {
        String id = createContact(Identity.OTHER_APP_TOKEN, fixture("contact-by-hand.json"));
        update(Identity.OTHER_APP_TOKEN, id, "{\"properties\":{\"jobtitle\":\"Engineer\"}}");

        List<JsonNode> events = events(id, 4);
        assertThat(events).hasSize(5);
        for (JsonNode event : events) {
            assertThat(event.get("changeSource").asText()).isEqualTo("INTEGRATION");
            assertThat(event.get("sourceId").asText()).isEqualTo(String.valueOf(Identity.OTHER_APP_ID));
            assertThat(event.get("appId").asLong()).isEqualTo(APP_ID);
        }
        JsonNode title = history(id, "jobtitle").get(0);
        assertThat(title.get("sourceType").asText()).isEqualTo("INTEGRATION");
        assertThat(title.get("sourceId").asText()).isEqualTo(String.valueOf(Identity.OTHER_APP_ID));
        assertThat(title.has("updatedByUserId")).isFalse();
    }

    @Test
    void crmsyncsOwnTokenAndItsOAuthTokensStillWriteAsCrmsyncsApp() throws Exception {
        String byPrivateApp = createContact(TOKEN, "{\"properties\":{\"email\":\"pat@example.com\"}}");
        String oauthToken = oauthAccessToken();
        String byOAuth = createContact(oauthToken, "{\"properties\":{\"email\":\"oauth@example.com\"}}");
        update(oauthToken, byPrivateApp, "{\"properties\":{\"jobtitle\":\"Engineer\"}}");

        List<JsonNode> events = new ArrayList<>(events(byPrivateApp, 2));
        events.addAll(events(byOAuth, 1));
        assertThat(events).hasSize(5);
        for (JsonNode event : events) {
            assertThat(event.get("changeSource").asText()).isEqualTo("INTEGRATION");
            assertThat(event.get("sourceId").asText()).isEqualTo(String.valueOf(APP_ID));
        }
        for (String property : List.of("email", "jobtitle")) {
            JsonNode version = history(byPrivateApp, property).get(0);
            assertThat(version.get("sourceType").asText()).isEqualTo("INTEGRATION");
            assertThat(version.get("sourceId").asText()).isEqualTo(String.valueOf(APP_ID));
        }
    }

    @Test
    void oneRecordKeepsEachWritersSourceInItsHistory() throws Exception {
        String id = createContact(TOKEN, "{\"properties\":{\"email\":\"ada@example.com\",\"jobtitle\":\"A\"}}");
        update(Identity.OTHER_APP_TOKEN, id, "{\"properties\":{\"jobtitle\":\"B\"}}");
        update(Identity.PERSON_TOKEN, id, "{\"properties\":{\"jobtitle\":\"C\"}}");

        assertThat(history(id, "jobtitle")).extracting(v -> v.get("value").asText() + " " + v.get("sourceType")
                .asText() + " " + v.get("sourceId").asText()).containsExactly(
                        "C CRM_UI userId:" + Identity.PERSON_USER_ID,
                        "B INTEGRATION " + Identity.OTHER_APP_ID,
                        "A INTEGRATION " + APP_ID);
        assertThat(sandbox.propertyHistory("contacts", id, "jobtitle")).extracting(
                HubSpotObject.PropertyVersion::updatedByUserId).containsExactly(Identity.PERSON_USER_ID, null, null);
    }

    @Test
    void configuredIdentitiesReplaceTheDefaults() throws Exception {
        sandbox.close();
        sandbox = new HubSpotSandbox(new HubSpotSandbox.Config(TOKEN, PORTAL_ID, APP_ID, CLIENT_SECRET)
                .withIdentities(List.of(Identity.person("user-token-ines", 4_711L)))).start();
        sandbox.subscribe(receiver.url());
        assertThat(send("POST", "/crm/v3/objects/contacts", Identity.PERSON_TOKEN,
                "{\"properties\":{\"email\":\"x@example.com\"}}").statusCode()).as("no longer known").isEqualTo(401);

        String id = createContact("user-token-ines", "{\"properties\":{\"email\":\"ines@example.com\"}}");
        JsonNode event = events(id, 1).get(0);
        assertThat(event.get("changeSource").asText()).isEqualTo("CRM_UI");
        assertThat(event.get("sourceId").asText()).isEqualTo("userId:4711");
    }

    // ---- helpers ----

    private String createContact(String token, String body) throws Exception {
        HttpResponse<String> created = send("POST", "/crm/v3/objects/contacts", token, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asText();
    }

    private void update(String token, String id, String body) throws Exception {
        HttpResponse<String> updated = send("PATCH", "/crm/v3/objects/contacts/" + id, token, body);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    }

    /** The record's property history through the API (propertiesWithHistory), newest first. */
    private List<JsonNode> history(String id, String property) throws Exception {
        HttpResponse<String> read = send("GET", "/crm/v3/objects/contacts/" + id + "?propertiesWithHistory="
                + property, TOKEN, null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        List<JsonNode> versions = new ArrayList<>();
        json.readTree(read.body()).path("propertiesWithHistory").path(property).forEach(versions::add);
        assertThat(versions).as("history of " + property).isNotEmpty();
        return versions;
    }

    /** The events delivered for one record once at least {@code atLeast} arrived and deliveries went idle. */
    private List<JsonNode> events(String objectId, int atLeast) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(5))).isTrue();
            events.clear();
            for (WebhookReceiver.Received received : receiver.received()) {
                for (JsonNode event : json.readTree(received.body())) {
                    if (event.path("objectId").asText().equals(objectId)) {
                        events.add(event);
                    }
                }
            }
            if (events.size() >= atLeast) {
                return events;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Fewer than " + atLeast + " events for " + objectId + ": " + events);
    }

    /** An access token from crmsync's OAuth app, through the install redirect and the token endpoint. */
    private String oauthAccessToken() throws Exception {
        HubSpotSandbox.OAuthApp app = sandbox.config().oauthApp();
        String redirect = app.redirectUris().get(0);
        HttpResponse<String> install = send("GET", "/oauth/authorize?client_id=" + encode(app.clientId())
                + "&redirect_uri=" + encode(redirect) + "&scope=oauth", null, null);
        assertThat(install.statusCode()).as(install.body()).isEqualTo(302);
        String code = UrlCoding.parseForm(URI.create(install.headers().firstValue("Location").orElseThrow())
                .getRawQuery()).get("code").get(0);
        String form = "grant_type=authorization_code&client_id=" + encode(app.clientId()) + "&client_secret="
                + encode(CLIENT_SECRET) + "&redirect_uri=" + encode(redirect) + "&code=" + encode(code);
        HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/oauth/v1/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return json.readTree(tokens.body()).get("access_token").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = HubSpotIdentitiesTest.class.getResourceAsStream("/fixtures/hubspot/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
