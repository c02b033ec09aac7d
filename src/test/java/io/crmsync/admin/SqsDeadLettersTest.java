package io.crmsync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.notice.DeadLetters;
import io.crmsync.queue.SqsDeadLetters;
import software.amazon.awssdk.services.sqs.model.Message;

/** The dead-letter adapter against ElasticMQ, on the queues of infra/aws-resources.json. */
class SqsDeadLettersTest {

    final LocalAws aws = SharedLocalAws.get();
    SqsDeadLetters deadLetters;

    @BeforeEach
    void emptyQueues() {
        aws.reset();
        deadLetters = new SqsDeadLetters(aws.sqs(), Optional.of(aws.queueUrl("ChangeDeadLetterQueue")),
                Optional.of(aws.queueUrl("ChangeQueue")));
    }

    @Test
    void countsTheDeadLettersAndMovesThemBackToTheChangeQueue() throws InterruptedException {
        for (String body : List.of("{\"n\":1}", "{\"n\":2}")) {
            aws.sqs().sendMessage(b -> b.queueUrl(aws.queueUrl("ChangeDeadLetterQueue")).messageBody(body));
        }
        assertThat(deadLetters.count()).isEqualTo(new DeadLetters.Count(2, 0));

        String handle = deadLetters.redrive();

        assertThat(handle).isNotBlank();
        List<String> moved = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (moved.size() < 2 && Instant.now().isBefore(deadline)) {
            for (Message m : aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                moved.add(m.body());
            }
        }
        assertThat(moved).containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}");
        assertThat(deadLetters.count().waiting()).isZero();
        assertThat(deadLetters.recentMoves()).first().satisfies(move -> {
            assertThat(move.taskHandle()).isEqualTo(handle);
            assertThat(move.status()).isIn("RUNNING", "COMPLETED");
        });
    }

    @Test
    void twoRedrivesInARowMoveEveryDeadLetterBackExactlyOnce() throws InterruptedException {
        List<String> sent = sendDeadLetters(300);

        String first = deadLetters.redrive();
        String second;
        try {
            second = deadLetters.redrive();
        } catch (DeadLetters.MoveAlreadyRunningException running) {
            assertThat(running.running().taskHandle()).isEqualTo(first);
            assertThat(running.getMessage()).startsWith("a redrive of the dead-letter queue is already running");
            second = null;
        }

        assertThat(second).isNotEqualTo(first);
        assertThat(changeQueueBodies(sent.size())).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(deadLetters.count()).isEqualTo(new DeadLetters.Count(0, 0));
    }

    @Test
    void aRedriveWhileAMoveIsRunningSaysSoWithItsProgressAndMovesNothingTwice() throws InterruptedException {
        List<String> sent = sendDeadLetters(200);
        // A slow move, as a large one is in SQS: 50 a second.
        String dlqArn = arn("ChangeDeadLetterQueue");
        String running = aws.sqs().startMessageMoveTask(b -> b.sourceArn(dlqArn).destinationArn(arn("ChangeQueue"))
                .maxNumberOfMessagesPerSecond(50)).taskHandle();
        Thread.sleep(500);

        org.assertj.core.api.Assertions.assertThatThrownBy(deadLetters::redrive)
                .isInstanceOfSatisfying(DeadLetters.MoveAlreadyRunningException.class, e -> {
                    assertThat(e.running().taskHandle()).isEqualTo(running);
                    assertThat(e.running().status()).isEqualTo("RUNNING");
                    assertThat(e.running().moved()).isBetween(1L, 199L);
                    assertThat(e.getMessage()).matches("a redrive of the dead-letter queue is already running \\(task"
                            + " .+, \\d+ of 200 moved so far\\)");
                });

        assertThat(changeQueueBodies(sent.size())).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(deadLetters.count()).isEqualTo(new DeadLetters.Count(0, 0));
    }

    private List<String> sendDeadLetters(int count) {
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < count; from += 10) {
            List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int n = from; n < Math.min(count, from + 10); n++) {
                String body = "{\"n\":" + n + "}";
                bodies.add(body);
                batch.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(n)).messageBody(body).build());
            }
            aws.sqs().sendMessageBatch(b -> b.queueUrl(aws.queueUrl("ChangeDeadLetterQueue")).entries(batch));
        }
        return bodies;
    }

    /** Everything that reaches the change queue within a few seconds of the last expected message. */
    private List<String> changeQueueBodies(int expected) {
        List<String> bodies = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int emptyAfterAll = 0;
        while (Instant.now().isBefore(deadline) && emptyAfterAll < 2) {
            List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : messages) {
                bodies.add(m.body());
                aws.sqs().deleteMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue")).receiptHandle(m.receiptHandle()));
            }
            emptyAfterAll = messages.isEmpty() && bodies.size() >= expected ? emptyAfterAll + 1 : 0;
        }
        return bodies;
    }

    private String arn(String logicalId) {
        return aws.sqs().getQueueAttributes(b -> b.queueUrl(aws.queueUrl(logicalId)).attributeNames(
                software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN)).attributes().get(
                software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
    }

    @Test
    void withoutTheQueueUrlsItSaysWhichSettingIsMissing() {
        SqsDeadLetters unset = new SqsDeadLetters(aws.sqs(), Optional.empty(), Optional.of(""));

        org.assertj.core.api.Assertions.assertThatThrownBy(unset::count).hasMessageContaining(
                "crmsync.queue.dead-letter-url");
    }
}
