package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.store.DynamoSeenDeliveries;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sandbox's redelivery at scale, counted at the door: every full request (100 webhook events, or an Outbound
 * Message of 100 notifications) delivered {@value #COPIES} times in a shuffled order, as the faults redelivery
 * scenario does. Without the window (its table unreachable: the doors fail open, which is what they did before)
 * every copy becomes notices; with it on dynalite, each event once. Also prints what the window costs per request:
 * its DynamoDB calls and their time.
 */
class ReplayWindowScaleTest {

    static final int COPIES = 3;
    static final int REQUESTS = 40;
    static final int PER_REQUEST = 100;

    final LocalAws aws = SharedLocalAws.get();
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    final Clock clock = Clock.fixed(HubSpotWebhookIntakeTest.NOW, ZoneOffset.UTC);
    final DynamoCalls calls = new DynamoCalls();
    final DynamoDbClient countedDynamo = DynamoDbClient.builder().endpointOverride(URI.create(aws.dynamoEndpoint()))
            .region(Region.of(LocalAws.REGION)).credentialsProvider(LocalAws.credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.addExecutionInterceptor(calls)).build();

    /** Counts and times every DynamoDB call by operation. */
    static final class DynamoCalls implements ExecutionInterceptor {
        static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("replay-window-test-started");
        final Map<String, AtomicLong> count = new ConcurrentHashMap<>();
        final AtomicLong nanos = new AtomicLong();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            attributes.putAttribute(STARTED, System.nanoTime());
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            count.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    o -> new AtomicLong()).incrementAndGet();
            nanos.addAndGet(System.nanoTime() - attributes.getAttribute(STARTED));
        }

        long of(String operation) {
            return count.getOrDefault(operation, new AtomicLong()).get();
        }

        void reset() {
            count.clear();
            nanos.set(0);
        }
    }

    record Run(int requests, int recordIdsEnqueued, double p50Millis, double p90Millis) {
    }

    @BeforeEach
    void empty() {
        aws.reset();
    }

    DynamoSeenDeliveries window() {
        return new DynamoSeenDeliveries(countedDynamo, aws.tableName("SeenDeliveriesTable"), Duration.ofHours(48),
                Duration.ofSeconds(1), clock);
    }

    static RememberingSeenDeliveries unreachable() {
        RememberingSeenDeliveries down = new RememberingSeenDeliveries();
        down.unavailable = true;
        return down;
    }

    /** Each of the requests {@value #COPIES} times, shuffled with a fixed seed, through the door; times each. */
    static Run deliver(List<HttpRequestEvent> requests, Function<HttpRequestEvent, HttpResponseEvent> door,
            RecordingQueue queue) {
        List<HttpRequestEvent> deliveries = new ArrayList<>();
        for (int copy = 0; copy < COPIES; copy++) {
            deliveries.addAll(requests);
        }
        Collections.shuffle(deliveries, new Random(17));
        double[] millis = new double[deliveries.size()];
        for (int i = 0; i < deliveries.size(); i++) {
            long start = System.nanoTime();
            HttpResponseEvent answer = door.apply(deliveries.get(i));
            millis[i] = (System.nanoTime() - start) / 1e6;
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        Arrays.sort(millis);
        int ids = queue.enqueued.stream().mapToInt(n -> n.recordIds().size()).sum();
        return new Run(deliveries.size(), ids, millis[millis.length / 2], millis[millis.length * 9 / 10]);
    }

    static List<HttpRequestEvent> webhookRequests() {
        List<HttpRequestEvent> requests = new ArrayList<>();
        for (int r = 0; r < REQUESTS; r++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < PER_REQUEST; i++) {
                long id = 100_000L + r * PER_REQUEST + i;
                body.append(i == 0 ? "" : ",").append(HubSpotWebhookIntakeTest.event(id, "contact.propertyChange",
                        id, "CRM_UI", "u"));
            }
            requests.add(HubSpotWebhookIntakeTest.signed(body.append(']').toString(), HubSpotWebhookIntakeTest.NOW));
        }
        return requests;
    }

    static List<HttpRequestEvent> outboundRequests() {
        List<HttpRequestEvent> requests = new ArrayList<>();
        for (int r = 0; r < REQUESTS; r++) {
            StringBuilder body = new StringBuilder("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>\
                    <notifications xmlns="http://soap.sforce.com/2005/09/outbound">\
                    <OrganizationId>%s</OrganizationId><ActionId>04k5g000000GmnAAAS</ActionId>\
                    """.formatted(Tenants.ACME.salesforceOrgId()));
            for (int i = 0; i < PER_REQUEST; i++) {
                String suffix = String.format("%07d", r * PER_REQUEST + i);
                body.append("<Notification><Id>04l5g00000").append(suffix).append("A</Id>")
                        .append("<sObject xsi:type=\"sf:Lead\" xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\">")
                        .append("<sf:Id>00Q5g0000").append(suffix).append("AA</sf:Id></sObject></Notification>");
            }
            requests.add(SalesforceOutboundIntakeTest.post(body.append("</notifications></soapenv:Body>"
                    + "</soapenv:Envelope>").toString(), "token=" + Tenants.ACME_TOKEN, "text/xml; charset=utf-8"));
        }
        return requests;
    }

    HubSpotWebhookIntake webhook(SeenDeliveries seen, RecordingQueue queue) {
        return new HubSpotWebhookIntake(HubSpotWebhookIntakeTest.SECRET, HubSpotWebhookIntakeTest.APP_ID,
                Optional.empty(), new Tenants(), queue, seen, json, clock);
    }

    @Test
    void everyEventOfTripledWebhookDeliveriesIsEnqueuedOnceAtTwoDynamoCallsPlusOnePer25Notices() {
        List<HttpRequestEvent> requests = webhookRequests();
        RecordingQueue before = new RecordingQueue();
        Run withoutWindow = deliver(requests, webhook(unreachable(), before)::handle, before);
        RecordingQueue after = new RecordingQueue();
        calls.reset();
        Run withWindow = deliver(requests, webhook(window(), after)::handle, after);

        int events = REQUESTS * PER_REQUEST;
        assertThat(withoutWindow.recordIdsEnqueued()).isEqualTo(COPIES * events);
        assertThat(withWindow.recordIdsEnqueued()).isEqualTo(events);
        assertThat(after.enqueued.stream().flatMap(n -> n.recordIds().stream()).distinct().count()).isEqualTo(events);
        // Per delivery one lookup; per first delivery one record per 25 events.
        assertThat(calls.of("BatchGetItem")).isEqualTo(withWindow.requests());
        assertThat(calls.of("BatchWriteItem")).isEqualTo(REQUESTS * (PER_REQUEST / 25));
        report("hubspot-webhook", withoutWindow, withWindow);
    }

    @Test
    void everyNotificationOfTripledOutboundMessagesIsEnqueuedOnce() {
        List<HttpRequestEvent> requests = outboundRequests();
        RecordingQueue before = new RecordingQueue();
        Run withoutWindow = deliver(requests, new SalesforceOutboundIntake(new Tenants(), before, unreachable(),
                clock)::handle, before);
        RecordingQueue after = new RecordingQueue();
        calls.reset();
        Run withWindow = deliver(requests, new SalesforceOutboundIntake(new Tenants(), after, window(), clock)::handle,
                after);

        int notifications = REQUESTS * PER_REQUEST;
        assertThat(withoutWindow.recordIdsEnqueued()).isEqualTo(COPIES * notifications);
        assertThat(withWindow.recordIdsEnqueued()).isEqualTo(notifications);
        assertThat(calls.of("BatchGetItem")).isEqualTo(withWindow.requests());
        assertThat(calls.of("BatchWriteItem")).isEqualTo(REQUESTS * (PER_REQUEST / 25));
        report("salesforce-outbound", withoutWindow, withWindow);
    }

    void report(String door, Run without, Run with) {
        System.out.printf("REPLAY-WINDOW %s: %d deliveries of %d requests x %d; record ids enqueued without the"
                + " window %d, with it %d (duplicates %d -> %d); DynamoDB per delivery %.2f BatchGetItem + %.2f"
                + " BatchWriteItem, %.1f ms; door p50/p90 %.1f/%.1f ms without, %.1f/%.1f ms with%n", door,
                with.requests(), REQUESTS, COPIES, without.recordIdsEnqueued(), with.recordIdsEnqueued(),
                without.recordIdsEnqueued() - REQUESTS * PER_REQUEST, with.recordIdsEnqueued() - REQUESTS * PER_REQUEST,
                (double) calls.of("BatchGetItem") / with.requests(), (double) calls.of("BatchWriteItem")
                        / with.requests(), calls.nanos.get() / 1e6 / with.requests(), without.p50Millis(),
                without.p90Millis(), with.p50Millis(), with.p90Millis());
    }
}
