package io.crmsync.locallambda;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A local SQS event source mapping with ReportBatchItemFailures: pollers receive up to batchSize messages
 * (waiting up to the batching window to fill a batch), invoke the function with an SQS event, then delete
 * every message except those the function lists in batchItemFailures. If the invocation fails, or runs past the
 * function's Timeout ({@link RuntimeApi.FunctionTimeout}), nothing is deleted and the whole batch comes back after
 * the visibility timeout — as Lambda does.
 *
 * <p>Recursive loop detection as Lambda's: each message's {@code AWSTraceHeader} tells how many times its chain has
 * invoked the function ({@link TraceHeader}); the invocation gets that header with one more hop (the runtime hands
 * it to the function, whose AWS SDK sends it on as {@code X-Amzn-Trace-Id}, which SQS stores as the next message's
 * AWSTraceHeader). A message whose chain has reached {@link RecursiveLoop#LIMIT} is not delivered to a function whose
 * RecursiveLoop is Terminate. AWS documents that Lambda then stops invoking the function with that event (and
 * notifies the account); for an SQS event source the message is not processed nor deleted, so it returns to the
 * queue and, once its receives pass the queue's maxReceiveCount, SQS's redrive policy moves it to the dead-letter
 * queue (without a redrive policy it stays until its retention period ends). Here it is made visible again at once
 * (ChangeMessageVisibility 0), so the redrive happens within seconds instead of visibility timeouts.
 */
public final class SqsEventSource implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SqsEventSource.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RuntimeApi function;
    private final int batchSize;
    private final Duration batchingWindow;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService pollers;
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong loopsStopped = new AtomicLong();
    private final AtomicLong failedInvocations = new AtomicLong();

    public SqsEventSource(SqsClient sqs, String queueUrl, RuntimeApi function, int batchSize, Duration batchingWindow,
            int concurrency) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.function = function;
        this.batchSize = batchSize;
        this.batchingWindow = batchingWindow;
        this.queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.pollers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sqs-event-source");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < concurrency; i++) {
            pollers.submit(this::poll);
        }
    }

    public long invocations() {
        return invocations.get();
    }

    /** Messages not delivered because their chain reached the recursive loop limit (each receive counts). */
    public long loopsStopped() {
        return loopsStopped.get();
    }

    /** Invocations that failed or timed out: their whole batch returns after the visibility timeout. */
    public long failedInvocations() {
        return failedInvocations.get();
    }

    private void poll() {
        while (running.get()) {
            try {
                List<Message> batch = receiveBatch();
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warnf("event source poll failed: %s", e.toString());
                    sleep(500);
                }
            }
        }
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long deadline = System.nanoTime() + batchingWindow.toNanos();
        do {
            int wait = batch.isEmpty() ? 2 : 0;
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(Math.min(10, batchSize - batch.size()))
                    .waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            batch.addAll(received);
            if (received.isEmpty() && !batch.isEmpty()) {
                sleep(20);
            }
        } while (running.get() && !batch.isEmpty() && batch.size() < batchSize && System.nanoTime() < deadline);
        return batch;
    }

    private void deliver(List<Message> received) {
        String functionArn = function.functionArn();
        List<Message> batch = new ArrayList<>();
        TraceHeader furthest = null;
        for (Message m : received) {
            TraceHeader trace = TraceHeader.parse(m.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER));
            if (function.recursiveLoop() == RecursiveLoop.TERMINATE && trace.hops(functionArn) >= RecursiveLoop.LIMIT) {
                stopLoop(m, trace);
                continue;
            }
            batch.add(m);
            if (furthest == null || trace.hops(functionArn) > furthest.hops(functionArn)) {
                furthest = trace;
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        // Lambda hands one trace header to a batch's invocation; here that of the message furthest along its chain,
        // so a fresh message in the same batch never hides a loop.
        String traceHeader = furthest.withHop(functionArn).toString();
        invocations.incrementAndGet();
        Set<String> failed = new HashSet<>();
        try {
            byte[] answer = function.invoke(json.writeValueAsBytes(event(batch)), traceHeader).get();
            JsonNode response = json.readTree(answer);
            response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        } catch (ExecutionException e) {
            failedInvocations.incrementAndGet();
            LOG.warnf("function invocation failed; the batch of %d returns after the visibility timeout: %s",
                    batch.size(), e.getCause().getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (java.io.IOException e) {
            LOG.warnf("function answer unreadable; the batch returns after the visibility timeout");
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = batch.stream().filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                        .build())
                .toList();
        // DeleteMessageBatch takes at most 10 entries.
        for (int from = 0; from < done.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> chunk = done.subList(from, Math.min(done.size(), from + 10));
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(chunk));
        }
    }

    /** Recursive loop detected: the function is not invoked; the message goes back for the redrive policy. */
    private void stopLoop(Message m, TraceHeader trace) {
        loopsStopped.incrementAndGet();
        LOG.warnf("recursive loop detected: message %s (trace %s) has invoked %s %d times; Lambda stops invoking the "
                + "function with it (RecursiveLoop Terminate) and the queue's redrive policy takes it", m.messageId(),
                trace.root(), function.functionName(), trace.hops(function.functionArn()));
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        } catch (RuntimeException e) {
            LOG.warnf("could not return message %s to the queue: %s", m.messageId(), e.toString());
        }
    }

    private ObjectNode event(List<Message> batch) {
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            ObjectNode attributes = record.putObject("attributes");
            for (Map.Entry<MessageSystemAttributeName, String> a : m.attributes().entrySet()) {
                attributes.put(a.getKey().toString(), a.getValue());
            }
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            m.messageAttributes().forEach((name, value) -> {
                // Lambda's shape: stringValue / binaryValue, the (unused) list values, dataType.
                ObjectNode a = messageAttributes.putObject(name);
                if (value.stringValue() != null) {
                    a.put("stringValue", value.stringValue());
                }
                if (value.binaryValue() != null) {
                    a.put("binaryValue", java.util.Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
                }
                a.putArray("stringListValues");
                a.putArray("binaryListValues");
                a.put("dataType", value.dataType());
            });
            record.put("md5OfBody", m.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", "us-east-1");
        }
        return event;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        pollers.shutdownNow();
    }
}
