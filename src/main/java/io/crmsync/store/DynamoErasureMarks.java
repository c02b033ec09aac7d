package io.crmsync.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.sync.ErasureMarks;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Erase markers in the {@code links} table, beside the links they outlast: one item per erased record, keyed
 * {@code erased|<SHA-256 of tenant|record key>}, with {@value #EXPIRES_AT} (epoch seconds, the table's TTL
 * attribute, which no link has). The key holds no id and no value; a record's id can be hashed to find its
 * marker, which is all the worker needs. Markers never enter the Salesforce index (no {@code salesforceKey}).
 * DynamoDB deletes expired items late and dynalite never, so a marker past its expiry reads as absent.
 */
@ApplicationScoped
public class DynamoErasureMarks implements ErasureMarks {

    static final String PREFIX = "erased|";
    static final String EXPIRES_AT = "expiresAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    @Inject
    public DynamoErasureMarks(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.links") String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    public DynamoErasureMarks(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void mark(String tenantId, Collection<String> recordKeys, Instant expiresAt) {
        AttributeValue expiry = AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()));
        BatchWriter.write(dynamo, table, new LinkedHashSet<>(recordKeys).stream().map(key -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(Map.of(DynamoLinkStore.KEY, AttributeValue.fromS(
                        markerKey(tenantId, key)), EXPIRES_AT, expiry)).build()).build()).toList());
    }

    @Override
    public Set<String> erased(String tenantId, Collection<String> recordKeys) {
        Map<String, String> byMarker = new LinkedHashMap<>();
        recordKeys.forEach(key -> byMarker.put(markerKey(tenantId, key), key));
        List<String> markers = List.copyOf(byMarker.keySet());
        long now = clock.instant().getEpochSecond();
        Set<String> erased = new LinkedHashSet<>();
        for (int from = 0; from < markers.size(); from += DynamoLinkStore.BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            markers.subList(from, Math.min(markers.size(), from + DynamoLinkStore.BATCH_GET_LIMIT))
                    .forEach(m -> keys.add(Map.of(DynamoLinkStore.KEY, AttributeValue.fromS(m))));
            Map<String, KeysAndAttributes> request = Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt > 0) {
                    BatchWriter.backOff(attempt);
                }
                if (attempt > 8) {
                    throw new IllegalStateException("DynamoDB left erase-marker keys unprocessed after 8 retries");
                }
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(pending));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    if (item.containsKey(EXPIRES_AT) && Long.parseLong(item.get(EXPIRES_AT).n()) > now) {
                        erased.add(byMarker.get(item.get(DynamoLinkStore.KEY).s()));
                    }
                }
                request = response.unprocessedKeys();
            }
        }
        return erased;
    }

    static String markerKey(String tenantId, String recordKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((tenantId + "|" + recordKey).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
