package io.crmsync.queue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.notice.DeadLetters;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The change queue's dead-letter queue in SQS: its approximate counts (GetQueueAttributes), and redrive with
 * StartMessageMoveTask to the change queue named explicitly — notices the worker quarantined were sent to the
 * dead-letter queue directly and have no "source queue" SQS could move them back to.
 */
@ApplicationScoped
public class SqsDeadLetters implements DeadLetters {

    private final SqsClient sqs;
    private final Optional<String> deadLetterUrl;
    private final Optional<String> changesUrl;

    /** Both URLs optional at startup, so functions that never redrive boot without them. */
    @Inject
    public SqsDeadLetters(SqsClient sqs,
            @ConfigProperty(name = "crmsync.queue.dead-letter-url") Optional<String> deadLetterUrl,
            @ConfigProperty(name = "crmsync.queue.changes-url") Optional<String> changesUrl) {
        this.sqs = sqs;
        this.deadLetterUrl = deadLetterUrl.filter(u -> !u.isBlank());
        this.changesUrl = changesUrl.filter(u -> !u.isBlank());
    }

    @Override
    public Count count() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new Count(number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    @Override
    public List<Move> recentMoves() {
        return sqs.listMessageMoveTasks(b -> b.sourceArn(arn(deadLetterUrl())).maxResults(10)).results().stream()
                .map(SqsDeadLetters::move).toList();
    }

    @Override
    public String redrive() {
        String source = arn(deadLetterUrl());
        String destination = arn(changesUrl.orElseThrow(() -> new IllegalStateException(
                "crmsync.queue.changes-url (CRMSYNC_QUEUE_CHANGES_URL) is not set")));
        try {
            return start(source, destination);
        } catch (SqsException refused) {
            // SQS runs one move per queue at a time and refuses a second with a bare 400 (AWS: InvalidParameterValue
            // "There is already a task running..."; ElasticMQ: UnsupportedOperation): say which move runs and how far
            // it got. A refusal with none running means that move finished in between: then one more start.
            if (refused.statusCode() != 400) {
                throw refused;
            }
            throwIfRunning();
            try {
                return start(source, destination);
            } catch (SqsException again) {
                throwIfRunning();
                throw again;
            }
        }
    }

    private String start(String source, String destination) {
        return sqs.startMessageMoveTask(b -> b.sourceArn(source).destinationArn(destination)).taskHandle();
    }

    /** RUNNING, or CANCELLING (it still holds the queue until cancelled). */
    private void throwIfRunning() {
        Optional<Move> running = recentMoves().stream()
                .filter(m -> "RUNNING".equals(m.status()) || "CANCELLING".equals(m.status())).findFirst();
        if (running.isPresent()) {
            throw new MoveAlreadyRunningException(running.get());
        }
    }

    private String deadLetterUrl() {
        return deadLetterUrl.orElseThrow(() -> new IllegalStateException(
                "crmsync.queue.dead-letter-url (CRMSYNC_QUEUE_DEAD_LETTER_URL) is not set"));
    }

    private String arn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static Move move(ListMessageMoveTasksResultEntry task) {
        return new Move(task.taskHandle(), task.status(), task.approximateNumberOfMessagesMoved() == null ? 0
                : task.approximateNumberOfMessagesMoved(),
                Optional.ofNullable(task.approximateNumberOfMessagesToMove()),
                Optional.ofNullable(task.failureReason()));
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
