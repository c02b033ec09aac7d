package io.crmsync.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.IntFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.ingest.HubSpotSignatureV3;
import io.crmsync.ingest.HubSpotWebhookIntake;
import io.crmsync.ingest.SalesforceOutboundIntake;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.localaws.LocalAws;
import io.crmsync.queue.SqsNoticeQueue;
import io.crmsync.store.DynamoSeenDeliveries;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.CachingTenantDirectory;
import io.crmsync.tenant.Tenant;

/**
 * Ack latency of hubspot-webhook for 100-event requests and of salesforce-outbound for 100-notification Outbound
 * Messages, in-JVM against ElasticMQ: from the request event to the answer, i.e. signature or token check, parsing,
 * tenant lookup (warm cache over dynalite), the replay window's lookup and record (dynalite) and enqueuing the
 * notices. Warm-up first, then percentiles over the measured requests.
 */
public final class WebhookAckBenchmark {

    public record Result(int requests, int eventsPerRequest, double p50Millis, double p90Millis, double p99Millis,
            double maxMillis) {
    }

    private WebhookAckBenchmark() {
    }

    /** hubspot-webhook: 100 property changes per request, signed with the v3 signature. */
    public static Result run(LocalAws aws, int warmup, int measured) {
        String secret = "bench-secret";
        long appId = 1160452;
        long portal = 62515;
        tenants(aws).save(new Tenant("bench", portal, ORG_ID, Optional.empty()));
        HubSpotWebhookIntake intake = new HubSpotWebhookIntake(secret, appId, Optional.empty(),
                cachedTenants(aws), queue(aws), seenDeliveries(aws), JSON, Clock.systemUTC());
        return measure(aws, warmup, measured, i -> intake.handle(request(secret, appId, portal, i)));
    }

    /** salesforce-outbound: Outbound Messages of 100 Lead notifications, the most Salesforce puts in one. */
    public static Result runOutbound(LocalAws aws, int warmup, int measured) {
        String token = "bench-outbound-token";
        tenants(aws).save(new Tenant("bench", 62515, ORG_ID, Optional.of(HexFormat.of().formatHex(
                Tenant.outboundTokenDigest(token)))));
        SalesforceOutboundIntake intake = new SalesforceOutboundIntake(cachedTenants(aws), queue(aws),
                seenDeliveries(aws), Clock.systemUTC());
        return measure(aws, warmup, measured, i -> intake.handle(outboundMessage(token, i)));
    }

    private static final String ORG_ID = "00D5g000004YzKxEAK";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static DynamoTenantDirectory tenants(LocalAws aws) {
        return new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
    }

    private static CachingTenantDirectory cachedTenants(LocalAws aws) {
        return new CachingTenantDirectory(tenants(aws), Duration.ofMinutes(5), Clock.systemUTC());
    }

    /** The replay window as deployed: one BatchGetItem before and one BatchWriteItem after each enqueue. */
    private static DynamoSeenDeliveries seenDeliveries(LocalAws aws) {
        return new DynamoSeenDeliveries(aws.dynamo(), aws.tableName("SeenDeliveriesTable"), Duration.ofHours(48),
                Duration.ofSeconds(1), Clock.systemUTC());
    }

    private static SqsNoticeQueue queue(LocalAws aws) {
        return new SqsNoticeQueue(aws.sqs(), Optional.of(aws.queueUrl("ChangeQueue")), JSON);
    }

    /** Times each request from its event to the answer; the queue is purged now and then so it stays small. */
    private static Result measure(LocalAws aws, int warmup, int measured, IntFunction<HttpResponseEvent> handle) {
        double[] millis = new double[measured];
        for (int i = 0; i < warmup + measured; i++) {
            long start = System.nanoTime();
            HttpResponseEvent response = handle.apply(i);
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("benchmark request answered " + response.statusCode() + ": "
                        + response.body());
            }
            if (i >= warmup) {
                millis[i - warmup] = elapsed / 1e6;
            }
            if (i % 200 == 0) {
                aws.sqs().purgeQueue(b -> b.queueUrl(aws.queueUrl("ChangeQueue")));
            }
        }
        Arrays.sort(millis);
        return new Result(measured, 100, percentile(millis, 50), percentile(millis, 90), percentile(millis, 99),
                millis[millis.length - 1]);
    }

    /** 100 Lead notifications in Salesforce's SOAP envelope, to the endpoint URL with the tenant's token. */
    static HttpRequestEvent outboundMessage(String token, int n) {
        StringBuilder body = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>\
                <notifications xmlns="http://soap.sforce.com/2005/09/outbound">\
                <OrganizationId>%s</OrganizationId><ActionId>04k5g000000GmnAAAS</ActionId>\
                <SessionId xsi:nil="true"/>""".formatted(ORG_ID));
        for (int i = 0; i < 100; i++) {
            String suffix = String.format("%07d", n * 100 + i);
            body.append("<Notification><Id>04l5g00000").append(suffix).append("A</Id>")
                    .append("<sObject xsi:type=\"sf:Lead\" xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\">")
                    .append("<sf:Id>00Q5g0000").append(suffix).append("AA</sf:Id>")
                    .append("<sf:Email>lead").append(suffix).append("@example.com</sf:Email></sObject></Notification>");
        }
        String text = body.append("</notifications></soapenv:Body></soapenv:Envelope>").toString();
        String host = "bench.lambda-url.us-east-1.on.aws";
        long now = System.currentTimeMillis();
        return new HttpRequestEvent("2.0", "/", "token=" + token, Map.of("content-type", "text/xml; charset=utf-8"),
                text, false, new HttpRequestEvent.RequestContext(host, "b",
                        new HttpRequestEvent.Http("POST", "/", "127.0.0.1", "Jakarta Commons-HttpClient/3.1"), now));
    }

    static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return Math.round(sorted[Math.max(0, Math.min(sorted.length - 1, index))] * 100) / 100.0;
    }

    /** 100 property changes of 100 different contacts, signed as HubSpot signs them. */
    static HttpRequestEvent request(String secret, long appId, long portal, int n) {
        StringBuilder body = new StringBuilder("[");
        long now = System.currentTimeMillis();
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append("{\"eventId\":").append(n * 100L + i)
                    .append(",\"subscriptionId\":26,\"portalId\":").append(portal).append(",\"appId\":").append(appId)
                    .append(",\"occurredAt\":").append(now).append(",\"subscriptionType\":\"contact.propertyChange\",")
                    .append("\"attemptNumber\":0,\"objectId\":").append(100_000L + n * 100L + i)
                    .append(",\"propertyName\":\"phone\",\"propertyValue\":\"+1 555 0100\",\"changeSource\":\"CRM_UI\"}");
        }
        String text = body.append(']').toString();
        String ts = Long.toString(now);
        String host = "bench.lambda-url.us-east-1.on.aws";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-hubspot-request-timestamp", ts);
        headers.put("x-hubspot-signature-v3", HubSpotSignatureV3.signatureFor(secret, "POST", "https://" + host + "/",
                text.getBytes(StandardCharsets.UTF_8), ts));
        return new HttpRequestEvent("2.0", "/", "", headers, text, false, new HttpRequestEvent.RequestContext(host, "b",
                new HttpRequestEvent.Http("POST", "/", "127.0.0.1", "bench"), now));
    }

    public static void main(String[] args) {
        try (LocalAws aws = LocalAws.start()) {
            System.out.println("hubspot-webhook " + run(aws, 300, 1000));
            System.out.println("salesforce-outbound " + runOutbound(aws, 300, 1000));
        }
    }
}
