package io.crmsync.faults;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.ingest.HubSpotSignatureV3;

/**
 * The kinds of hostile request the {@code hostile} scenario sends to the public doors, each with the answer the
 * door's code (and for the admin API, its Function URL's AuthType AWS_IAM) gives it. Every body carries a marker
 * that no answer may contain.
 */
final class HostileKinds {

    /** One HTTP request to send. */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body) {
    }

    /** @param weight how often it is picked, relative to the others */
    record Kind(String door, String name, int expected, int weight, BiFunction<Random, String, Request> make) {
    }

    /** Over the intake functions' 1 MB limit, under Lambda's 6 MB. */
    static final int OVER_FUNCTION_LIMIT = 1024 * 1024 + 1;
    /** Over Lambda's 6 MB synchronous payload limit: the Function URL refuses it before the function. */
    static final int OVER_LAMBDA_LIMIT = 6 * 1024 * 1024 + 1;

    private final String webhookUrl;
    private final String outboundUrl;
    private final String callbackUrl;
    private final String adminUrl;
    private final String orgId;
    private final String contactId;
    private final String leadId;
    private final byte[] huge = filler(OVER_LAMBDA_LIMIT);
    private final byte[] large = filler(OVER_FUNCTION_LIMIT);

    HostileKinds(LocalDeployment deployment, String contactId, String leadId) {
        this.webhookUrl = deployment.webhookUrl();
        this.outboundUrl = deployment.outboundUrl();
        this.callbackUrl = deployment.callbackUrl().replaceAll("/+$", "");
        this.adminUrl = deployment.adminUrl().replaceAll("/+$", "");
        this.orgId = deployment.salesforce().orgId();
        this.contactId = contactId;
        this.leadId = leadId;
    }

    List<Kind> all() {
        List<Kind> kinds = new ArrayList<>();
        long portal = LocalDeployment.PORTAL_ID;
        long app = LocalDeployment.APP_ID;
        // HubSpot webhooks: the real portal and contact unless the kind is about them.
        kinds.add(new Kind("hubspot", "forged signature", 401, 6, (r, m) -> {
            Request ok = signedWebhook(events(portal, app, m, 1 + r.nextInt(5)), now(), "application/json");
            byte[] fake = new byte[32];
            r.nextBytes(fake);
            return with(ok, "x-hubspot-signature-v3", Base64.getEncoder().encodeToString(fake));
        }));
        kinds.add(new Kind("hubspot", "signature of another body", 401, 3, (r, m) -> {
            Request other = signedWebhook(events(portal, app, "other", 1), now(), "application/json");
            return new Request("POST", other.uri(), other.headers(), events(portal, app, m, 2));
        }));
        kinds.add(new Kind("hubspot", "no signature", 401, 3, (r, m) -> {
            Request ok = signedWebhook(events(portal, app, m, 1), now(), "application/json");
            Map<String, String> h = new HashMap<>(ok.headers());
            h.remove(r.nextBoolean() ? "x-hubspot-signature-v3" : "x-hubspot-request-timestamp");
            return new Request("POST", ok.uri(), h, ok.body());
        }));
        kinds.add(new Kind("hubspot", "stale (valid signature, > 5 min old)", 401, 6, (r, m) ->
                signedWebhook(events(portal, app, m, 1), now() - 301_000 - r.nextInt(86_400_000), "application/json")));
        kinds.add(new Kind("hubspot", "timestamp in the future", 401, 2, (r, m) ->
                signedWebhook(events(portal, app, m, 1), now() + 301_000 + r.nextInt(86_400_000), "application/json")));
        kinds.add(new Kind("hubspot", "unknown portal", 403, 5, (r, m) ->
                signedWebhook(events(900_000 + r.nextInt(99_999), app, m, 1), now(), "application/json")));
        kinds.add(new Kind("hubspot", "another app", 403, 2, (r, m) ->
                signedWebhook(events(portal, app + 1 + r.nextInt(1000), m, 1), now(), "application/json")));
        kinds.add(new Kind("hubspot", "malformed JSON", 400, 5, (r, m) ->
                signedWebhook(("[{\"portalId\":" + portal + ",\"x\":\"" + m + "\"" + garbage(r)).getBytes(
                        StandardCharsets.UTF_8), now(), "application/json")));
        kinds.add(new Kind("hubspot", "JSON but not events", 400, 3, (r, m) ->
                signedWebhook(("{\"portalId\":" + portal + ",\"note\":\"" + m + "\"}").getBytes(
                        StandardCharsets.UTF_8), now(), "application/json")));
        kinds.add(new Kind("hubspot", "101 events", 400, 2, (r, m) ->
                signedWebhook(events(portal, app, m, 101), now(), "application/json")));
        kinds.add(new Kind("hubspot", "wrong content type", 415, 4, (r, m) ->
                signedWebhook(events(portal, app, m, 1), now(), pick(r, "text/plain", "application/xml",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"))));
        kinds.add(new Kind("hubspot", "wrong method", 405, 3, (r, m) -> {
            Request ok = signedWebhook(events(portal, app, m, 1), now(), "application/json");
            return new Request(pick(r, "GET", "PUT", "DELETE", "PATCH"), ok.uri(), ok.headers(), ok.body());
        }));
        kinds.add(new Kind("hubspot", "over the function's 1 MB", 413, 2, (r, m) ->
                signedWebhook(marked(large, m), now(), "application/json")));
        kinds.add(new Kind("hubspot", "over Lambda's 6 MB", 413, 1, (r, m) ->
                signedWebhook(marked(huge, m), now(), "application/json")));
        // Salesforce Outbound Messages: the real org and token unless the kind is about them.
        kinds.add(new Kind("salesforce", "no token", 401, 4, (r, m) ->
                outbound(null, outboundXml(orgId, m), "text/xml; charset=utf-8", "POST")));
        kinds.add(new Kind("salesforce", "wrong token", 401, 6, (r, m) ->
                outbound("guess-" + m, outboundXml(orgId, m), "text/xml; charset=utf-8", "POST")));
        kinds.add(new Kind("salesforce", "unknown org", 401, 5, (r, m) ->
                outbound(LocalDeployment.OUTBOUND_TOKEN, outboundXml(String.format("00D%012dAAA", r.nextInt(999_999)),
                        m), "text/xml; charset=utf-8", "POST")));
        kinds.add(new Kind("salesforce", "malformed XML", 400, 4, (r, m) ->
                outbound(LocalDeployment.OUTBOUND_TOKEN, ("<soapenv:Envelope><notifications><OrganizationId>" + orgId
                        + "</OrganizationId><x>" + m + garbage(r)).getBytes(StandardCharsets.UTF_8),
                        "text/xml; charset=utf-8", "POST")));
        kinds.add(new Kind("salesforce", "XXE (external entity)", 400, 4, (r, m) ->
                outbound(LocalDeployment.OUTBOUND_TOKEN, ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                        + "\"file:///etc/passwd\">]><x>&e;" + m + "</x>").getBytes(StandardCharsets.UTF_8),
                        "text/xml", "POST")));
        kinds.add(new Kind("salesforce", "billion laughs", 400, 4, (r, m) ->
                outbound(LocalDeployment.OUTBOUND_TOKEN, billionLaughs(m), "text/xml", "POST")));
        kinds.add(new Kind("salesforce", "not an Outbound Message", 400, 2, (r, m) ->
                outbound(LocalDeployment.OUTBOUND_TOKEN, ("<?xml version=\"1.0\"?><Envelope><Body><other>" + m
                        + "</other></Body></Envelope>").getBytes(StandardCharsets.UTF_8), "text/xml", "POST")));
        kinds.add(new Kind("salesforce", "wrong content type", 415, 3, (r, m) ->
                outbound(LocalDeployment.OUTBOUND_TOKEN, outboundXml(orgId, m), pick(r, "application/json",
                        "text/plain", "application/octet-stream"), "POST")));
        kinds.add(new Kind("salesforce", "wrong method", 405, 3, (r, m) ->
                outbound(LocalDeployment.OUTBOUND_TOKEN, outboundXml(orgId, m), "text/xml",
                        pick(r, "GET", "PUT", "DELETE"))));
        kinds.add(new Kind("salesforce", "over the function's 1 MB", 413, 2, (r, m) ->
                outbound(LocalDeployment.OUTBOUND_TOKEN, marked(large, m), "text/xml", "POST")));
        kinds.add(new Kind("salesforce", "over Lambda's 6 MB", 413, 1, (r, m) ->
                outbound(LocalDeployment.OUTBOUND_TOKEN, marked(huge, m), "text/xml", "POST")));
        // The OAuth callback: no connection was started, so no state can be valid.
        kinds.add(new Kind("callback", "forged state", 400, 5, (r, m) -> get(callbackUrl + "/"
                + pick(r, "hubspot", "salesforce") + "?code=" + m + "&state=" + pick(r, "local.", "acme.", "")
                + Long.toHexString(r.nextLong()))));
        kinds.add(new Kind("callback", "no code or state", 400, 2, (r, m) -> get(callbackUrl + "/hubspot?code=" + m)));
        kinds.add(new Kind("callback", "wrong method", 405, 2, (r, m) -> new Request(pick(r, "POST", "PUT"),
                URI.create(callbackUrl + "/salesforce?code=" + m + "&state=x"), Map.of("content-type", "text/plain"),
                m.getBytes(StandardCharsets.UTF_8))));
        kinds.add(new Kind("callback", "unknown path", 404, 2, (r, m) -> get(callbackUrl + "/"
                + pick(r, "zoho", "admin", "..%2Fhubspot") + "?code=" + m + "&state=x")));
        // The admin API: its Function URL has AuthType AWS_IAM.
        kinds.add(new Kind("admin", "unsigned GET", 403, 4, (r, m) -> get(adminUrl + pick(r, "/tenants",
                "/tenants/local", "/dead-letters", "/tenants/local/health", "/openapi.json"))));
        kinds.add(new Kind("admin", "unsigned POST resync", 403, 3, (r, m) -> new Request("POST",
                URI.create(adminUrl + "/tenants/local/resync"), Map.of("content-type", "application/json"),
                ("{\"hubspot\":{\"contacts\":[\"" + contactId + "\"]},\"note\":\"" + m + "\"}").getBytes(
                        StandardCharsets.UTF_8))));
        kinds.add(new Kind("admin", "forged SigV4", 403, 3, (r, m) -> new Request("POST",
                URI.create(adminUrl + "/dead-letters/redrive"), Map.of("content-type", "application/json",
                        "x-amz-date", java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()),
                        "authorization", "AWS4-HMAC-SHA256 Credential=" + pick(r, "local", "AKIAFORGED")
                                + "/20261207/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                                + java.util.HexFormat.of().formatHex(bytes(r, 32))),
                ("{\"note\":\"" + m + "\"}").getBytes(StandardCharsets.UTF_8))));
        return kinds;
    }

    /** A valid webhook request for the tenant's contact: what the replays resend byte for byte. */
    Request validWebhook(String marker) {
        return signedWebhook(events(LocalDeployment.PORTAL_ID, LocalDeployment.APP_ID, marker, 1), now(),
                "application/json");
    }

    String leadId() {
        return leadId;
    }

    private Request signedWebhook(byte[] body, long timestamp, String contentType) {
        String ts = Long.toString(timestamp);
        return new Request("POST", URI.create(webhookUrl), Map.of("content-type", contentType,
                "x-hubspot-request-timestamp", ts, "x-hubspot-signature-v3", HubSpotSignatureV3.signatureFor(
                        LocalDeployment.HUBSPOT_CLIENT_SECRET, "POST", webhookUrl, body, ts)), body);
    }

    private Request outbound(String token, byte[] body, String contentType, String method) {
        return new Request(method, URI.create(outboundUrl + (token == null ? "" : "?token=" + token)),
                Map.of("content-type", contentType, "soapaction", "\"\""), body);
    }

    private static Request get(String url) {
        return new Request("GET", URI.create(url), Map.of(), new byte[0]);
    }

    /** {@code count} jobtitle changes of the tenant's contact, the marker as the value. */
    private byte[] events(long portal, long app, String marker, int count) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append("{\"eventId\":").append(i + 1).append(",\"subscriptionId\":1001,")
                    .append("\"portalId\":").append(portal).append(",\"appId\":").append(app)
                    .append(",\"occurredAt\":").append(now()).append(",\"subscriptionType\":\"contact.propertyChange\"")
                    .append(",\"attemptNumber\":0,\"objectId\":").append(contactId)
                    .append(",\"propertyName\":\"jobtitle\",\"propertyValue\":\"").append(marker)
                    .append("\",\"changeSource\":\"CRM_UI\"}");
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] outboundXml(String org, String marker) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <soapenv:Body>
                  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
                   <OrganizationId>%s</OrganizationId>
                   <ActionId>04k5g000000GmnAAAS</ActionId>
                   <Notification>
                    <Id>04l5g00000CnHz1AAF</Id>
                    <sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                     <sf:Id>%s</sf:Id>
                     <sf:Title>%s</sf:Title>
                    </sObject>
                   </Notification>
                  </notifications>
                 </soapenv:Body>
                </soapenv:Envelope>
                """.formatted(org, leadId, marker)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] billionLaughs(String marker) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            b.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        return b.append("]><lolz>&lol9;").append(marker).append("</lolz>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A copy of a large filler with the marker at its start, so each large body carries its own marker. */
    private static byte[] marked(byte[] filler, String marker) {
        byte[] copy = filler.clone();
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(m, 0, copy, 1, m.length);
        return copy;
    }

    private static byte[] filler(int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) 'a');
        b[0] = '[';
        return b;
    }

    private static String garbage(Random r) {
        String alphabet = "[]{}\":,0123456789<>/!?=&%\\ \n\t\u00e9";
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(200); i > 0; i--) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static Request with(Request request, String header, String value) {
        Map<String, String> h = new HashMap<>(request.headers());
        h.put(header, value);
        return new Request(request.method(), request.uri(), h, request.body());
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
