package io.crmsync.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.ingest.SeenDeliveries;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The replay window in the seen-deliveries table: one item per delivery, keyed {@code tenantId#channel#id}, with
 * a {@code ttl} (epoch seconds) the retention after it was recorded. DynamoDB deletes expired items only
 * eventually (and the local dynalite never), so an item past its ttl counts as unseen on read.
 *
 * <p>A lookup and a record are each bounded by one timeout, every call and retry of what DynamoDB left unprocessed
 * included: the doors must answer within their 10 s Lambda timeout, after a tenant lookup of up to 3 s and the
 * enqueue; on failure they enqueue anyway (see io.crmsync.ingest.ReplayWindow).
 */
@ApplicationScoped
public class DynamoSeenDeliveries implements SeenDeliveries {

    static final String KEY = "deliveryKey";
    static final String TTL = "ttl";
    /** BatchGetItem's and BatchWriteItem's limits per call. */
    static final int GET_LIMIT = 100;
    static final int WRITE_LIMIT = BatchWriter.LIMIT;
    /** Calls per chunk, the first included, before what DynamoDB still leaves unprocessed is given up. */
    static final int ATTEMPTS = 3;
    /** The senders retry for 24 hours; a shorter memory would let their last retries through. */
    static final Duration MINIMUM_RETENTION = Duration.ofHours(24);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final Duration timeout;
    private final Clock clock;

    @Inject
    public DynamoSeenDeliveries(DynamoDbClient dynamo,
            @ConfigProperty(name = "crmsync.table.seen-deliveries") String table,
            @ConfigProperty(name = "crmsync.replay-window.retention") Duration retention,
            @ConfigProperty(name = "crmsync.replay-window.timeout") Duration timeout) {
        this(dynamo, table, retention, timeout, Clock.systemUTC());
    }

    /** @param timeout the bound on one {@link #seen} and one {@link #record}, all their calls included */
    public DynamoSeenDeliveries(DynamoDbClient dynamo, String table, Duration retention, Duration timeout,
            Clock clock) {
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("crmsync.replay-window.retention must be at least " + MINIMUM_RETENTION
                    + " (the senders' retry period), not " + retention);
        }
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** What is left of the operation's timeout, or the failure the door treats as an unanswering table. */
    private Duration remaining(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new UnavailableException("the seen-deliveries table took longer than " + timeout, null);
        }
        return Duration.ofNanos(left);
    }

    static String key(Delivery delivery) {
        return delivery.tenantId() + "#" + delivery.channel().key() + "#" + delivery.id();
    }

    @Override
    public Set<Delivery> seen(Collection<Delivery> deliveries) {
        Map<String, Delivery> byKey = new LinkedHashMap<>();
        deliveries.forEach(d -> byKey.put(key(d), d)); // BatchGetItem refuses a key named twice
        List<String> keys = List.copyOf(byKey.keySet());
        long now = clock.instant().getEpochSecond();
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Delivery> seen = new HashSet<>();
        try {
            for (int from = 0; from < keys.size(); from += GET_LIMIT) {
                List<Map<String, AttributeValue>> chunk = keys.subList(from, Math.min(keys.size(), from + GET_LIMIT))
                        .stream().map(k -> Map.of(KEY, AttributeValue.fromS(k))).toList();
                Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(chunk)
                        .projectionExpression("#k, #t").expressionAttributeNames(Map.of("#k", KEY, "#t", TTL))
                        .build());
                for (int attempt = 0; !pending.isEmpty(); attempt++) {
                    if (attempt == ATTEMPTS) {
                        // Not known to be seen: treated as unseen, like a failed lookup (a duplicate at worst).
                        break;
                    }
                    if (attempt > 0) {
                        BatchWriter.backOff(attempt);
                    }
                    Map<String, KeysAndAttributes> send = pending;
                    Duration left = remaining(deadline);
                    BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(send)
                            .overrideConfiguration(o -> o.apiCallTimeout(left)));
                    for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                        AttributeValue ttl = item.get(TTL);
                        if (ttl != null && ttl.n() != null && Long.parseLong(ttl.n()) > now) {
                            seen.add(byKey.get(item.get(KEY).s()));
                        }
                    }
                    pending = response.unprocessedKeys();
                }
            }
        } catch (SdkException e) {
            throw new UnavailableException("the seen-deliveries table cannot answer", e);
        }
        return seen;
    }

    @Override
    public void record(Collection<Delivery> deliveries) {
        String ttl = Long.toString(clock.instant().plus(retention).getEpochSecond());
        List<WriteRequest> puts = new ArrayList<>();
        for (String key : new LinkedHashSet<>(deliveries.stream().map(DynamoSeenDeliveries::key).toList())) {
            puts.add(WriteRequest.builder().putRequest(p -> p.item(Map.of(KEY, AttributeValue.fromS(key),
                    TTL, AttributeValue.fromN(ttl)))).build());
        }
        int unprocessed = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (int from = 0; from < puts.size(); from += WRITE_LIMIT) {
                Map<String, List<WriteRequest>> pending = Map.of(table,
                        List.copyOf(puts.subList(from, Math.min(puts.size(), from + WRITE_LIMIT))));
                for (int attempt = 0; !pending.isEmpty(); attempt++) {
                    if (attempt == ATTEMPTS) {
                        unprocessed += pending.values().stream().mapToInt(List::size).sum();
                        break;
                    }
                    if (attempt > 0) {
                        BatchWriter.backOff(attempt);
                    }
                    Map<String, List<WriteRequest>> send = pending;
                    Duration left = remaining(deadline);
                    BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(send)
                            .overrideConfiguration(o -> o.apiCallTimeout(left)));
                    pending = response.unprocessedItems();
                }
            }
        } catch (SdkException e) {
            throw new UnavailableException("the seen-deliveries table cannot record", e);
        }
        if (unprocessed > 0) {
            throw new UnavailableException(unprocessed + " deliveries left unprocessed after " + ATTEMPTS + " calls",
                    null);
        }
    }
}
