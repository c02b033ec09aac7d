package io.crmsync.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.ingest.HubSpotSignatureV3;
import io.crmsync.ingest.HubSpotWebhookIntake;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.localaws.LocalAws;
import io.crmsync.queue.SqsNoticeQueue;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.CachingTenantDirectory;
import io.crmsync.tenant.Tenant;

/**
 * Ack latency of hubspot-webhook for 100-event requests, in-JVM against ElasticMQ: from the request event to
 * the answer, i.e. signature check, parsing, tenant lookup (warm cache over dynalite) and enqueuing 100
 * notices. Warm-up first, then percentiles over the measured requests.
 */
public final class WebhookAckBenchmark {

    public record Result(int requests, int eventsPerRequest, double p50Millis, double p90Millis, double p99Millis,
            double maxMillis) {
    }

    private WebhookAckBenchmark() {
    }

    public static Result run(LocalAws aws, int warmup, int measured) {
        String secret = "bench-secret";
        long appId = 1160452;
        long portal = 62515;
        DynamoTenantDirectory table = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        table.save(new Tenant("bench", portal, "00D5g000004YzKxEAK", Optional.empty()));
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        HubSpotWebhookIntake intake = new HubSpotWebhookIntake(secret, appId, Optional.empty(),
                new CachingTenantDirectory(table, java.time.Duration.ofMinutes(5), Clock.systemUTC()),
                new SqsNoticeQueue(aws.sqs(), java.util.Optional.of(aws.queueUrl("ChangeQueue")), json), json, Clock.systemUTC());
        double[] millis = new double[measured];
        for (int i = 0; i < warmup + measured; i++) {
            HttpRequestEvent request = request(secret, appId, portal, i);
            long start = System.nanoTime();
            HttpResponseEvent response = intake.handle(request);
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("benchmark request answered " + response.statusCode());
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
            Result result = run(aws, 300, 1000);
            System.out.println(result);
        }
    }
}
