package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.crm.SyncPausedException;
import io.crmsync.functions.SyncWorkerFunction;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.functions.SyncWorkerFunction;
import io.crmsync.lambda.SqsBatchEvent;
import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.RecursiveLoop;
import io.crmsync.locallambda.RuntimeApi;
import io.crmsync.locallambda.SqsEventSource;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.queue.SqsMessageDisposition;
import io.crmsync.tenant.TenantScope;
import io.crmsync.tenant.TenantSettings;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A tenant suspended for a whole (simulated) day loses no notice: the worker defers them through its own trigger
 * queue ~96 times each, a chain that Lambda's recursive loop detection would stop after 16 hops, and template.yaml's
 * {@code RecursiveLoop: Allow} on SyncWorkerFunction lets it run (the worker bounds it itself).
 *
 * <p>What is real: the local {@link SqsEventSource} and {@link RuntimeApi} with their hop counting, ElasticMQ storing
 * the request's X-Amzn-Trace-Id as each copy's AWSTraceHeader, the worker ({@link SyncWorker}) and its SQS side
 * ({@link SqsMessageDisposition}). What stands in: the function runs in this JVM, polling the Runtime API over HTTP
 * as the runtime client does, against in-memory CRMs; the AWS SDK adds the trace header only inside Lambda
 * (AWS_LAMBDA_FUNCTION_NAME set), so an interceptor adds it here as the SDK's TraceIdExecutionInterceptor would
 * (RecursiveLoopTest shows the real SDK under the real runtime client doing it); and time is compressed: the clock
 * runs 900 times faster and every SQS delay is cut by as much (SyncWorker's 15-minute deferral is 1 s), so a day
 * passes in 96 s with as many hops as in AWS.
 */
class DayLongSuspensionOnLocalLambdaTest {

    static final int SPEED = 900;
    static final int NOTICES = 20;
    static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
    static final Duration SUSPENSION = Duration.ofHours(24);

    /** Simulated time: START plus SPEED times the real time since the test began. */
    static final class FastClock extends Clock {
        final long realStart = System.nanoTime();

        @Override
        public Instant instant() {
            return START.plusNanos((System.nanoTime() - realStart) * SPEED);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** What the AWS SDK does inside Lambda: the invocation's trace header on every request. */
    static final class LambdaTraceHeader implements ExecutionInterceptor {
        static volatile String current;

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            String trace = current;
            return trace == null ? context.httpRequest()
                    : context.httpRequest().toBuilder().putHeader("X-Amzn-Trace-Id", trace).build();
        }
    }

    /** The worker's deferrals with SQS delays compressed like the clock (15 min → 1 s). */
    record CompressedDelays(MessageDisposition real) implements MessageDisposition {
        @Override
        public Set<String> delay(List<Delay> delays) {
            return real.delay(delays.stream().map(d -> new Delay(d.messageId(), d.receiptHandle(),
                    compress(d.visibilityTimeout()))).toList());
        }

        @Override
        public Set<String> quarantine(List<Poison> poisons) {
            return real.quarantine(poisons);
        }

        @Override
        public Set<String> defer(List<Deferral> deferrals) {
            return real.defer(deferrals.stream().map(d -> new Deferral(d.messageId(), d.body(),
                    compress(d.delay()), d.deferrals())).toList());
        }

        static Duration compress(Duration d) {
            return Duration.ofSeconds(Math.max(1, (d.toSeconds() + SPEED - 1) / SPEED));
        }
    }

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    SQSRestServer server;
    SqsClient sqs;
    SqsClient functionSqs;
    String queue;
    String deadLetters;
    final AtomicBoolean running = new AtomicBoolean(true);
    final Set<String> synced = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> mostDeferrals = new ConcurrentHashMap<>();
    Thread function;

    @BeforeEach
    void startSqs() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        String endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(LocalAws.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        functionSqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(LocalAws.credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new LambdaTraceHeader())).build();
        // As template.yaml's ChangeQueue: redrive to its dead-letter queue after 5 receives.
        deadLetters = sqs.createQueue(b -> b.queueName("changes-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetters)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        queue = sqs.createQueue(b -> b.queueName("changes").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
                "30", QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
    }

    @AfterEach
    void stop() throws Exception {
        running.set(false);
        if (function != null) {
            function.interrupt();
            function.join(5000);
        }
        functionSqs.close();
        sqs.close();
        server.stopAndWait();
    }

    /** The worker function, polling the Runtime API as the runtime interface client does. */
    void startWorker(RuntimeApi api, FastClock clock) {
        InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
        InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
        for (int i = 1; i <= NOTICES; i++) {
            hubSpot.put(Integer.toString(i), Map.of("email", "c" + i + "@example.com", "lastname", "C" + i));
        }
        TenantSuspensions none = new TenantSuspensions() {
            @Override
            public void suspend(String tenantId, String reason, Instant at) {
            }

            @Override
            public void clear(String tenantId) {
            }

            @Override
            public Optional<Suspension> current(String tenantId) {
                return Optional.empty();
            }
        };
        SyncWorker worker = new SyncWorker(json, new SyncEngine(InMemoryPorts.ports(hubSpot, salesforce),
                (tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow(), tenant -> TenantSettings.defaults(),
                clock), Map::of, new CompressedDelays(new SqsMessageDisposition(functionSqs, Optional.of(queue),
                        Optional.of(deadLetters))), RetryBackoff.standard(() -> 0.0), 5,
                new SuspensionTracker(none, clock, Duration.ofMinutes(5)), clock, TenantScope.NONE);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + api.address() + "/2018-06-01/runtime/invocation/";
        function = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<byte[]> next = http.send(HttpRequest.newBuilder(URI.create(base + "next")).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    String requestId = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
                    LambdaTraceHeader.current = next.headers().firstValue("Lambda-Runtime-Trace-Id").orElse(null);
                    // The org is suspended for a day: every CRM call answers "paused until then".
                    Instant until = START.plus(SUSPENSION);
                    hubSpot.paused = clock.instant().isBefore(until) ? new SyncPausedException(
                            "Salesforce answered 403 REQUEST_LIMIT_EXCEEDED", until,
                            Optional.of(SyncPausedException.ORG_API_LIMIT_EXCEEDED)) : null;
                    SqsBatchEvent event = json.readValue(next.body(), SqsBatchEvent.class);
                    event.messages().forEach(m -> m.messageAttribute(MessageDisposition.DEFERRALS_ATTRIBUTE)
                            .ifPresent(n -> mostDeferrals.merge("max", Integer.parseInt(n), Math::max)));
                    List<String> failures = worker.handle(SyncWorkerFunction.queued(event));
                    salesforce.written.forEach(w -> synced.add(w.key()));
                    ObjectNode answer = json.createObjectNode();
                    ArrayNode items = answer.putArray("batchItemFailures");
                    failures.forEach(id -> items.addObject().put("itemIdentifier", id));
                    http.send(HttpRequest.newBuilder(URI.create(base + requestId + "/response"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(answer))).build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (running.get()) {
                        e.printStackTrace();
                    }
                }
            }
        }, "in-process-sync-worker");
        function.setDaemon(true);
        function.start();
    }

    void sendNotices() throws Exception {
        for (int i = 1; i <= NOTICES; i++) {
            ChangeNotice notice = new ChangeNotice(1, "acme", ChangeNotice.SourceSystem.HUBSPOT, "contact",
                    List.of(Integer.toString(i)), ChangeNotice.ChangeKind.UPDATED, START, List.of(), null, Map.of());
            String body = json.writeValueAsString(notice);
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
        }
    }

    int messagesIn(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToInt(Integer::parseInt).sum();
    }

    static void await(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void aTenantSuspendedForADayGetsEveryNoticeSyncedAfterwardsBecauseTheWorkerAllowsItsDeferralLoop()
            throws Exception {
        assertThat(RecursiveLoop.of(io.crmsync.deploy.SamTemplate.load(), "sync-worker"))
                .isEqualTo(RecursiveLoop.ALLOW);
        try (RuntimeApi api = new RuntimeApi("sync-worker", Duration.ofSeconds(60), RecursiveLoop.ALLOW)) {
            FastClock clock = new FastClock();
            startWorker(api, clock);
            sendNotices();
            try (SqsEventSource events = new SqsEventSource(sqs, queue, api, 100, Duration.ofMillis(300), 1)) {
                await(() -> synced.size() == NOTICES, Duration.ofSeconds(SUSPENSION.toSeconds() / SPEED + 60));
                System.out.printf("all %d notices synced at simulated %s after %d deferrals each at most, "
                        + "%d worker invocations%n", NOTICES, clock.instant(), mostDeferrals.get("max"),
                        events.invocations());
                assertThat(clock.instant()).isAfter(START.plus(SUSPENSION));
                // ~96 deferrals of 15 minutes each: far past the 16 hops loop detection would allow.
                // (Each hop takes a little more than its compressed second, so somewhat fewer here.)
                assertThat(mostDeferrals.get("max")).isGreaterThan(4 * RecursiveLoop.LIMIT);
                assertThat(events.loopsStopped()).isZero();
            }
            assertThat(synced).hasSize(NOTICES);
            assertThat(messagesIn(deadLetters)).isZero();
        }
    }

    @Test
    void withLambdasDefaultTerminateTheSameSuspensionWouldStopTheNoticesAfter16HopsInTheDeadLetterQueue()
            throws Exception {
        try (RuntimeApi api = new RuntimeApi("sync-worker", Duration.ofSeconds(60), RecursiveLoop.TERMINATE)) {
            FastClock clock = new FastClock();
            startWorker(api, clock);
            sendNotices();
            try (SqsEventSource events = new SqsEventSource(sqs, queue, api, 100, Duration.ofMillis(300), 1)) {
                await(() -> messagesIn(deadLetters) == NOTICES, Duration.ofSeconds(60));
                assertThat(events.loopsStopped()).isGreaterThanOrEqualTo(NOTICES);
                // Stopped about 4 simulated hours into a 24-hour suspension.
                assertThat(clock.instant()).isBefore(START.plus(SUSPENSION));
                assertThat(mostDeferrals.get("max")).isEqualTo(RecursiveLoop.LIMIT - 1);
            }
            assertThat(synced).isEmpty();
        }
    }
}
