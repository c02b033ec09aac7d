package io.crmsync.sandbox.hubspot;

import io.crmsync.sandbox.http.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class HubSpotSearchAndLimitsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private HubSpotSandbox sandbox;
    private HubSpotHttp api;

    @BeforeEach
    void start() {
        sandbox = new HubSpotSandbox(HubSpotHttp.config().withClock(clock)
                .withLimits(new RateLimits.Settings(20, Duration.ofSeconds(10), 60, 5))).start();
        api = new HubSpotHttp(sandbox.baseUrl());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private JsonNode search(String type, String body) throws Exception {
        clock.advance(Duration.ofMillis(250)); // stay under 5 searches per second
        return api.call("POST", "/crm/v3/objects/" + type + "/search", body, 200);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("results").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    @Test
    void filtersCompareByPropertyType() throws Exception {
        String small = sandbox.createRecord("companies", Map.of("name", "Small", "annualrevenue", "9", "city", "Oslo"));
        String big = sandbox.createRecord("companies", Map.of("name", "Big", "annualrevenue", "100"));
        String mid = sandbox.createRecord("companies", Map.of("name", "Mid Corp", "annualrevenue", "20", "city", "Rome"));
        // numeric, not text: "9" < "20" < "100"
        assertThat(ids(search("companies", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"annualrevenue\",\"operator\":\"GT\",\"value\":\"10\"}]}]}")))
                .containsExactly(big, mid);
        assertThat(ids(search("companies", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"annualrevenue\",\"operator\":\"BETWEEN\",\"value\":\"9\",\"highValue\":\"20\"}]}],"
                + "\"sorts\":[{\"propertyName\":\"annualrevenue\",\"direction\":\"DESCENDING\"}]}"))).containsExactly(mid, small);
        assertThat(ids(search("companies", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"city\",\"operator\":\"NOT_HAS_PROPERTY\"}]}]}")))
                .containsExactly(big);
        assertThat(ids(search("companies", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"city\",\"operator\":\"IN\",\"values\":[\"oslo\",\"Paris\"]}]},"
                + "{\"filters\":[{\"propertyName\":\"name\",\"operator\":\"CONTAINS_TOKEN\",\"value\":\"corp\"}]}]}"))).containsExactly(small, mid);
        assertThat(ids(search("companies", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"name\",\"operator\":\"NEQ\",\"value\":\"big\"},"
                + "{\"propertyName\":\"city\",\"operator\":\"NOT_IN\",\"values\":[\"Rome\"]}]}]}"))).containsExactly(small);
        assertThat(search("companies", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"hs_object_id\",\"operator\":\"EQ\",\"value\":\"" + big + "\"}]}]}")
                .get("total").asInt()).isEqualTo(1);
        sandbox.archiveRecord("companies", big);
        assertThat(ids(search("companies", "{}"))).containsExactly(small, mid);
        JsonNode contactDefaults = search("companies", "{\"limit\":1,\"properties\":[\"name\"]}");
        assertThat(contactDefaults.get("paging").get("next").get("after").asText()).isEqualTo("1");
        assertThat(contactDefaults.get("total").asInt()).isEqualTo(2);
    }

    @Test
    void datesCompareAsTimesGivenAsEpochMillisOrIso() throws Exception {
        String early = sandbox.createRecord("deals", Map.of("dealname", "A", "closedate", "2026-01-10"));
        String late = sandbox.createRecord("deals", Map.of("dealname", "B", "closedate", "1772323200000")); // 2026-03-01
        assertThat(ids(search("deals", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"closedate\",\"operator\":\"GTE\",\"value\":\"2026-02-01T00:00:00Z\"}]}]}")))
                .containsExactly(late);
        assertThat(ids(search("deals", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"closedate\",\"operator\":\"LT\",\"value\":\""
                + Instant.parse("2026-02-01T00:00:00Z").toEpochMilli() + "\"}]}]}"))).containsExactly(early);
    }

    @Test
    void refusesWhatHubSpotRefuses() throws Exception {
        StringBuilder groups = new StringBuilder();
        for (int g = 0; g < 6; g++) {
            groups.append(g == 0 ? "" : ",").append("{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"HAS_PROPERTY\"}]}");
        }
        List<String> bodies = List.of("{\"filterGroups\":[" + groups + "]}",
                "{\"filterGroups\":[{\"filters\":[" + "{\"propertyName\":\"email\",\"operator\":\"HAS_PROPERTY\"},".repeat(6)
                        + "{\"propertyName\":\"email\",\"operator\":\"HAS_PROPERTY\"}]}]}",
                "{\"filterGroups\":[" + ("{\"filters\":[" + "{\"propertyName\":\"email\",\"operator\":\"HAS_PROPERTY\"},".repeat(4)
                        + "{\"propertyName\":\"email\",\"operator\":\"HAS_PROPERTY\"}]},").repeat(3)
                        + "{\"filters\":[" + "{\"propertyName\":\"email\",\"operator\":\"HAS_PROPERTY\"},".repeat(4)
                        + "{\"propertyName\":\"email\",\"operator\":\"HAS_PROPERTY\"}]}]}", // 4 groups of 5: 20 > 18 filters
                "{\"limit\":201}", "{\"after\":\"9950\",\"limit\":100}",
                "{\"sorts\":[{\"propertyName\":\"email\"},{\"propertyName\":\"firstname\"}]}",
                "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"nope\",\"operator\":\"EQ\",\"value\":\"1\"}]}]}",
                "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"LIKE\",\"value\":\"1\"}]}]}",
                "{\"query\":\"" + "x".repeat(3_000) + "\"}");
        for (String body : bodies) {
            clock.advance(Duration.ofMillis(250));
            HttpResponse<String> response = api.send("POST", "/crm/v3/objects/contacts/search", body);
            assertThat(response.statusCode()).as(body.length() > 200 ? body.substring(0, 200) : body).isEqualTo(400);
            assertThat(api.parse(response.body()).get("category").asText()).isEqualTo("VALIDATION_ERROR");
        }
        clock.advance(Duration.ofMillis(250));
        assertThat(api.send("POST", "/crm/v3/objects/contacts/search", "{\"after\":\"9900\",\"limit\":100}").statusCode()).isEqualTo(200);
    }

    @Test
    void searchAllowsFivePerSecondAndCarriesNoLimitHeaders() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> ok = api.send("POST", "/crm/v3/objects/contacts/search", "{}");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-HubSpot-RateLimit-Max")).isEmpty();
        }
        HttpResponse<String> refused = api.send("POST", "/crm/v3/objects/contacts/search", "{}");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(api.parse(refused.body()).get("errorType").asText()).isEqualTo("RATE_LIMIT");
        clock.advance(Duration.ofSeconds(1));
        assertThat(api.send("POST", "/crm/v3/objects/contacts/search", "{}").statusCode()).isEqualTo(200);
        assertThat(sandbox.calls("POST /crm/v3/objects/{objectType}/search")).isEqualTo(7);
    }

    @Test
    void burstAndDailyLimitsAnswer429LikeHubSpot() throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> ok = api.send("GET", "/crm/v3/objects/contacts", null);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-HubSpot-RateLimit-Remaining")).hasValue(String.valueOf(19 - i));
            assertThat(ok.headers().firstValue("X-HubSpot-RateLimit-Max")).hasValue("20");
            assertThat(ok.headers().firstValue("X-HubSpot-RateLimit-Interval-Milliseconds")).hasValue("10000");
            assertThat(ok.headers().firstValue("X-HubSpot-RateLimit-Daily")).hasValue("60");
            assertThat(ok.headers().firstValue("X-HubSpot-RateLimit-Daily-Remaining")).hasValue(String.valueOf(59 - i));
        }
        HttpResponse<String> burst = api.send("GET", "/crm/v3/objects/contacts", null);
        assertThat(burst.statusCode()).isEqualTo(429);
        JsonNode body = api.parse(burst.body());
        assertThat(body.get("status").asText()).isEqualTo("error");
        assertThat(body.get("message").asText()).isEqualTo("You have reached your ten_secondly_rolling limit.");
        assertThat(body.get("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(body.get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        assertThat(body.get("correlationId").asText()).matches("[0-9a-f-]{36}");
        assertThat(burst.headers().firstValue("X-HubSpot-RateLimit-Remaining")).hasValue("0");

        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 40; i++) {
            if (i % 20 == 0) {
                clock.advance(Duration.ofSeconds(10));
            }
            assertThat(api.send("GET", "/crm/v3/objects/contacts", null).statusCode()).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(10));
        HttpResponse<String> daily = api.send("GET", "/crm/v3/objects/contacts", null);
        assertThat(daily.statusCode()).isEqualTo(429);
        assertThat(api.parse(daily.body()).get("policyName").asText()).isEqualTo("DAILY");
        assertThat(api.parse(daily.body()).get("message").asText()).isEqualTo("You have reached your daily limit.");
        clock.advance(Duration.ofDays(1));
        assertThat(api.send("GET", "/crm/v3/objects/contacts", null).statusCode()).isEqualTo(200);
        assertThat(sandbox.calls("GET /crm/v3/objects/{objectType}")).as("refused calls are calls too").isEqualTo(63);
    }

    @Test
    void injectedFaultsUseHubSpotsShapeAndAdminEndpointsAreNeitherFaultedNorCounted() throws Exception {
        JsonNode faults = api.call("PUT", "/_sandbox/faults",
                "{\"seed\":7,\"errorShare\":1.0,\"errorStatuses\":[429],\"latencyMillis\":0}", 200);
        assertThat(faults.get("errorStatuses").get(0).asInt()).isEqualTo(429);
        HttpResponse<String> faulted = api.send("GET", "/crm/v3/objects/contacts", null);
        assertThat(faulted.statusCode()).isEqualTo(429);
        assertThat(api.parse(faulted.body()).get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        api.call("PUT", "/_sandbox/faults", "{\"errorShare\":0}", 200);
        JsonNode seeded = api.call("POST", "/_sandbox/seed", "{\"owners\":[{\"email\":\"o@example.com\",\"firstName\":\"O\"}],"
                + "\"contacts\":[{\"email\":\"a@example.com\"},{\"email\":\"b@example.com\"}],\"companies\":[{\"name\":\"Acme\"}],"
                + "\"associations\":[{\"fromType\":\"contacts\",\"fromId\":\"101\",\"toType\":\"companies\",\"toId\":\"1000000101\"}],"
                + "\"lists\":[{\"name\":\"Sync\",\"objectType\":\"contacts\",\"members\":[\"102\"]}]}", 200);
        assertThat(seeded.get("contacts")).hasSize(2);
        assertThat(sandbox.associatedIds("contacts", "101", "companies")).containsExactly("1000000101");
        assertThat(sandbox.listMembers(seeded.get("lists").get(0).asText())).containsExactly("102");
        assertThat(api.send("POST", "/_sandbox/seed", "{\"contacts\":[{\"shoe\":\"9\"}]}").statusCode()).isEqualTo(400);
        JsonNode counters = api.call("GET", "/_sandbox/counters", null, 200);
        assertThat(counters.get("total").asLong()).isEqualTo(1);
        assertThat(counters.get("calls").get("GET /crm/v3/objects/{objectType}").asLong()).isEqualTo(1);
        assertThat(sandbox.callCounts()).doesNotContainKeys("GET /_sandbox/counters", "POST /_sandbox/seed");
        api.call("POST", "/_sandbox/reset", null, 204);
        assertThat(sandbox.contactCount()).isZero();
        assertThat(sandbox.totalCalls()).isZero();
    }
}
