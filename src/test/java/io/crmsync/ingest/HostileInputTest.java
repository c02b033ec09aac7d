package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;

/**
 * Generated hostile requests against the three intakes (seeded, so a failure replays): forged and missing
 * signatures, stale and future timestamps, truncated and invalid JSON and XML, DTDs and entities, wrong content
 * types, oversized bodies, unknown tenants, too many events. Every one must be refused with a 4xx — never a 5xx,
 * never an exception — and nothing may be enqueued.
 */
class HostileInputTest {

    static final long SEED = 20261129L;
    static final String SECRET = "hostile-test-secret";
    static final long APP_ID = 1160452;
    static final String HOST = "hooks.lambda-url.us-east-1.on.aws";
    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    final Random random = new Random(SEED);
    final RecordingQueue queue = new RecordingQueue();
    final ObjectMapper json = new ObjectMapper();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final HubSpotWebhookIntake hubSpot = new HubSpotWebhookIntake(SECRET, APP_ID, Optional.empty(), new Tenants(),
            queue, new RememberingSeenDeliveries(), json, clock);
    final SalesforceOutboundIntake outbound = new SalesforceOutboundIntake(new Tenants(), queue,
            new RememberingSeenDeliveries(), clock);
    final ChangeDataCaptureIntake cdc = new ChangeDataCaptureIntake(new Tenants(), queue, "crmsync");

    static String resource(String path) {
        try (InputStream in = HostileInputTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- HubSpot webhook requests ----

    HttpRequestEvent hubSpotRequest(String body, Map<String, String> headers, boolean base64) {
        return new HttpRequestEvent("2.0", "/", "", headers, body, base64, new HttpRequestEvent.RequestContext(HOST,
                "r", new HttpRequestEvent.Http("POST", "/", "203.0.113.9", "x"), NOW.toEpochMilli()));
    }

    Map<String, String> signedHeaders(String body, Instant at) {
        String ts = Long.toString(at.toEpochMilli());
        return new HashMap<>(Map.of("content-type", "application/json", "x-hubspot-request-timestamp", ts,
                "x-hubspot-signature-v3", HubSpotSignatureV3.signatureFor(SECRET, "POST", "https://" + HOST + "/",
                        body.getBytes(StandardCharsets.UTF_8), ts)));
    }

    HttpRequestEvent signed(String body) {
        return hubSpotRequest(body, signedHeaders(body, NOW), false);
    }

    String validEvents(int n, long portal, long app) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"eventId\":").append(i).append(",\"subscriptionId\":1,\"portalId\":")
                    .append(portal).append(",\"appId\":").append(app).append(",\"occurredAt\":").append(NOW.toEpochMilli())
                    .append(",\"subscriptionType\":\"contact.propertyChange\",\"objectId\":").append(1000 + i)
                    .append(",\"propertyName\":\"email\",\"propertyValue\":\"a@b.c\",\"changeSource\":\"CRM_UI\"}");
        }
        return b.append(']').toString();
    }

    String randomText(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(length);
        String alphabet = "[]{}\":,0123456789abcdefXYZ<>/!?=&%\\ \n\t\u00e9\u4e2d";
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    List<Supplier<HttpRequestEvent>> hubSpotAttacks() {
        String valid = validEvents(3, Tenants.ACME.hubSpotPortalId(), APP_ID);
        List<Supplier<HttpRequestEvent>> attacks = new ArrayList<>();
        attacks.add(() -> { // forged signature
            Map<String, String> h = signedHeaders(valid, NOW);
            byte[] fake = new byte[32];
            random.nextBytes(fake);
            h.put("x-hubspot-signature-v3", Base64.getEncoder().encodeToString(fake));
            return hubSpotRequest(valid, h, false);
        });
        attacks.add(() -> { // signature of another body
            Map<String, String> h = signedHeaders(validEvents(1, Tenants.ACME.hubSpotPortalId(), APP_ID), NOW);
            return hubSpotRequest(valid, h, false);
        });
        attacks.add(() -> { // missing signature or timestamp
            Map<String, String> h = signedHeaders(valid, NOW);
            h.remove(random.nextBoolean() ? "x-hubspot-signature-v3" : "x-hubspot-request-timestamp");
            return hubSpotRequest(valid, h, false);
        });
        attacks.add(() -> hubSpotRequest(valid, signedHeaders(valid, NOW.minusSeconds(301 + random.nextInt(100_000))),
                false)); // stale
        attacks.add(() -> hubSpotRequest(valid, signedHeaders(valid, NOW.plusSeconds(301 + random.nextInt(100_000))),
                false)); // future
        attacks.add(() -> { // non-numeric timestamp
            Map<String, String> h = signedHeaders(valid, NOW);
            h.put("x-hubspot-request-timestamp", randomText(12) + "x");
            return hubSpotRequest(valid, h, false);
        });
        attacks.add(() -> signed(valid.substring(0, random.nextInt(valid.length() - 1)))); // truncated, signed
        attacks.add(() -> signed(randomText(400))); // garbage, signed
        attacks.add(() -> { // wrong content type
            Map<String, String> h = signedHeaders(valid, NOW);
            h.put("content-type", List.of("text/plain", "application/xml", "multipart/form-data", "").get(random.nextInt(4)));
            return hubSpotRequest(valid, h, false);
        });
        attacks.add(() -> signed("[" + " ".repeat(HubSpotWebhookIntake.MAX_BODY_BYTES) + "]")); // oversized
        attacks.add(() -> signed(validEvents(1 + random.nextInt(5), 90_000 + random.nextInt(1000), APP_ID))); // unknown portal
        attacks.add(() -> signed(validEvents(1 + random.nextInt(5), Tenants.ACME.hubSpotPortalId(), 5 + random.nextInt(1000)))); // other app
        attacks.add(() -> signed(validEvents(101 + random.nextInt(50), Tenants.ACME.hubSpotPortalId(), APP_ID))); // too many
        attacks.add(() -> signed("[]"));
        attacks.add(() -> signed("{\"objectId\":1}"));
        attacks.add(() -> signed("[{\"portalId\":\"" + randomText(10) + "\",\"appId\":1}]")); // wrong types
        attacks.add(() -> hubSpotRequest("@@not base64@@", signedHeaders("x", NOW), true)); // bad base64
        return attacks;
    }

    // ---- Salesforce Outbound Messages ----

    HttpRequestEvent outboundRequest(String body, String query, String contentType) {
        return new HttpRequestEvent("2.0", "/", query, Map.of("content-type", contentType), body, false,
                new HttpRequestEvent.RequestContext(HOST, "r", new HttpRequestEvent.Http("POST", "/", "13.108.0.1", "x"),
                        NOW.toEpochMilli()));
    }

    List<Supplier<HttpRequestEvent>> outboundAttacks() {
        String valid = resource("/fixtures/salesforce/outbound-leads.xml");
        String token = "token=" + Tenants.ACME_TOKEN;
        String envelope = valid.substring(valid.indexOf("<soapenv:Envelope"));
        List<Supplier<HttpRequestEvent>> attacks = new ArrayList<>();
        attacks.add(() -> outboundRequest(valid, "", "text/xml")); // no token
        attacks.add(() -> outboundRequest(valid, "token=" + randomText(20).replace("&", ""), "text/xml")); // wrong token
        attacks.add(() -> outboundRequest(valid, "token=" + Tenants.GLOBEX_TOKEN, "text/xml")); // other tenant's token
        attacks.add(() -> outboundRequest(valid.substring(0, random.nextInt(valid.length() - 1)), token, "text/xml"));
        attacks.add(() -> outboundRequest(randomText(500), token, "text/xml"));
        attacks.add(() -> outboundRequest("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + envelope.replace("ada@example.com", "&e;"), token, "text/xml")); // XXE
        attacks.add(() -> outboundRequest("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
                + "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>" + envelope.replace("Lovelace", "&lol2;"),
                token, "text/xml")); // entity expansion
        attacks.add(() -> outboundRequest(valid, token, List.of("application/json", "text/plain", "").get(random.nextInt(3))));
        attacks.add(() -> outboundRequest(valid.replace("</notifications>",
                "<x>" + "y".repeat(SalesforceOutboundIntake.MAX_BODY_BYTES) + "</x></notifications>"), token, "text/xml"));
        attacks.add(() -> outboundRequest(valid.replace("00D5g000004YzKxEAK", "00D5g00000" + (10000 + random.nextInt(89999)) + "ZEAK"),
                token, "text/xml")); // unknown org
        attacks.add(() -> outboundRequest(valid.replace("00Q5g00000AbCdEEAV", randomText(8)), token, "text/xml"));
        attacks.add(() -> {
            int start = valid.indexOf("<Notification>");
            int end = valid.indexOf("</Notification>") + "</Notification>".length();
            return outboundRequest(valid.substring(0, start) + valid.substring(start, end).repeat(101 + random.nextInt(20))
                    + valid.substring(end), token, "text/xml");
        });
        attacks.add(() -> outboundRequest("{\"notifications\":[]}", token, "text/xml"));
        return attacks;
    }

    // ---- CDC events ----

    List<Supplier<EventBridgeEvent>> cdcAttacks() throws IOException {
        ObjectNode valid = (ObjectNode) json.readTree(resource("/events/eventbridge-salesforce-cdc-lead-update.json"));
        List<Supplier<EventBridgeEvent>> attacks = new ArrayList<>();
        attacks.add(() -> convert(valid.deepCopy().put("source", "aws.partner/salesforce.com/00D5g00000" + (10000
                + random.nextInt(89999)) + "ZEAK/0YL"))); // unknown org
        attacks.add(() -> convert(valid.deepCopy().put("source", randomText(40)))); // not Event Relay
        attacks.add(() -> {
            ObjectNode e = valid.deepCopy();
            ((ObjectNode) e.path("detail").path("payload")).remove("ChangeEventHeader");
            return convert(e);
        });
        attacks.add(() -> {
            ObjectNode e = valid.deepCopy();
            ((ObjectNode) e.path("detail").path("payload").path("ChangeEventHeader")).put("changeType", randomText(8) + "Z");
            return convert(e);
        });
        attacks.add(() -> convert(valid.deepCopy().put("detail", randomText(30))));
        return attacks;
    }

    EventBridgeEvent convert(ObjectNode node) {
        try {
            return json.treeToValue(node, EventBridgeEvent.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyHostileRequestIsRefusedWith4xxAndNothingIsEnqueued() throws IOException {
        List<Supplier<HttpRequestEvent>> hubSpotAttacks = hubSpotAttacks();
        List<Supplier<HttpRequestEvent>> outboundAttacks = outboundAttacks();
        List<Supplier<EventBridgeEvent>> cdcAttacks = cdcAttacks();
        Map<Integer, Integer> statuses = new HashMap<>();
        int requests = 0;
        for (int i = 0; i < 700; i++) {
            HttpResponseEvent response = hubSpot.handle(hubSpotAttacks.get(i % hubSpotAttacks.size()).get());
            assertThat(response.statusCode()).as("HubSpot attack %d (kind %d)", i, i % hubSpotAttacks.size())
                    .isBetween(400, 499);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain(SECRET);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            requests++;
        }
        for (int i = 0; i < 500; i++) {
            HttpResponseEvent response = outbound.handle(outboundAttacks.get(i % outboundAttacks.size()).get());
            assertThat(response.statusCode()).as("Outbound attack %d (kind %d)", i, i % outboundAttacks.size())
                    .isBetween(400, 499);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("root:").doesNotContain("lollol");
            statuses.merge(response.statusCode(), 1, Integer::sum);
            requests++;
        }
        for (int i = 0; i < 100; i++) {
            EventBridgeEvent event = cdcAttacks.get(i % cdcAttacks.size()).get();
            try {
                cdc.handle(event);
                org.junit.jupiter.api.Assertions.fail("CDC attack " + i + " was accepted");
            } catch (ChangeDataCaptureIntake.Rejected expected) {
                requests++;
            }
        }
        assertThat(requests).isGreaterThanOrEqualTo(1000);
        assertThat(queue.enqueued).isEmpty();
        assertThat(statuses.keySet()).contains(400, 401, 403, 413, 415);
    }
}
