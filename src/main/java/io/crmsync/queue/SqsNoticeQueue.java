package io.crmsync.queue;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Puts change notices on the SQS change queue with SendMessageBatch (10 entries per call, SQS's maximum). */
@ApplicationScoped
public class SqsNoticeQueue implements NoticeQueue {

    private static final Logger LOG = Logger.getLogger(SqsNoticeQueue.class);
    static final int MAX_BATCH = 10;
    /** SQS caps a whole SendMessageBatch request at 256 KiB. */
    static final int MAX_BATCH_BYTES = 256 * 1024;
    /** A 100-event webhook needs 10 batches. */
    static final int MAX_PARALLEL_BATCHES = 10;

    private final SqsClient sqs;
    private final java.util.Optional<String> queueUrl;
    private final ObjectMapper json;
    /** Daemon threads: they must never keep a Lambda or a test JVM alive. */
    private final java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(
            MAX_PARALLEL_BATCHES, r -> {
                Thread t = new Thread(r, "sqs-send");
                t.setDaemon(true);
                return t;
            });

    /**
     * @param queueUrl optional at startup so functions that never enqueue (the worker, the admin function) boot
     *        without it; enqueuing without it fails loudly
     */
    public SqsNoticeQueue(SqsClient sqs, @ConfigProperty(name = "crmsync.queue.changes-url") java.util.Optional<String> queueUrl,
            ObjectMapper json) {
        this.sqs = sqs;
        this.queueUrl = queueUrl.filter(u -> !u.isBlank());
        this.json = json;
    }

    /**
     * Sends the batches side by side: a 100-event webhook makes 10 SendMessageBatch calls, and HubSpot waits
     * for the answer. If any batch fails the whole call fails; the CRM's retry re-sends notices that did get
     * through, which is harmless (notices are hints).
     */
    @Override
    public void enqueue(List<ChangeNotice> notices) {
        if (queueUrl.isEmpty()) {
            throw new IllegalStateException("crmsync.queue.changes-url (CRMSYNC_QUEUE_CHANGES_URL) is not set");
        }
        List<List<SendMessageBatchRequestEntry>> batches = batchesOf(notices);
        if (batches.size() == 1) {
            send(batches.get(0));
            return;
        }
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>(batches.size());
        for (List<SendMessageBatchRequestEntry> batch : batches) {
            sent.add(senders.submit(() -> send(batch)));
        }
        EnqueueFailedException failure = null;
        for (java.util.concurrent.Future<?> f : sent) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failure = e.getCause() instanceof EnqueueFailedException ef ? ef
                        : new EnqueueFailedException("SQS SendMessageBatch failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EnqueueFailedException("interrupted while enqueuing", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private List<List<SendMessageBatchRequestEntry>> batchesOf(List<ChangeNotice> notices) {
        List<List<SendMessageBatchRequestEntry>> batches = new ArrayList<>();
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>(MAX_BATCH);
        int batchBytes = 0;
        for (int i = 0; i < notices.size(); i++) {
            String body = toJson(notices.get(i));
            int size = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (batch.size() == MAX_BATCH || (!batch.isEmpty() && batchBytes + size > MAX_BATCH_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>(MAX_BATCH);
                batchBytes = 0;
            }
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body).build());
            batchBytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /** Sends one batch; entries SQS reports as failed are sent once more before giving up. */
    private void send(List<SendMessageBatchRequestEntry> entries) {
        List<SendMessageBatchRequestEntry> pending = entries;
        for (int attempt = 1; attempt <= 2 && !pending.isEmpty(); attempt++) {
            List<SendMessageBatchRequestEntry> toSend = pending;
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl.get()).entries(toSend));
            } catch (SdkException e) {
                throw new EnqueueFailedException("SQS SendMessageBatch failed", e);
            }
            List<String> failedIds = response.failed().stream().map(BatchResultErrorEntry::id).toList();
            if (!failedIds.isEmpty()) {
                LOG.warnf("SQS rejected %d of %d entries (attempt %d): %s", failedIds.size(), pending.size(), attempt,
                        response.failed().get(0).code());
            }
            pending = pending.stream().filter(e -> failedIds.contains(e.id())).toList();
        }
        if (!pending.isEmpty()) {
            throw new EnqueueFailedException(pending.size() + " notices were rejected by SQS", null);
        }
    }

    @jakarta.annotation.PreDestroy
    void stopSenders() {
        senders.shutdownNow();
    }

    private String toJson(ChangeNotice notice) {
        try {
            return json.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A change notice could not be serialised", e);
        }
    }
}
