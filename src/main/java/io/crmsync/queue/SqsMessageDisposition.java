package io.crmsync.queue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.crmsync.sync.MessageDisposition;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The change queue's side of the worker's retries: ChangeMessageVisibilityBatch on the change queue (10 entries
 * per call, SQS's maximum) and SendMessage to its dead-letter queue.
 */
@ApplicationScoped
public class SqsMessageDisposition implements MessageDisposition {

    private static final Logger LOG = Logger.getLogger(SqsMessageDisposition.class);
    static final int MAX_BATCH = 10;
    public static final String REASON = "crmsync-reason";
    public static final String SOURCE_MESSAGE_ID = "crmsync-source-message-id";
    public static final String RECEIVE_COUNT = "crmsync-receive-count";
    /** On a deferred notice's copy: how many times the notice has been deferred (SyncWorker bounds it). */
    public static final String DEFERRALS = MessageDisposition.DEFERRALS_ATTRIBUTE;
    /** Reasons are meant to be short; this only bounds what a caller's mistake could store. */
    static final int MAX_REASON_LENGTH = 256;

    private final SqsClient sqs;
    private final Optional<String> changeQueueUrl;
    private final Optional<String> deadLetterQueueUrl;

    /**
     * @param changeQueueUrl the queue the worker reads; optional at startup like in {@link SqsNoticeQueue}:
     *        without it messages are handed back with the queue's default visibility
     * @param deadLetterQueueUrl the change queue's dead-letter queue; without it poison messages are handed back
     *        and reach it through the redrive policy
     */
    public SqsMessageDisposition(SqsClient sqs,
            @ConfigProperty(name = "crmsync.queue.changes-url") Optional<String> changeQueueUrl,
            @ConfigProperty(name = "crmsync.queue.dead-letter-url") Optional<String> deadLetterQueueUrl) {
        this.sqs = sqs;
        this.changeQueueUrl = changeQueueUrl.filter(u -> !u.isBlank());
        this.deadLetterQueueUrl = deadLetterQueueUrl.filter(u -> !u.isBlank());
    }

    @Override
    public Set<String> delay(List<Delay> delays) {
        Set<String> notDelayed = new LinkedHashSet<>();
        if (delays.isEmpty()) {
            return notDelayed;
        }
        if (changeQueueUrl.isEmpty()) {
            LOG.error("crmsync.queue.changes-url (CRMSYNC_QUEUE_CHANGES_URL) is not set; retries keep the queue's "
                    + "default visibility");
            delays.forEach(d -> notDelayed.add(d.messageId()));
            return notDelayed;
        }
        for (int from = 0; from < delays.size(); from += MAX_BATCH) {
            notDelayed.addAll(delayBatch(delays.subList(from, Math.min(delays.size(), from + MAX_BATCH))));
        }
        return notDelayed;
    }

    @Override
    public Set<String> defer(List<Deferral> deferrals) {
        Set<String> notDeferred = new LinkedHashSet<>();
        if (deferrals.isEmpty()) {
            return notDeferred;
        }
        if (changeQueueUrl.isEmpty()) {
            LOG.error("crmsync.queue.changes-url (CRMSYNC_QUEUE_CHANGES_URL) is not set; deferred messages are "
                    + "handed back instead");
            deferrals.forEach(d -> notDeferred.add(d.messageId()));
            return notDeferred;
        }
        for (int from = 0; from < deferrals.size(); from += MAX_BATCH) {
            notDeferred.addAll(deferBatch(deferrals.subList(from, Math.min(deferrals.size(), from + MAX_BATCH))));
        }
        return notDeferred;
    }

    private Set<String> deferBatch(List<Deferral> batch) {
        List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Deferral deferral = batch.get(i);
            entries.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i)).messageBody(deferral.body())
                    .delaySeconds(Math.toIntExact(Math.min(900, deferral.delay().toSeconds())))
                    .messageAttributes(Map.of(DEFERRALS, MessageAttributeValue.builder().dataType("Number")
                            .stringValue(Integer.toString(deferral.deferrals())).build()))
                    .build());
        }
        Set<String> failed = new LinkedHashSet<>();
        software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(changeQueueUrl.get()).entries(entries));
        } catch (SdkException e) {
            LOG.warnf("SQS SendMessageBatch failed for %d deferred messages: %s", batch.size(), e.toString());
            batch.forEach(d -> failed.add(d.messageId()));
            return failed;
        }
        for (BatchResultErrorEntry error : response.failed()) {
            Deferral deferral = batch.get(Integer.parseInt(error.id()));
            LOG.warnf("SQS did not re-queue deferred message %s: %s", deferral.messageId(), error.code());
            failed.add(deferral.messageId());
        }
        return failed;
    }

    private Set<String> delayBatch(List<Delay> batch) {
        // Entry ids are positions: they only need to be unique within one request.
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Delay delay = batch.get(i);
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(delay.receiptHandle())
                    .visibilityTimeout(Math.toIntExact(delay.visibilityTimeout().toSeconds())).build());
        }
        Set<String> failed = new LinkedHashSet<>();
        ChangeMessageVisibilityBatchResponse response;
        try {
            response = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(changeQueueUrl.get()).entries(entries));
        } catch (SdkException e) {
            LOG.warnf("SQS ChangeMessageVisibilityBatch failed for %d messages: %s", batch.size(), e.toString());
            batch.forEach(d -> failed.add(d.messageId()));
            return failed;
        }
        for (BatchResultErrorEntry error : response.failed()) {
            Delay delay = batch.get(Integer.parseInt(error.id()));
            LOG.warnf("SQS did not change the visibility of message %s: %s", delay.messageId(), error.code());
            failed.add(delay.messageId());
        }
        return failed;
    }

    /** One SendMessage per message: poison messages are rare, and each one fails or succeeds on its own. */
    @Override
    public Set<String> quarantine(List<Poison> poisons) {
        Set<String> notQuarantined = new LinkedHashSet<>();
        if (!poisons.isEmpty() && deadLetterQueueUrl.isEmpty()) {
            LOG.error("crmsync.queue.dead-letter-url (CRMSYNC_QUEUE_DEAD_LETTER_URL) is not set; poison messages "
                    + "are handed back for the redrive policy");
            poisons.forEach(p -> notQuarantined.add(p.messageId()));
            return notQuarantined;
        }
        for (Poison poison : poisons) {
            try {
                sqs.sendMessage(b -> b.queueUrl(deadLetterQueueUrl.get()).messageBody(poison.body())
                        .messageAttributes(attributes(poison)));
            } catch (SdkException e) {
                LOG.warnf("could not send message %s to the dead-letter queue: %s", poison.messageId(), e.toString());
                notQuarantined.add(poison.messageId());
            }
        }
        return notQuarantined;
    }

    private static Map<String, MessageAttributeValue> attributes(Poison poison) {
        String reason = poison.reason().length() > MAX_REASON_LENGTH ? poison.reason().substring(0, MAX_REASON_LENGTH)
                : poison.reason();
        return Map.of(
                REASON, text(reason),
                SOURCE_MESSAGE_ID, text(poison.messageId()),
                RECEIVE_COUNT, MessageAttributeValue.builder().dataType("Number")
                        .stringValue(Integer.toString(poison.receiveCount())).build());
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
