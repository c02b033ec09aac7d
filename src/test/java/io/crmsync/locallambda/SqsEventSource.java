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
 * every message except those the function lists in batchItemFailures. If the invocation fails, nothing is
 * deleted and the whole batch comes back after the visibility timeout — as Lambda does.
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
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            batch.addAll(received);
            if (received.isEmpty() && !batch.isEmpty()) {
                sleep(20);
            }
        } while (running.get() && !batch.isEmpty() && batch.size() < batchSize && System.nanoTime() < deadline);
        return batch;
    }

    private void deliver(List<Message> batch) {
        invocations.incrementAndGet();
        Set<String> failed = new HashSet<>();
        try {
            byte[] answer = function.invoke(json.writeValueAsBytes(event(batch))).get();
            JsonNode response = json.readTree(answer);
            response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        } catch (ExecutionException e) {
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
            record.putObject("messageAttributes");
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
