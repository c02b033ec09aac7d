package io.crmsync.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.ingest.HubSpotSignatureV3;

class HubSpotSandboxTest {

    private static final String TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";
    private static final String CLIENT_SECRET = "hubspot-client-secret-for-tests";
    private static final long PORTAL_ID = 4_242_424L;
    private static final long APP_ID = 777_001L;
    private static final String BATCH_READ = "POST /crm/v3/objects/{objectType}/batch/read";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HubSpotSandbox sandbox;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        sandbox = new HubSpotSandbox(new HubSpotSandbox.Config(TOKEN, PORTAL_ID, APP_ID, CLIENT_SECRET)).start();
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    // ---- objects ----

    @Test
    void createsReadsAndUpdatesAContact() throws Exception {
        HttpResponse<String> created = send("POST", "/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"ada@example.com\",\"firstname\":\"Ada\",\"lastname\":\"Lovelace\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode object = json.readTree(created.body());
        String id = object.get("id").asText();
        assertThat(id).matches("\\d+");
        assertThat(object.get("archived").asBoolean()).isFalse();
        assertThat(object.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(object.get("properties").get("email").asText()).isEqualTo("ada@example.com");
        assertThat(object.get("properties").get("hs_object_id").asText()).isEqualTo(id);
        assertThat(object.get("properties").get("createdate").asText()).isEqualTo(object.get("createdAt").asText());

        HttpResponse<String> read = send("GET", "/crm/v3/objects/contacts/" + id + "?properties=email,phone&archived=false",
                null);
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode properties = json.readTree(read.body()).get("properties");
        assertThat(fieldNames(properties)).containsExactlyInAnyOrder("email", "phone", "hs_object_id", "createdate",
                "lastmodifieddate");
        assertThat(properties.get("phone").isNull()).isTrue();
        String modifiedBefore = properties.get("lastmodifieddate").asText();

        HttpResponse<String> updated = send("PATCH", "/crm/v3/objects/contacts/" + id,
                "{\"properties\":{\"phone\":\"+44 20 7946 0000\",\"firstname\":\"\"}}");
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode after = json.readTree(updated.body());
        assertThat(after.get("properties").get("phone").asText()).isEqualTo("+44 20 7946 0000");
        assertThat(Instant.parse(after.get("properties").get("lastmodifieddate").asText()))
                .isAfter(Instant.parse(modifiedBefore));
        assertThat(after.get("updatedAt").asText()).isEqualTo(after.get("properties").get("lastmodifieddate").asText());
        assertThat(sandbox.contact(id)).hasValueSatisfying(p -> {
            assertThat(p).containsEntry("phone", "+44 20 7946 0000").doesNotContainKey("firstname");
        });

        // "0-1" is the contacts object type id and works like "contacts".
        assertThat(send("GET", "/crm/v3/objects/0-1/" + id, null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownContactIs404AndDuplicateEmailIs409() throws Exception {
        HttpResponse<String> missing = send("GET", "/crm/v3/objects/contacts/999999", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode error = json.readTree(missing.body());
        assertThat(error.get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(error.get("status").asText()).isEqualTo("error");
        assertThat(error.get("correlationId").asText()).matches("[0-9a-f-]{36}");
        assertThat(send("PATCH", "/crm/v3/objects/contacts/999999", "{\"properties\":{\"phone\":\"1\"}}").statusCode())
                .isEqualTo(404);

        String id = sandbox.createContact(Map.of("email", "grace@example.com"));
        HttpResponse<String> duplicate = send("POST", "/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"Grace@Example.com\"}}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        JsonNode conflict = json.readTree(duplicate.body());
        assertThat(conflict.get("category").asText()).isEqualTo("CONFLICT");
        assertThat(conflict.get("message").asText()).isEqualTo("Contact already exists. Existing ID: " + id);
        assertThat(sandbox.contactCount()).isEqualTo(1);
    }

    @Test
    void refusesUnknownPropertiesAndMalformedJson() throws Exception {
        HttpResponse<String> unknown = send("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"shoe_size\":\"9\"}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(unknown.body()).contains("PROPERTY_DOESNT_EXIST");

        HttpResponse<String> malformed = send("POST", "/crm/v3/objects/contacts", "{\"properties\":{");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json.readTree(malformed.body()).get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(sandbox.contactCount()).isZero();
    }

    @Test
    void batchReadAnswers200WhenAllAreFound() throws Exception {
        String a = sandbox.createContact(Map.of("email", "a@example.com", "firstname", "A"));
        String b = sandbox.createContact(Map.of("email", "b@example.com"));

        HttpResponse<String> response = send("POST", "/crm/v3/objects/contacts/batch/read?archived=false",
                batchReadBody(List.of("firstname", "email"), List.of(a, b)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("COMPLETE");
        assertThat(body.has("errors")).isFalse();
        assertThat(body.has("startedAt")).isTrue();
        assertThat(body.has("completedAt")).isTrue();
        assertThat(body.get("results")).hasSize(2);
        JsonNode first = body.get("results").get(0);
        assertThat(first.get("id").asText()).isEqualTo(a);
        assertThat(fieldNames(first.get("properties"))).containsExactlyInAnyOrder("firstname", "email",
                "hs_object_id", "createdate", "lastmodifieddate");
        assertThat(body.get("results").get(1).get("properties").get("firstname").isNull()).isTrue();
        assertThat(sandbox.calls(BATCH_READ)).isEqualTo(1);
    }

    @Test
    void batchReadAnswers207WithTheMissingIds() throws Exception {
        String a = sandbox.createContact(Map.of("email", "a@example.com"));

        HttpResponse<String> response = send("POST", "/crm/v3/objects/contacts/batch/read",
                batchReadBody(List.of("email"), List.of(a, "424242", "not-a-number")));

        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("results")).hasSize(1);
        assertThat(body.get("numErrors").asInt()).isEqualTo(1);
        JsonNode error = body.get("errors").get(0);
        assertThat(error.get("status").asText()).isEqualTo("error");
        assertThat(error.get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(error.get("message").asText()).isEqualTo(
                "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.");
        assertThat(error.get("context").get("ids")).extracting(JsonNode::asText)
                .containsExactly("424242", "not-a-number");
    }

    @Test
    void batchReadRefusesMoreThan100InputsAndMalformedJson() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 101).mapToObj(String::valueOf).toList();
        HttpResponse<String> tooMany = send("POST", "/crm/v3/objects/contacts/batch/read",
                batchReadBody(List.of("email"), ids));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(tooMany.body());
        assertThat(error.get("status").asText()).isEqualTo("error");
        assertThat(error.get("category").asText()).isEqualTo("VALIDATION_ERROR");

        assertThat(send("POST", "/crm/v3/objects/contacts/batch/read",
                batchReadBody(List.of("email"), ids.subList(0, 100))).statusCode()).isEqualTo(207);
        assertThat(send("POST", "/crm/v3/objects/contacts/batch/read", "{\"inputs\":[").statusCode()).isEqualTo(400);
    }

    @Test
    void batchReadByEmailIdProperty() throws Exception {
        String id = sandbox.createContact(Map.of("email", "lin@example.com"));
        HttpResponse<String> response = send("POST", "/crm/v3/objects/contacts/batch/read",
                "{\"properties\":[],\"propertiesWithHistory\":[\"email\"],\"idProperty\":\"email\","
                        + "\"inputs\":[{\"id\":\"lin@example.com\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json.readTree(response.body()).get("results").get(0);
        assertThat(result.get("id").asText()).isEqualTo(id);
        JsonNode history = result.get("propertiesWithHistory").get("email").get(0);
        assertThat(history.get("value").asText()).isEqualTo("lin@example.com");
        assertThat(history.get("sourceType").asText()).isEqualTo("CRM_UI");
    }

    @Test
    void everyCrmCallNeedsTheBearerToken() throws Exception {
        String id = sandbox.createContact(Map.of("email", "a@example.com"));
        for (String authorization : new String[] { null, "Bearer wrong-token", TOKEN }) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/crm/v3/objects/contacts/" + id));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("Authorization: %s", authorization).isEqualTo(401);
            JsonNode error = json.readTree(response.body());
            assertThat(error.get("status").asText()).isEqualTo("error");
            assertThat(error.get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
            assertThat(error.get("message").asText()).startsWith("Authentication credentials not found");
            assertThat(error.get("correlationId").asText()).isNotBlank();
        }
        assertThat(send("GET", "/crm/v3/objects/contacts/" + id, null).statusCode()).isEqualTo(200);
    }

    @Test
    void countsCallsPerEndpointAndAnswersUnknownRoutes() throws Exception {
        String id = sandbox.createContact(Map.of("email", "a@example.com"));
        send("GET", "/crm/v3/objects/contacts/" + id, null);
        send("GET", "/crm/v3/objects/contacts/" + id, null);
        send("POST", "/crm/v3/objects/contacts/batch/read", batchReadBody(List.of(), List.of(id)));

        assertThat(sandbox.calls("GET /crm/v3/objects/{objectType}/{objectId}")).isEqualTo(2);
        assertThat(sandbox.calls(BATCH_READ)).isEqualTo(1);
        assertThat(sandbox.totalCalls()).isEqualTo(3);
        assertThat(send("GET", "/crm/v3/nothing-here", null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/crm/v3/objects/contacts/batch/read", null).statusCode()).isEqualTo(405);

        sandbox.resetCounters();
        assertThat(sandbox.totalCalls()).isZero();
    }

    // ---- webhooks ----

    @Test
    void deliversSignedCreationAndPropertyChangeEvents() throws Exception {
        sandbox.subscribe(receiver.url());

        String id = sandbox.createContact(orderedMap("email", "ada@example.com", "firstname", "Ada"));
        assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(10))).isTrue();

        List<JsonNode> events = receivedEvents();
        assertThat(events).extracting(e -> e.get("subscriptionType").asText())
                .containsExactly("contact.creation", "contact.propertyChange", "contact.propertyChange");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("objectId").asLong()).isEqualTo(Long.parseLong(id));
            assertThat(e.get("portalId").asLong()).isEqualTo(PORTAL_ID);
            assertThat(e.get("appId").asLong()).isEqualTo(APP_ID);
            assertThat(e.get("attemptNumber").asInt()).isZero();
            assertThat(e.get("changeSource").asText()).isEqualTo("CRM_UI");
            assertThat(e.get("occurredAt").asLong()).isPositive();
            assertThat(e.get("subscriptionId").asLong()).isPositive();
        });
        assertThat(events.get(1).get("propertyName").asText()).isEqualTo("email");
        assertThat(events.get(1).get("propertyValue").asText()).isEqualTo("ada@example.com");
        assertThat(events.get(0).has("propertyName")).isFalse();

        send("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"firstname\":\"Ada\",\"phone\":\"123\"}}");
        assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(10))).isTrue();
        List<JsonNode> all = receivedEvents();
        JsonNode change = all.get(all.size() - 1);
        assertThat(all).hasSize(4); // firstname did not change, so only phone fires
        assertThat(change.get("propertyName").asText()).isEqualTo("phone");
        assertThat(change.get("changeSource").asText()).isEqualTo("INTEGRATION");
        assertThat(change.get("sourceId").asText()).isEqualTo(String.valueOf(APP_ID));
        assertThat(all).extracting(e -> e.get("eventId").asLong()).doesNotHaveDuplicates().isSorted();

        for (WebhookReceiver.Received request : receiver.received()) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertThat(request.uri().getPath()).isEqualTo("/hubspot/webhook");
            assertSignedByHubSpot(request);
        }
        assertThat(sandbox.totalCalls()).as("webhook POSTs are no API calls").isEqualTo(1);
        assertThat(sandbox.deliveryCount()).isEqualTo(receiver.received().size());
    }

    @Test
    void batchesAtMost100EventsPerPost() throws Exception {
        sandbox.subscribe(receiver.url());
        for (int i = 0; i < 70; i++) {
            sandbox.createContact(orderedMap("email", "c" + i + "@example.com", "firstname", "C" + i));
        }
        assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(20))).isTrue();

        List<WebhookReceiver.Received> posts = receiver.received();
        List<Integer> sizes = new ArrayList<>();
        Set<Long> eventIds = new HashSet<>();
        for (WebhookReceiver.Received post : posts) {
            JsonNode batch = json.readTree(post.body());
            assertThat(batch.isArray()).isTrue();
            sizes.add(batch.size());
            batch.forEach(e -> eventIds.add(e.get("eventId").asLong()));
        }
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 100));
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(210);
        assertThat(eventIds).hasSize(210);
        assertThat(sizes).as("210 events cannot fit fewer than 3 POSTs").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void retriesAFailedPostWithTheNextAttemptNumber() throws Exception {
        sandbox.subscribe(receiver.url());
        receiver.answerNext(500, 503);

        sandbox.createContact(Map.of("email", "retry@example.com"));
        assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(10))).isTrue();

        List<WebhookReceiver.Received> posts = receiver.received();
        assertThat(posts).hasSize(3);
        List<Long> firstIds = null;
        for (int attempt = 0; attempt < posts.size(); attempt++) {
            JsonNode batch = json.readTree(posts.get(attempt).body());
            int expected = attempt;
            assertThat(batch).allSatisfy(e -> assertThat(e.get("attemptNumber").asInt()).isEqualTo(expected));
            List<Long> ids = new ArrayList<>();
            batch.forEach(e -> ids.add(e.get("eventId").asLong()));
            if (firstIds == null) {
                firstIds = ids;
            }
            assertThat(ids).isEqualTo(firstIds);
            assertSignedByHubSpot(posts.get(attempt));
        }
        assertThat(sandbox.deliveries()).extracting(d -> d.status().orElse(-1)).containsExactly(500, 503, 200);
        assertThat(sandbox.deliveries()).extracting(WebhookDelivery::attempt).containsExactly(0, 1, 2);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() throws Exception {
        sandbox.subscribe(receiver.url());
        receiver.answerAlways(500);

        sandbox.createContact(Map.of("email", "never@example.com"));
        assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(sandbox.deliveries()).extracting(WebhookDelivery::attempt).containsExactly(0, 1, 2, 3);
        assertThat(sandbox.deliveries()).noneMatch(WebhookDelivery::succeeded);
    }

    @Test
    void resendsUpToTenTimesWithGrowingDelaysOnHubSpotsSchedule() throws Exception {
        sandbox.subscribe(receiver.url());
        receiver.answerAlways(503);
        sandbox.webhookRetries(new WebhookRetries(10, Duration.ofMillis(20), Duration.ofMillis(160), 0));

        sandbox.createContact(Map.of("email", "outage@example.com"));
        assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(20))).isTrue();

        List<WebhookDelivery> deliveries = sandbox.deliveries();
        assertThat(deliveries).extracting(WebhookDelivery::attempt).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (int retry = 1; retry < deliveries.size(); retry++) {
            long gap = Duration.between(deliveries.get(retry - 1).sentAt(), deliveries.get(retry).sentAt()).toMillis();
            assertThat(gap).as("wait before resend %d", retry).isGreaterThanOrEqualTo(
                    Math.min(160, 20L << (retry - 1)));
        }
    }

    @Test
    void hubSpotsOwnScheduleSpreadsTenResendsOverADay() {
        WebhookRetries hubSpot = WebhookRetries.HUBSPOT;
        Duration total = Duration.ZERO;
        for (int retry = 1; retry <= hubSpot.maxRetries(); retry++) {
            total = total.plus(hubSpot.nominalDelayBefore(retry));
        }
        assertThat(hubSpot.maxRetries()).isEqualTo(10);
        assertThat(total.multipliedBy(12).dividedBy(10)).isLessThan(Duration.ofHours(24));
        assertThat(total).isGreaterThan(Duration.ofHours(12));
        assertThat(WebhookRetries.hubSpotShortenedBy(60).nominalDelayBefore(1)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retriesWhenTheReceiverIsUnreachable() throws Exception {
        receiver.close();
        sandbox.subscribe(receiver.url());

        sandbox.createContact(Map.of("email", "down@example.com"));
        assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(sandbox.deliveries()).hasSize(4).allSatisfy(d -> {
            assertThat(d.status()).isEmpty();
            assertThat(d.error()).isPresent();
        });
    }

    @Test
    void redeliversTheSameEventsWithAFreshSignature() throws Exception {
        sandbox.subscribe(receiver.url());
        sandbox.createContact(Map.of("email", "dup@example.com"));
        assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(10))).isTrue();
        WebhookDelivery original = sandbox.deliveries().get(0);

        Thread.sleep(5); // a later timestamp, hence a different signature
        WebhookDelivery again = sandbox.redeliver(original);

        assertThat(again.succeeded()).isTrue();
        assertThat(again.body()).isEqualTo(original.body());
        assertThat(again.headers().get("X-HubSpot-Signature-v3"))
                .isNotEqualTo(original.headers().get("X-HubSpot-Signature-v3"));
        List<WebhookReceiver.Received> posts = receiver.received();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).body()).isEqualTo(posts.get(0).body());
        assertSignedByHubSpot(posts.get(1));
    }

    @Test
    void noDeliveriesWithoutASubscription() throws Exception {
        sandbox.createContact(Map.of("email", "quiet@example.com"));
        sandbox.subscribe(receiver.url());
        sandbox.unsubscribe();
        sandbox.createContact(Map.of("email", "quiet2@example.com"));
        assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.received()).isEmpty();
    }

    // ---- helpers ----

    /** Checks the v3 signature with javax.crypto directly, and production's verifier agrees. */
    private void assertSignedByHubSpot(WebhookReceiver.Received request) throws Exception {
        String timestamp = request.header("X-HubSpot-Request-Timestamp");
        String signature = request.header("X-HubSpot-Signature-v3");
        assertThat(Long.parseLong(timestamp)).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        String url = receiver.url().toString();
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                hmac.doFinal(("POST" + url + request.body() + timestamp).getBytes(StandardCharsets.UTF_8)));
        assertThat(signature).isEqualTo(expected);
        assertThat(HubSpotSignatureV3.verify(CLIENT_SECRET, "POST", url, request.body().getBytes(StandardCharsets.UTF_8),
                timestamp, signature, Instant.now())).isEqualTo(HubSpotSignatureV3.Verdict.VALID);
    }

    private List<JsonNode> receivedEvents() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (WebhookReceiver.Received post : receiver.received()) {
            json.readTree(post.body()).forEach(events::add);
        }
        events.sort(java.util.Comparator.comparingLong(e -> e.get("eventId").asLong()));
        return events;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(10));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String batchReadBody(List<String> properties, List<String> ids) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("properties", properties);
        body.put("propertiesWithHistory", List.of());
        body.put("inputs", ids.stream().map(id -> Map.of("id", id)).toList());
        return json.writeValueAsString(body);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> orderedMap(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
