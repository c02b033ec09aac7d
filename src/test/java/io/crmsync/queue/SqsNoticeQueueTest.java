package io.crmsync.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The queue adapter against ElasticMQ, on the queue created from infra/aws-resources.json. */
class SqsNoticeQueueTest {

    final LocalAws aws = SharedLocalAws.get();
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @BeforeEach
    void emptyQueues() {
        aws.reset();
    }

    static ChangeNotice notice(int i) {
        return new ChangeNotice(1, "acme", ChangeNotice.SourceSystem.HUBSPOT, "contact", List.of("id" + i),
                ChangeNotice.ChangeKind.UPDATED, Instant.parse("2026-11-29T10:00:00Z"), List.of("e" + i), null,
                Map.of("changedProperties", "email"));
    }

    List<Message> drain() {
        List<Message> all = new ArrayList<>();
        for (List<Message> batch; !(batch = aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                .maxNumberOfMessages(10).waitTimeSeconds(0)).messages()).isEmpty();) {
            all.addAll(batch);
        }
        return all;
    }

    @Test
    void enqueuesEveryNoticeAsOneMessageInBatchesOfTen() throws Exception {
        List<ChangeNotice> notices = IntStream.range(0, 25).mapToObj(SqsNoticeQueueTest::notice).toList();
        new SqsNoticeQueue(aws.sqs(), java.util.Optional.of(aws.queueUrl("ChangeQueue")), json).enqueue(notices);

        List<Message> messages = drain();
        assertThat(messages).hasSize(25);
        List<ChangeNotice> received = new ArrayList<>();
        for (Message m : messages) {
            received.add(json.readValue(m.body(), ChangeNotice.class));
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(notices);
    }

    @Test
    void failsLoudlyWhenSqsCannotBeReached() {
        try (SqsClient unreachable = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:1"))
                .region(Region.US_EAST_1).credentialsProvider(LocalAws.credentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            NoticeQueue queue = new SqsNoticeQueue(unreachable, java.util.Optional.of(aws.queueUrl("ChangeQueue")), json);
            assertThatThrownBy(() -> queue.enqueue(List.of(notice(1))))
                    .isInstanceOf(NoticeQueue.EnqueueFailedException.class);
        }
    }
}
