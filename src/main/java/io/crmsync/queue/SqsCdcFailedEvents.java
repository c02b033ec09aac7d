package io.crmsync.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.crmsync.notice.DeadLetters;
import io.crmsync.notice.ParkedEvents;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The cdc-failed-events queue in SQS, where EventBridge's dead-letter config and the CDC function's on-failure
 * destination park the events they could not deliver: counted (GetQueueAttributes), read ten at a time
 * (ReceiveMessage with their message attributes) and deleted in batches (DeleteMessageBatch) once replayed. Not a
 * dead-letter queue of an SQS queue, so SQS's StartMessageMoveTask cannot move them: they are not notices anyway.
 */
@ApplicationScoped
public class SqsCdcFailedEvents implements ParkedEvents {

    private static final Logger LOG = Logger.getLogger(SqsCdcFailedEvents.class);
    private static final int MAX_RECEIVE = 10;

    private final SqsClient sqs;
    private final Optional<String> queueUrl;

    /** The URL optional at startup, so functions that never replay boot without it. */
    @Inject
    public SqsCdcFailedEvents(SqsClient sqs,
            @ConfigProperty(name = "crmsync.queue.cdc-failed-url") Optional<String> queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl.filter(u -> !u.isBlank());
    }

    @Override
    public DeadLetters.Count count() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new DeadLetters.Count(number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    @Override
    public List<Parked> take(int max, Duration hideFor) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl())
                .maxNumberOfMessages(Math.max(1, Math.min(MAX_RECEIVE, max)))
                .visibilityTimeout((int) hideFor.toSeconds()).waitTimeSeconds(0).messageAttributeNames("All"))
                .messages();
        return messages.stream().map(m -> new Parked(m.messageId(), m.body(), attributes(m), m.receiptHandle()))
                .toList();
    }

    /** Entries SQS refuses to delete stay parked and are replayed again later: harmless, notices are hints. */
    @Override
    public void delete(List<Parked> replayed) {
        for (int from = 0; from < replayed.size(); from += MAX_RECEIVE) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            List<Parked> slice = replayed.subList(from, Math.min(replayed.size(), from + MAX_RECEIVE));
            for (int i = 0; i < slice.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(slice.get(i).receipt()).build());
            }
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl())
                    .entries(entries));
            if (!response.failed().isEmpty()) {
                LOG.warnf("cdc-failed-events: %d of %d replayed events not deleted (%s); they will be replayed again",
                        response.failed().size(), entries.size(), response.failed().get(0).code());
            }
        }
    }

    private static Map<String, String> attributes(Message message) {
        Map<String, String> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        return attributes;
    }

    private String queueUrl() {
        return queueUrl.orElseThrow(() -> new IllegalStateException(
                "crmsync.queue.cdc-failed-url (CRMSYNC_QUEUE_CDC_FAILED_URL) is not set"));
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
