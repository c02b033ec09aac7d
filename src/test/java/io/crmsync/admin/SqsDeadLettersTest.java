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
    void withoutTheQueueUrlsItSaysWhichSettingIsMissing() {
        SqsDeadLetters unset = new SqsDeadLetters(aws.sqs(), Optional.empty(), Optional.of(""));

        org.assertj.core.api.Assertions.assertThatThrownBy(unset::count).hasMessageContaining(
                "crmsync.queue.dead-letter-url");
    }
}
