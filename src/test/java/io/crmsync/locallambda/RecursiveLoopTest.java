package io.crmsync.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's recursive loop detection on the local stack, end to end: a function instance (the real runtime interface
 * client and the real AWS SDK, {@link LoopHandler}) re-sends each message to its own trigger queue; the trace header
 * travels Runtime API → SDK (X-Amzn-Trace-Id) → ElasticMQ (AWSTraceHeader) → {@link SqsEventSource} → Runtime API,
 * one hop more each time. With RecursiveLoop Terminate the chain stops after 16 invocations and the message ends in
 * the dead-letter queue through the redrive policy; with Allow it runs on.
 */
class RecursiveLoopTest {

    static SQSRestServer server;
    static SqsClient sqs;
    static String endpoint;
    static LocalFunctions functions;

    @BeforeAll
    static void start() throws Exception {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(LocalAws.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        Path work = Files.createDirectories(Path.of("target", "recursive-loop-test"));
        Path task = Files.createDirectories(work.resolve("task"));
        // The handler and the SDK come from the test class path, as function.zip's lib/ would bring them.
        List<String> classpath = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        functions = LocalFunctions.at(task, work.resolve("logs"), LoopHandler.class.getName() + "::handleRequest",
                classpath);
    }

    @AfterAll
    static void stop() {
        functions.close();
        sqs.close();
        server.stopAndWait();
    }

    record Queues(String queue, String deadLetters) {
    }

    static Queues queues(String name) {
        String dlq = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queue = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}"))).queueUrl();
        return new Queues(queue, dlq);
    }

    @Test
    void aFunctionThatFeedsItsOwnQueueIsStoppedAfter16InvocationsAndTheMessageEndsInTheDeadLetterQueue()
            throws Exception {
        Queues q = queues("loop-terminate");
        LocalFunctions.Function f = functions.launch("loop-terminate", 1,
                Map.of("queue.url", q.queue(), "sqs.endpoint", endpoint), Duration.ofSeconds(10), List.of(),
                RecursiveLoop.TERMINATE);
        functions.awaitReady(f);
        sqs.sendMessage(b -> b.queueUrl(q.queue()).messageBody("chain 1 100"));
        try (SqsEventSource events = new SqsEventSource(sqs, q.queue(), f.api(), 10, Duration.ZERO, 1)) {
            List<Message> dead = awaitMessage(q.deadLetters(), Duration.ofSeconds(60));
            assertThat(dead).singleElement().satisfies(m -> {
                // The 16th invocation sent hop 17; Lambda refused to invoke the function with it.
                assertThat(m.body()).isEqualTo("chain 17 100");
                TraceHeader trace = TraceHeader.parse(m.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER));
                assertThat(trace.hops(f.api().functionArn())).isEqualTo(RecursiveLoop.LIMIT);
            });
            assertThat(events.invocations()).isEqualTo(RecursiveLoop.LIMIT);
            assertThat(events.loopsStopped()).isEqualTo(3); // one per receive, up to maxReceiveCount
        }
        functions.stop(f);
    }

    @Test
    void withRecursiveLoopAllowTheChainRunsPast16() throws Exception {
        Queues q = queues("loop-allow");
        LocalFunctions.Function f = functions.launch("loop-allow", 1,
                Map.of("queue.url", q.queue(), "sqs.endpoint", endpoint), Duration.ofSeconds(10), List.of(),
                RecursiveLoop.ALLOW);
        functions.awaitReady(f);
        sqs.sendMessage(b -> b.queueUrl(q.queue()).messageBody("chain 1 24"));
        try (SqsEventSource events = new SqsEventSource(sqs, q.queue(), f.api(), 10, Duration.ZERO, 1)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events.invocations() < 24 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(events.invocations()).isEqualTo(24);
            assertThat(events.loopsStopped()).isZero();
        }
        assertThat(sqs.receiveMessage(b -> b.queueUrl(q.deadLetters()).waitTimeSeconds(1)).messages()).isEmpty();
        functions.stop(f);
    }

    static List<Message> awaitMessage(String queue, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (!received.isEmpty()) {
                return received;
            }
        }
        throw new AssertionError("nothing reached " + queue + " within " + limit);
    }
}
