package io.crmsync.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import software.amazon.awssdk.services.sqs.model.Message;

import io.crmsync.lambda.SqsBatchEvent;
import io.crmsync.localaws.LocalAws;

/** The local change queue and its dead-letter queue, read as tests need them. */
public final class ChangeQueue {

    /** Rounds of ten messages a drain takes at most before it calls the queue endless. */
    private static final int MAX_DRAIN_ROUNDS = 100;

    private final LocalAws aws;

    ChangeQueue(LocalAws aws) {
        this.aws = aws;
    }

    /** Up to ten visible messages, waiting up to {@code waitSeconds} for the first. */
    public List<Message> receive(int waitSeconds) {
        return aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue")).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds)).messages();
    }

    /** Every visible message's body, received (and so hidden) until the queue answers empty. */
    public List<String> bodies() {
        List<String> bodies = new ArrayList<>();
        for (List<Message> messages = receive(0); !messages.isEmpty(); messages = receive(0)) {
            messages.forEach(m -> bodies.add(m.body()));
        }
        return bodies;
    }

    /** Up to ten dead letters, with their message attributes. */
    public List<Message> deadLetters() {
        return aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeDeadLetterQueue"))
                .maxNumberOfMessages(10).messageAttributeNames("All")).messages();
    }

    /**
     * The queue drained into a worker as its event source mapping would: batches received with their real
     * receipt handles and receive counts, handed over as the SQS event, and deleted unless the worker reports
     * them failed. {@code worker} answers the ids of the messages it failed. Returns how many were handled.
     */
    public int drainInto(Function<SqsBatchEvent, List<String>> worker) {
        String queue = aws.queueUrl("ChangeQueue");
        int handled = 0;
        for (int round = 0; round < MAX_DRAIN_ROUNDS; round++) {
            List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).attributeNamesWithStrings("ApproximateReceiveCount")).messages();
            if (messages.isEmpty()) {
                return handled;
            }
            List<String> failed = worker.apply(Events.sqsBatch(messages.stream().map(m -> new Events.SqsMessage(
                    m.messageId(), m.receiptHandle(), m.body(), Integer.parseInt(m.attributesAsStrings()
                            .getOrDefault("ApproximateReceiveCount", "1")))).toList()));
            for (Message message : messages) {
                if (!failed.contains(message.messageId())) {
                    aws.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
                }
            }
            handled += messages.size();
        }
        throw new AssertionError("the change queue never drained");
    }
}
