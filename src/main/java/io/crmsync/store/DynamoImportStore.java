package io.crmsync.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.reconcile.ImportProgress;
import io.crmsync.reconcile.ImportStore;
import io.crmsync.crm.Side;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Import progress on the tenant's item in the tenants table, beside the cursors: an {@code imports} map from
 * "side|object" to a map of plain attributes, readable in the console as it stands.
 */
@ApplicationScoped
public class DynamoImportStore implements ImportStore {

    static final String ATTRIBUTE = "imports";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoImportStore(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.tenants") String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<ImportProgress> load(String tenantId, Side side, String objectType) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(tenantKey(tenantId)).projectionExpression(ATTRIBUTE)).item();
        if (item == null || !item.containsKey(ATTRIBUTE) || !item.get(ATTRIBUTE).hasM()) {
            return Optional.empty();
        }
        return Optional.ofNullable(item.get(ATTRIBUTE).m().get(DynamoCursorStore.key(side, objectType)))
                .map(v -> fromItem(v.m()));
    }

    @Override
    public void save(String tenantId, Side side, String objectType, ImportProgress progress) {
        AttributeValue value = AttributeValue.fromM(toItem(progress));
        try {
            set(tenantId, side, objectType, value);
        } catch (DynamoDbException e) {
            if (e instanceof ConditionalCheckFailedException || !"ValidationException".equals(
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                throw e;
            }
            // The tenant has no imports map yet: a document path cannot be set inside a missing map.
            dynamo.updateItem(b -> b.tableName(table).key(tenantKey(tenantId))
                    .updateExpression("SET " + ATTRIBUTE + " = if_not_exists(" + ATTRIBUTE + ", :empty)")
                    .conditionExpression("attribute_exists(tenantId)")
                    .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()))));
            set(tenantId, side, objectType, value);
        }
    }

    /**
     * Starts every import of the tenant again: removes its change cursors (not those of deletions or of the
     * activity poll, which need no import) and its imports' progress, so the next reconcile run reads everything, as after a mapping change.
     *
     * @return the cursors removed
     */
    public List<String> restart(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(tenantKey(tenantId)).projectionExpression("tenantId, cursors")).item();
        if (item == null || item.isEmpty()) {
            throw new IllegalArgumentException("no tenant " + tenantId);
        }
        List<String> removed = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        List<String> paths = new ArrayList<>(List.of(ATTRIBUTE));
        if (item.containsKey("cursors") && item.get("cursors").hasM()) {
            for (String key : item.get("cursors").m().keySet()) {
                if (!key.endsWith("#deleted") && !key.endsWith("#activities")) {
                    names.put("#c" + removed.size(), key);
                    paths.add("cursors.#c" + removed.size());
                    removed.add(key);
                }
            }
        }
        dynamo.updateItem(b -> {
            b.tableName(table).key(tenantKey(tenantId)).updateExpression("REMOVE " + String.join(", ", paths))
                    .conditionExpression("attribute_exists(tenantId)");
            if (!names.isEmpty()) {
                b.expressionAttributeNames(names);
            }
        });
        return removed;
    }

    private void set(String tenantId, Side side, String objectType, AttributeValue value) {
        dynamo.updateItem(b -> b.tableName(table).key(tenantKey(tenantId)).updateExpression("SET " + ATTRIBUTE
                + ".#k = :p").conditionExpression("attribute_exists(tenantId)")
                .expressionAttributeNames(Map.of("#k", DynamoCursorStore.key(side, objectType)))
                .expressionAttributeValues(Map.of(":p", value)));
    }

    static Map<String, AttributeValue> toItem(ImportProgress p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("startedAt", AttributeValue.fromS(p.startedAt().toString()));
        item.put("until", AttributeValue.fromS(p.until().toString()));
        item.put("total", AttributeValue.fromN(Long.toString(p.total())));
        item.put("done", AttributeValue.fromN(Long.toString(p.done())));
        item.put("calls", AttributeValue.fromN(Long.toString(p.calls())));
        item.put("snapshotOffset", AttributeValue.fromN(Integer.toString(p.snapshotOffset())));
        if (p.snapshot() != null) {
            item.put("snapshot", AttributeValue.fromS(p.snapshot()));
        }
        if (p.snapshotLocator() != null) {
            item.put("snapshotLocator", AttributeValue.fromS(p.snapshotLocator()));
        }
        if (p.finishedAt() != null) {
            item.put("finishedAt", AttributeValue.fromS(p.finishedAt().toString()));
        }
        return item;
    }

    static ImportProgress fromItem(Map<String, AttributeValue> item) {
        return new ImportProgress(Instant.parse(item.get("startedAt").s()), Instant.parse(item.get("until").s()),
                Long.parseLong(item.get("total").n()), Long.parseLong(item.get("done").n()),
                Long.parseLong(item.get("calls").n()), text(item, "snapshot"), text(item, "snapshotLocator"),
                Integer.parseInt(item.get("snapshotOffset").n()),
                Optional.ofNullable(text(item, "finishedAt")).map(Instant::parse).orElse(null));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Map<String, AttributeValue> tenantKey(String tenantId) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId));
    }
}
