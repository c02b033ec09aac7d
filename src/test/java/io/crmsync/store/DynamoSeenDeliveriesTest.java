package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.ingest.SeenDeliveries.Channel;
import io.crmsync.ingest.SeenDeliveries.Delivery;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sandbox.http.MutableClock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The seen-deliveries table on dynalite: chunking, DynamoDB's unprocessed keys and items, expiry, tenants. */
class DynamoSeenDeliveriesTest {

    static final Duration RETENTION = Duration.ofHours(48);

    final LocalAws aws = SharedLocalAws.get();
    final String table = aws.tableName("SeenDeliveriesTable");
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    final DynamoSeenDeliveries seen = new DynamoSeenDeliveries(aws.dynamo(), table, RETENTION, Duration.ofSeconds(2),
            clock);

    @BeforeEach
    void empty() {
        aws.reset();
    }

    static List<Delivery> hubSpotEvents(String tenant, int count) {
        return IntStream.range(0, count).mapToObj(i -> new Delivery(tenant, Channel.HUBSPOT_EVENT,
                Long.toString(9_000_000L + i))).toList();
    }

    @Test
    void recordsMoreThanOneCallHoldsAndFindsThemAllWithTheirTtl() {
        List<Delivery> deliveries = hubSpotEvents("acme", 260);
        assertThat(seen.seen(deliveries)).isEmpty();

        seen.record(deliveries);

        assertThat(seen.seen(deliveries)).containsExactlyInAnyOrderElementsOf(deliveries);
        Map<String, AttributeValue> item = aws.dynamo().getItem(b -> b.tableName(table).key(Map.of(
                "deliveryKey", AttributeValue.fromS("acme#hubspot-event#9000000")))).item();
        assertThat(item.get("ttl").n()).isEqualTo(Long.toString(clock.instant().plus(RETENTION).getEpochSecond()));
        assertThat(item).containsOnlyKeys("deliveryKey", "ttl");
    }

    @Test
    void oneTenantsIdsAndOneChannelsIdsNeverHideAnothersAndAKeyNamedTwiceIsOneKey() {
        Delivery acmeEvent = new Delivery("acme", Channel.HUBSPOT_EVENT, "42");
        seen.record(List.of(acmeEvent, acmeEvent));

        assertThat(seen.seen(List.of(acmeEvent, acmeEvent, new Delivery("globex", Channel.HUBSPOT_EVENT, "42"),
                new Delivery("acme", Channel.OUTBOUND_NOTIFICATION, "42")))).containsExactly(acmeEvent);
    }

    @Test
    void anItemPastItsTtlIsUnseenThoughDynaliteKeepsIt() {
        List<Delivery> deliveries = hubSpotEvents("acme", 3);
        seen.record(deliveries);
        clock.advance(RETENTION.minusSeconds(1));
        assertThat(seen.seen(deliveries)).hasSize(3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(seen.seen(deliveries)).isEmpty();
        assertThat(aws.dynamo().scan(b -> b.tableName(table)).count()).isEqualTo(3);
    }

    @Test
    void aRetentionShorterThanTheSendersRetriesIsRefused() {
        assertThatThrownBy(() -> new DynamoSeenDeliveries(aws.dynamo(), table, Duration.ofHours(23),
                Duration.ofSeconds(1), clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crmsync.replay-window.retention");
    }

    /** DynamoDB may leave part of a batch unprocessed under throttling; those are sent again. */
    @Test
    void unprocessedKeysAndItemsAreSentAgain() {
        AtomicInteger gets = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        DynamoSeenDeliveries throttled = new DynamoSeenDeliveries(halfUnprocessedOnFirstCall(aws.dynamo(), gets,
                writes), table, RETENTION, Duration.ofSeconds(2), clock);
        List<Delivery> deliveries = hubSpotEvents("acme", 20);

        throttled.record(deliveries);
        assertThat(writes).hasValue(2);
        assertThat(aws.dynamo().scan(b -> b.tableName(table)).count()).isEqualTo(20);
        assertThat(throttled.seen(deliveries)).hasSize(20);
        assertThat(gets).hasValue(2);
    }

    /** A slow table: the whole record, every chunk and retry, stays within the one timeout, then gives up. */
    @Test
    void aRecordStopsAtItsTimeoutHoweverManyChunksAreLeft() {
        Duration timeout = Duration.ofSeconds(1);
        DynamoDbClient slow = new DynamoDbClient() {
            @Override
            public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return aws.dynamo().batchWriteItem(request);
            }

            @Override
            public String serviceName() {
                return aws.dynamo().serviceName();
            }

            @Override
            public void close() {
            }
        };
        DynamoSeenDeliveries slowly = new DynamoSeenDeliveries(slow, table, RETENTION, timeout, clock);

        long start = System.nanoTime();
        assertThatThrownBy(() -> slowly.record(hubSpotEvents("acme", 100)))
                .isInstanceOf(io.crmsync.ingest.SeenDeliveries.UnavailableException.class);
        // The last call starts before the deadline and takes its 400 ms; four chunks would take 1.6 s.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusMillis(550));
        assertThat(aws.dynamo().scan(b -> b.tableName(table)).count()).as("the chunks recorded in time")
                .isBetween(25, 75);
    }

    /** A client whose first BatchGetItem and first BatchWriteItem send only half and answer the rest unprocessed. */
    static DynamoDbClient halfUnprocessedOnFirstCall(DynamoDbClient dynalite, AtomicInteger gets,
            AtomicInteger writes) {
        return new DynamoDbClient() {
            @Override
            public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
                if (gets.getAndIncrement() > 0) {
                    return dynalite.batchGetItem(request);
                }
                Map<String, KeysAndAttributes> sent = new HashMap<>();
                Map<String, KeysAndAttributes> left = new HashMap<>();
                request.requestItems().forEach((t, k) -> {
                    int half = k.keys().size() / 2;
                    sent.put(t, k.toBuilder().keys(k.keys().subList(0, half)).build());
                    left.put(t, k.toBuilder().keys(k.keys().subList(half, k.keys().size())).build());
                });
                BatchGetItemResponse answer = dynalite.batchGetItem(request.toBuilder().requestItems(sent).build());
                return answer.toBuilder().unprocessedKeys(left).build();
            }

            @Override
            public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                if (writes.getAndIncrement() > 0) {
                    return dynalite.batchWriteItem(request);
                }
                Map<String, List<WriteRequest>> sent = new HashMap<>();
                Map<String, List<WriteRequest>> left = new HashMap<>();
                request.requestItems().forEach((t, w) -> {
                    sent.put(t, new ArrayList<>(w.subList(0, w.size() / 2)));
                    left.put(t, new ArrayList<>(w.subList(w.size() / 2, w.size())));
                });
                BatchWriteItemResponse answer = dynalite.batchWriteItem(request.toBuilder().requestItems(sent).build());
                return answer.toBuilder().unprocessedItems(left).build();
            }

            @Override
            public String serviceName() {
                return dynalite.serviceName();
            }

            @Override
            public void close() {
            }
        };
    }
}
