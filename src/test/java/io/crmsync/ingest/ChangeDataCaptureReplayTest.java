package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.notice.ParkedEventReplay;
import io.crmsync.queue.SqsCdcFailedEvents;
import io.crmsync.queue.SqsNoticeQueue;
import io.crmsync.testing.Events;
import io.crmsync.testing.ParkedCdcEvents;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The replay of parked CDC events against ElasticMQ: real cdc-failed-events and change queues, EventBridge-DLQ-
 * and Lambda-destination-shaped messages built from the CDC fixture, at a few hundred events.
 */
class ChangeDataCaptureReplayTest {

    final LocalAws aws = SharedLocalAws.get();
    final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    final ChangeDataCaptureIntake intake = new ChangeDataCaptureIntake(new Tenants(), new RecordingQueue(), "crmsync");
    SqsCdcFailedEvents parkedQueue;
    ParkedCdcEvents park;

    @BeforeEach
    void emptyQueues() {
        aws.reset();
        parkedQueue = new SqsCdcFailedEvents(aws.sqs(), Optional.of(aws.queueUrl("CdcFailedEventsQueue")));
        park = new ParkedCdcEvents(aws.sqs(), aws.queueUrl("CdcFailedEventsQueue"));
    }

    ChangeDataCaptureReplay replay(NoticeQueue queue, Duration hideFor) {
        return new ChangeDataCaptureReplay(parkedQueue, intake, queue, json, hideFor);
    }

    NoticeQueue changeQueue() {
        return new SqsNoticeQueue(aws.sqs(), Optional.of(aws.queueUrl("ChangeQueue")), json);
    }

    @Test
    void everyParkedEventBecomesTheIntakesNoticeAndWhatCannotBeReadStaysParked() throws Exception {
        int parked = 300;
        for (int n = 0; n < parked; n++) {
            park.parkAsEventBridge(ParkedCdcEvents.leadUpdate(n));
        }
        park.parkAsLambdaDestination(ParkedCdcEvents.leadUpdate(parked));
        park.parkRaw("not json {");
        park.parkAsEventBridge(ParkedCdcEvents.leadUpdate(parked + 1)
                .put("source", "aws.partner/salesforce.com/00D5g000001ZzZzEAK/0YL5g0000008OJ6"));
        ObjectNode ownWrite = ParkedCdcEvents.leadUpdate(parked + 2);
        ((ObjectNode) ownWrite.path("detail").path("payload").path("ChangeEventHeader"))
                .put("changeOrigin", "com/salesforce/api/rest/62.0;client=crmsync");
        park.parkAsEventBridge(ownWrite);

        ParkedEventReplay.Report report = replay(changeQueue(), Duration.ofSeconds(5)).replay(1000);

        assertThat(report.replayed()).isEqualTo(parked + 2);
        assertThat(report.notices()).isEqualTo(parked + 1);
        assertThat(report.unparseable()).isEqualTo(2);
        assertThat(report.complete()).isTrue();
        assertThat(report.problems()).hasSize(2).allSatisfy(p -> assertThat(p).endsWith(
                "(parked after SDK_CLIENT_ERROR: " + (p.contains("not JSON") ? "test)"
                        : "Unable to invoke Lambda function: Rate Exceeded)")));
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("not JSON"))
                .anySatisfy(p -> assertThat(p).contains("the org belongs to no tenant"));

        // Exactly the notices the intake makes of each event, once each.
        List<ChangeNotice> queued = drain(aws.queueUrl("ChangeQueue"), parked + 1);
        assertThat(queued).hasSize(parked + 1);
        for (int n = 0; n <= parked; n++) {
            ChangeNotice expected = intake.toNotices(Events.as(ParkedCdcEvents.leadUpdate(n), EventBridgeEvent.class))
                    .notices().get(0);
            assertThat(queued).as("notice of event " + n).containsOnlyOnce(expected);
        }
        // The two unreadable ones stay parked (visible again after their hiding), nothing else.
        List<Message> left = waitForParked(2);
        assertThat(left).extracting(Message::body).anySatisfy(b -> assertThat(b).isEqualTo("not json {"));
        assertThat(report.left()).isEqualTo(2);
    }

    @Test
    void aChangeQueueOutageMidwayLosesNoEventAndTheNextReplayFinishes() throws Exception {
        int parked = 120;
        IntStream.range(0, parked).forEach(n -> park.parkAsEventBridge(ParkedCdcEvents.leadUpdate(n)));
        NoticeQueue real = changeQueue();
        AtomicInteger calls = new AtomicInteger();
        NoticeQueue failsOnFifthBatch = notices -> {
            if (calls.incrementAndGet() == 5) {
                throw new NoticeQueue.EnqueueFailedException("SQS down (test)", null);
            }
            real.enqueue(notices);
        };

        assertThatThrownBy(() -> replay(failsOnFifthBatch, Duration.ofSeconds(1)).replay(1000))
                .isInstanceOf(NoticeQueue.EnqueueFailedException.class);

        List<ChangeNotice> first = drain(aws.queueUrl("ChangeQueue"), 40);
        assertThat(first).hasSize(40);
        assertThat(parkedQueue.count().waiting() + parkedQueue.count().inFlight()).isEqualTo(parked - 40);

        Thread.sleep(1500); // the failed batch's hiding runs out
        ParkedEventReplay.Report second = replay(real, Duration.ofSeconds(1)).replay(1000);

        assertThat(second.replayed()).isEqualTo(parked - 40);
        List<ChangeNotice> all = new ArrayList<>(first);
        all.addAll(drain(aws.queueUrl("ChangeQueue"), parked - 40));
        assertThat(all).extracting(n -> n.recordIds().get(0)).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, parked).mapToObj(ParkedCdcEvents::recordId).toList());
        assertThat(parkedQueue.count()).isEqualTo(new io.crmsync.notice.DeadLetters.Count(0, 0));
    }

    @Test
    void oneCallStopsAtItsMaximumAndSaysMoreWait() {
        IntStream.range(0, 25).forEach(n -> park.parkAsEventBridge(ParkedCdcEvents.leadUpdate(n)));

        ParkedEventReplay.Report report = replay(changeQueue(), Duration.ofSeconds(30)).replay(10);

        assertThat(report.replayed()).isEqualTo(10);
        assertThat(report.complete()).isFalse();
        assertThat(report.left()).isEqualTo(15);
    }

    List<ChangeNotice> drain(String queueUrl, int expected) throws Exception {
        List<ChangeNotice> notices = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(notices.size() >= expected ? 0 : 1)).messages();
            if (messages.isEmpty() && notices.size() >= expected) {
                break;
            }
            for (Message m : messages) {
                notices.add(json.readValue(m.body(), ChangeNotice.class));
                aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return notices;
    }

    List<Message> waitForParked(int expected) throws InterruptedException {
        List<Message> seen = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(10);
        while (seen.size() < expected && Instant.now().isBefore(deadline)) {
            seen.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("CdcFailedEventsQueue"))
                    .maxNumberOfMessages(10).visibilityTimeout(30).waitTimeSeconds(1)).messages());
        }
        Thread.sleep(200);
        seen.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("CdcFailedEventsQueue"))
                .maxNumberOfMessages(10).waitTimeSeconds(0)).messages());
        return seen;
    }
}
