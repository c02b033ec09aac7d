package io.crmsync.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sync.MessageDisposition;
import io.crmsync.sync.MessageDisposition.Delay;
import io.crmsync.sync.MessageDisposition.Poison;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The worker's queue adapter against ElasticMQ, on the change queue and dead-letter queue of infra/aws-resources.json. */
class SqsMessageDispositionTest {

    final LocalAws aws = SharedLocalAws.get();
    final String changes = aws.queueUrl("ChangeQueue");
    final String deadLetters = aws.queueUrl("ChangeDeadLetterQueue");
    final MessageDisposition disposition = new SqsMessageDisposition(aws.sqs(), Optional.of(changes),
            Optional.of(deadLetters));

    @BeforeEach
    void emptyQueues() {
        aws.reset();
    }

    List<Message> receive(String queueUrl, int max) {
        return aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(0)
                .messageAttributeNames("All")).messages();
    }

    @Test
    void aDelayedMessageComesBackAfterItsDelayNotAfterTheQueuesVisibilityTimeout() throws Exception {
        aws.sqs().sendMessage(b -> b.queueUrl(changes).messageBody("{\"n\":1}"));
        Message first = receive(changes, 1).get(0);

        Set<String> notDelayed = disposition.delay(List.of(new Delay(first.messageId(), first.receiptHandle(),
                Duration.ofSeconds(2))));

        assertThat(notDelayed).isEmpty();
        // Still invisible right after: the delay is not zero...
        assertThat(receive(changes, 10)).isEmpty();
        // ...and it returns within seconds, long before the queue's own 360 s.
        Message again = awaitMessage(changes, Duration.ofSeconds(8));
        assertThat(again.messageId()).isEqualTo(first.messageId());
    }

    @Test
    void delaysMoreThanTenMessagesInBatchesOfTen() {
        IntStream.range(0, 23).forEach(i -> aws.sqs().sendMessage(b -> b.queueUrl(changes).messageBody("m" + i)));
        List<Message> received = new ArrayList<>();
        for (List<Message> batch; !(batch = receive(changes, 10)).isEmpty();) {
            received.addAll(batch);
        }
        assertThat(received).hasSize(23);

        Set<String> notDelayed = disposition.delay(received.stream()
                .map(m -> new Delay(m.messageId(), m.receiptHandle(), Duration.ofSeconds(1))).toList());

        assertThat(notDelayed).isEmpty();
        List<Message> back = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (back.size() < 23 && System.nanoTime() < deadline) {
            back.addAll(receive(changes, 10));
        }
        assertThat(back).extracting(Message::messageId)
                .containsExactlyInAnyOrderElementsOf(received.stream().map(Message::messageId).toList());
    }

    @Test
    void aReceiptHandleSqsRejectsIsReportedNotThrown() {
        aws.sqs().sendMessage(b -> b.queueUrl(changes).messageBody("{\"n\":1}"));
        Message good = receive(changes, 1).get(0);

        Set<String> notDelayed = disposition.delay(List.of(
                new Delay("stale", "not-a-receipt-handle", Duration.ofSeconds(30)),
                new Delay(good.messageId(), good.receiptHandle(), Duration.ofSeconds(30))));

        assertThat(notDelayed).containsExactly("stale");
    }

    @Test
    void aPoisonMessageReachesTheDeadLetterQueueUnchangedWithItsReason() {
        String body = "{\"version\":7,\"tenantId\":\"acme\"}";

        Set<String> notQuarantined = disposition.quarantine(List.of(new Poison("m-1", body, 2,
                "unsupported notice version 7")));

        assertThat(notQuarantined).isEmpty();
        List<Message> dead = receive(deadLetters, 10);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).body()).isEqualTo(body);
        assertThat(dead.get(0).messageAttributes()).containsOnlyKeys(SqsMessageDisposition.REASON,
                SqsMessageDisposition.SOURCE_MESSAGE_ID, SqsMessageDisposition.RECEIVE_COUNT);
        assertThat(dead.get(0).messageAttributes().get(SqsMessageDisposition.REASON).stringValue())
                .isEqualTo("unsupported notice version 7");
        assertThat(dead.get(0).messageAttributes().get(SqsMessageDisposition.SOURCE_MESSAGE_ID).stringValue())
                .isEqualTo("m-1");
        MessageAttributeValue count = dead.get(0).messageAttributes().get(SqsMessageDisposition.RECEIVE_COUNT);
        assertThat(count.dataType()).isEqualTo("Number");
        assertThat(count.stringValue()).isEqualTo("2");
        assertThat(receive(changes, 10)).as("nothing is put back on the change queue").isEmpty();
    }

    @Test
    void poisonMessagesThatCannotBeSentAreReported() {
        try (SqsClient unreachable = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:1"))
                .region(Region.US_EAST_1).credentialsProvider(LocalAws.credentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            MessageDisposition down = new SqsMessageDisposition(unreachable, Optional.of(changes),
                    Optional.of(deadLetters));

            assertThat(down.quarantine(List.of(new Poison("a", "x", 1, "not JSON"),
                    new Poison("b", "y", 1, "not JSON")))).containsExactlyInAnyOrder("a", "b");
            assertThat(down.delay(List.of(new Delay("c", "rh", Duration.ofSeconds(30))))).containsExactly("c");
        }
    }

    @Test
    void withoutQueueUrlsNothingIsSentAndEverythingIsReported() {
        MessageDisposition unconfigured = new SqsMessageDisposition(aws.sqs(), Optional.of(""), Optional.empty());

        assertThat(unconfigured.quarantine(List.of(new Poison("a", "x", 1, "not JSON")))).containsExactly("a");
        assertThat(unconfigured.delay(List.of(new Delay("c", "rh", Duration.ofSeconds(30))))).containsExactly("c");
        assertThat(receive(deadLetters, 10)).isEmpty();
    }

    private Message awaitMessage(String queueUrl, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> got = receive(queueUrl, 1);
            if (!got.isEmpty()) {
                return got.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message on " + queueUrl + " within " + timeout);
    }

    @Test
    void aDeferredMessageIsRequeuedAsANewMessageDeliveredAfterItsDelay() throws Exception {
        aws.sqs().sendMessage(b -> b.queueUrl(changes).messageBody("{\"n\":2}"));
        Message first = receive(changes, 1).get(0);

        Set<String> notDeferred = disposition.defer(List.of(new io.crmsync.sync.MessageDisposition.Deferral(
                first.messageId(), first.body(), Duration.ofSeconds(2), 7)));

        assertThat(notDeferred).isEmpty();
        // The copy waits its delay; it is a new message, so SQS counts its receives afresh.
        aws.sqs().deleteMessage(b -> b.queueUrl(changes).receiptHandle(first.receiptHandle()));
        assertThat(receive(changes, 10)).isEmpty();
        Message copy = awaitMessage(changes, Duration.ofSeconds(8));
        assertThat(copy.body()).isEqualTo("{\"n\":2}");
        assertThat(copy.messageId()).isNotEqualTo(first.messageId());
        // The copy says how many times the notice has been deferred, so the worker can bound its chain.
        assertThat(copy.messageAttributes().get(SqsMessageDisposition.DEFERRALS).stringValue()).isEqualTo("7");
    }

    @Test
    void deferringWithoutAQueueUrlAnswersEveryMessage() {
        MessageDisposition unconfigured = new SqsMessageDisposition(aws.sqs(), Optional.empty(), Optional.empty());
        assertThat(unconfigured.defer(List.of(new io.crmsync.sync.MessageDisposition.Deferral("m1", "{}",
                Duration.ofSeconds(1))))).containsExactly("m1");
    }
}
