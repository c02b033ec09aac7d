package io.crmsync.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
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
        long now = clock.instant().getEpochSecond();
        Set<String> erased = new LinkedHashSet<>();
        List<Map<String, AttributeValue>> keys = byMarker.keySet().stream()
                .map(m -> Map.of(DynamoLinkStore.KEY, AttributeValue.fromS(m))).toList();
        for (Map<String, AttributeValue> item : BatchReader.read(dynamo, table, keys)) {
            if (item.containsKey(EXPIRES_AT) && Long.parseLong(item.get(EXPIRES_AT).n()) > now) {
                erased.add(byMarker.get(item.get(DynamoLinkStore.KEY).s()));
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
