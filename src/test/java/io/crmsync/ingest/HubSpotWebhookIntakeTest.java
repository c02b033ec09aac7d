package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

class HubSpotWebhookIntakeTest {

    static final String SECRET = "app-secret";
    static final String HOST = "abc123.lambda-url.us-east-1.on.aws";
    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    static final long APP_ID = 1160452;
    static final Tenant TENANT = new Tenant("acme", 62515, "00D5g000004YzKxEAK", java.util.Optional.empty());

    final RecordingQueue queue = new RecordingQueue();
    final RememberingSeenDeliveries seen = new RememberingSeenDeliveries();
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    HubSpotWebhookIntake intake;

    @BeforeEach
    void setUp() {
        intake = new HubSpotWebhookIntake(SECRET, APP_ID, Optional.empty(), onlyTenant(), queue, seen, json,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static TenantDirectory onlyTenant() {
        return new TenantDirectory() {
            @Override
            public Optional<Tenant> byHubSpotPortal(long portalId) {
                return portalId == TENANT.hubSpotPortalId() ? Optional.of(TENANT) : Optional.empty();
            }

            @Override
            public java.util.List<Tenant> tenantsOnOrg(String orgId) {
                return java.util.List.of();
            }

            @Override
            public Optional<Tenant> byId(String tenantId) {
                return TENANT.id().equals(tenantId) ? Optional.of(TENANT) : Optional.empty();
            }

            @Override
            public java.util.List<Tenant> all() {
                return java.util.List.of(TENANT);
            }
        };
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = HubSpotWebhookIntakeTest.class.getResourceAsStream("/fixtures/hubspot/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static HttpRequestEvent signed(String body, Instant sentAt) {
        String timestamp = Long.toString(sentAt.toEpochMilli());
        String signature = HubSpotSignatureV3.signatureFor(SECRET, "POST", "https://" + HOST + "/",
                body.getBytes(StandardCharsets.UTF_8), timestamp);
        return request("POST", body, Map.of("content-type", "application/json",
                "x-hubspot-request-timestamp", timestamp, "x-hubspot-signature-v3", signature));
    }

    static HttpRequestEvent request(String method, String body, Map<String, String> headers) {
        return new HttpRequestEvent("2.0", "/", "", headers, body, false,
                new HttpRequestEvent.RequestContext(HOST, "req-1", new HttpRequestEvent.Http(method, "/", "1.2.3.4", "HubSpot"),
                        NOW.toEpochMilli()));
    }

    @Test
    void enqueuesOneNoticePerChangedRecord() throws IOException {
        HttpResponseEvent response = intake.handle(signed(fixture("contact-created.json"), NOW));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(queue.enqueued).hasSize(1);
        ChangeNotice notice = queue.enqueued.get(0);
        assertThat(notice.tenantId()).isEqualTo("acme");
        assertThat(notice.source()).isEqualTo(ChangeNotice.SourceSystem.HUBSPOT);
        assertThat(notice.objectType()).isEqualTo("contact");
        assertThat(notice.recordIds()).containsExactly("1246965");
        assertThat(notice.kind()).isEqualTo(ChangeKind.CREATED);
        assertThat(notice.sourceEventIds()).containsExactly("3816279340", "3816279341", "3816279342");
        assertThat(notice.occurredAt()).isEqualTo(Instant.ofEpochMilli(1796032800001L));
        assertThat(notice.hints()).containsEntry("changedProperties", "email,lastname");
        assertThat(notice.toString()).doesNotContain("ada@example.com");
    }

    @Test
    void mapsEverySupportedSubscriptionTypeAndFoldsDuplicates() throws IOException {
        HttpResponseEvent response = intake.handle(signed(fixture("mixed-events.json"), NOW));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(queue.enqueued).extracting(ChangeNotice::kind).containsExactly(ChangeKind.UPDATED,
                ChangeKind.DELETED, ChangeKind.MERGED, ChangeKind.ASSOCIATION_CHANGED);
        assertThat(queue.enqueued.get(0).recordIds()).containsExactly("101");
        assertThat(queue.enqueued.get(0).sourceEventIds()).containsExactly("1");
        ChangeNotice merge = queue.enqueued.get(2);
        assertThat(merge.recordIds()).containsExactly("105", "103", "104");
        assertThat(merge.merge()).isEqualTo(new ChangeNotice.Merge("105", List.of("104")));
        // contact.associationChange CONTACT_TO_COMPANY: the contact (from) is re-synced, not company 9001 as a contact.
        assertThat(queue.enqueued.get(3).objectType()).isEqualTo("contact");
        assertThat(queue.enqueued.get(3).recordIds()).containsExactly("106");
    }

    @Test
    void refusesForgedSignatureAndStaleTimestampWithoutEnqueuing() throws IOException {
        String body = fixture("contact-created.json");
        HttpRequestEvent good = signed(body, NOW);
        Map<String, String> forged = new HashMap<>(good.headers());
        forged.put("x-hubspot-signature-v3", Base64.getEncoder().encodeToString(new byte[32]));

        assertThat(intake.handle(request("POST", body, forged)).statusCode()).isEqualTo(401);
        assertThat(intake.handle(signed(body, NOW.minusSeconds(301))).statusCode()).isEqualTo(401);
        assertThat(intake.handle(signed(body, NOW.plusSeconds(301))).statusCode()).isEqualTo(401);
        assertThat(intake.handle(request("POST", body, Map.of("content-type", "application/json"))).statusCode())
                .isEqualTo(401);
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void refusesMalformedBodiesWith400() {
        for (String body : List.of("", "{", "{\"objectId\":1}", "[]", "[1,2]", "[{\"objectId\":\"x\"}]",
                "[{\"objectId\":1,\"subscriptionType\":\"contact.creation\"}]")) {
            assertThat(intake.handle(signed(body, NOW)).statusCode()).as(body).isEqualTo(400);
        }
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void refusesMoreThanHundredEvents() throws IOException {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            body.append(i == 0 ? "" : ",").append("{\"eventId\":").append(i).append(
                    ",\"portalId\":62515,\"appId\":1160452,\"occurredAt\":1,\"subscriptionType\":\"contact.creation\",\"objectId\":")
                    .append(i).append('}');
        }
        assertThat(intake.handle(signed(body.append(']').toString(), NOW)).statusCode()).isEqualTo(400);
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void refusesUnknownTenantsOtherAppsWrongMethodAndContentType() throws IOException {
        String otherPortal = fixture("contact-created.json").replace("62515", "99999");
        assertThat(intake.handle(signed(otherPortal, NOW)).statusCode()).isEqualTo(403);
        String otherApp = fixture("contact-created.json").replace("1160452", "777");
        assertThat(intake.handle(signed(otherApp, NOW)).statusCode()).isEqualTo(403);

        HttpRequestEvent good = signed(fixture("contact-created.json"), NOW);
        assertThat(intake.handle(request("GET", good.body(), good.headers())).statusCode()).isEqualTo(405);
        Map<String, String> textPlain = new HashMap<>(good.headers());
        textPlain.put("content-type", "text/plain");
        assertThat(intake.handle(request("POST", good.body(), textPlain)).statusCode()).isEqualTo(415);
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void answers503WhenTheQueueIsDownSoHubSpotRetries() throws IOException {
        queue.unavailable = true;
        HttpResponseEvent response = intake.handle(signed(fixture("contact-created.json"), NOW));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void answers503WithRetryAfterAndEnqueuesNothingWhenTheTenantsTableCannotAnswer() throws IOException {
        Tenants tenants = new Tenants();
        tenants.unavailable = true;
        HubSpotWebhookIntake withTableDown = new HubSpotWebhookIntake(SECRET, APP_ID, Optional.empty(), tenants,
                queue, new RememberingSeenDeliveries(), json, Clock.fixed(NOW, ZoneOffset.UTC));

        HttpResponseEvent response = withTableDown.handle(signed(fixture("contact-created.json"), NOW));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers()).containsKey("retry-after");
        assertThat(response.body()).contains("tenants_unavailable").doesNotContain("Exception")
                .doesNotContain("dynamodb");
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void oneUnanswerablePortalOfARequestEnqueuesNothingForTheOthersEither() {
        Tenants tenants = new Tenants();
        tenants.unavailablePortal = Tenants.GLOBEX.hubSpotPortalId();
        HubSpotWebhookIntake withTableDown = new HubSpotWebhookIntake(SECRET, APP_ID, Optional.empty(), tenants,
                queue, new RememberingSeenDeliveries(), json, Clock.fixed(NOW, ZoneOffset.UTC));
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < HubSpotWebhookIntake.MAX_EVENTS; i++) {
            String event = event(i, "contact.creation", 700 + i, "CRM_UI", "u");
            body.append(i == 0 ? "" : ",").append(i % 2 == 0 ? event
                    : event.replace("62515", Long.toString(Tenants.GLOBEX.hubSpotPortalId())));
        }

        HttpResponseEvent response = withTableDown.handle(signed(body.append("]").toString(), NOW));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(queue.enqueued).isEmpty();
        tenants.unavailablePortal = 0;
        assertThat(withTableDown.handle(signed(body.toString(), NOW)).statusCode()).isEqualTo(200);
        assertThat(queue.enqueued).flatExtracting(ChangeNotice::recordIds).hasSize(HubSpotWebhookIntake.MAX_EVENTS);
    }

    @Test
    void answers503WithRetryAfterWhenTheQueueIsDown() throws IOException {
        queue.unavailable = true;
        HttpResponseEvent response = intake.handle(signed(fixture("contact-created.json"), NOW));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers()).containsKey("retry-after");
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void signsOverTheConfiguredPublicUrlWhenOneIsSet() throws IOException {
        String body = fixture("contact-created.json");
        String timestamp = Long.toString(NOW.toEpochMilli());
        String publicUrl = "https://hooks.example.com/hubspot";
        String signature = HubSpotSignatureV3.signatureFor(SECRET, "POST", publicUrl,
                body.getBytes(StandardCharsets.UTF_8), timestamp);
        HubSpotWebhookIntake behindProxy = new HubSpotWebhookIntake(SECRET, APP_ID, Optional.of(publicUrl),
                onlyTenant(), queue, new RememberingSeenDeliveries(), json, Clock.fixed(NOW, ZoneOffset.UTC));
        HttpResponseEvent response = behindProxy.handle(request("POST", body, Map.of("content-type",
                "application/json", "x-hubspot-request-timestamp", timestamp, "x-hubspot-signature-v3", signature)));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void dropsCrmsyncsOwnWritesAtTheDoor() {
        String body = "[" + event(1, "contact.propertyChange", 501, "INTEGRATION", Long.toString(APP_ID)) + ","
                + event(2, "contact.propertyChange", 502, "CRM_UI", "userId:42") + ","
                + event(3, "contact.propertyChange", 503, "INTEGRATION", "999") + "]";
        HttpResponseEvent response = intake.handle(signed(body, NOW));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ownWritesDropped\":1");
        assertThat(queue.enqueued).flatExtracting(ChangeNotice::recordIds).containsExactly("502", "503");
    }

    @Test
    void eventsOfUnknownPortalsAreDroppedWhileOtherTenantsEventsAreKept() {
        String body = "[" + event(1, "contact.creation", 601, "CRM_UI", "u").replace("62515", "99999") + ","
                + event(2, "contact.creation", 602, "CRM_UI", "u") + "]";
        HttpResponseEvent response = intake.handle(signed(body, NOW));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(queue.enqueued).singleElement().satisfies(n -> {
            assertThat(n.tenantId()).isEqualTo("acme");
            assertThat(n.recordIds()).containsExactly("602");
        });
    }

    @Test
    void eventsOfObjectsThatDoNotSyncCostTheReplayWindowNoLookup() {
        String tickets = "[" + event(1, "ticket.creation", 701, "CRM_UI", "u") + ","
                + event(2, "ticket.propertyChange", 702, "CRM_UI", "u") + "]";
        HttpResponseEvent response = intake.handle(signed(tickets, NOW));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(queue.enqueued).isEmpty();
        assertThat(seen.lookups).isZero();
        assertThat(seen.recorded).isEmpty();
    }

    static String event(long eventId, String type, long objectId, String changeSource, String sourceId) {
        return "{\"eventId\":" + eventId + ",\"subscriptionId\":1,\"portalId\":62515,\"appId\":" + APP_ID
                + ",\"occurredAt\":1796032800000,\"subscriptionType\":\"" + type + "\",\"attemptNumber\":0,"
                + "\"objectId\":" + objectId + ",\"propertyName\":\"email\",\"propertyValue\":\"x@example.com\","
                + "\"changeSource\":\"" + changeSource + "\",\"sourceId\":\"" + sourceId + "\"}";
    }
}
