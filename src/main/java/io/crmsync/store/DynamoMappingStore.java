package io.crmsync.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.MappingStore;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectMappingKeys;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.PairNames;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.mapping.SyncRule;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Mappings in the {@code mappings} table: one item per tenant and object pair (keys tenantId, objectPair), with
 * the fields as a list of maps so the item reads well in the console. Each save is conditional on the version
 * read, so concurrent applies cannot overwrite each other unnoticed.
 */
@ApplicationScoped
public class DynamoMappingStore implements MappingStore {

    static final String KEY = "tenantId";
    static final String PAIR = "objectPair";
    static final String VERSION = "version";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    @Inject
    public DynamoMappingStore(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.mappings") String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    DynamoMappingStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Map<ObjectPair, StoredMapping> current(String tenantId) {
        Map<ObjectPair, StoredMapping> stored = new EnumMap<>(ObjectPair.class);
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#t = :t").expressionAttributeNames(Map.of("#t", KEY))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId)))).items()) {
            Optional<ObjectPair> pair = PairNames.pair(item.get(PAIR).s());
            // An item of a pair this version does not know (written by a newer one) is left alone.
            pair.ifPresent(p -> stored.put(p, new StoredMapping(toMapping(p, item),
                    Long.parseLong(item.get(VERSION).n()))));
        }
        for (ObjectPair pair : ObjectPair.values()) {
            if (!stored.containsKey(pair)) {
                RecommendedMappings.forPair(pair).ifPresent(m -> stored.put(pair, new StoredMapping(m, 0)));
            }
        }
        return stored;
    }

    @Override
    public void save(String tenantId, ObjectMapping mapping, long expectedVersion) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(tenantId));
        item.put(PAIR, AttributeValue.fromS(PairNames.of(mapping.pair())));
        item.put(VERSION, AttributeValue.fromN(Long.toString(expectedVersion + 1)));
        item.put("updatedAt", AttributeValue.fromS(clock.instant().toString()));
        item.put("fields", AttributeValue.fromL(mapping.fields().stream().map(DynamoMappingStore::toItem).toList()));
        item.put("requiredDefaults", AttributeValue.fromM(strings(mapping.requiredDefaults())));
        if (mapping.ownIdField()) {
            item.put(ObjectMappingKeys.SALESFORCE_ID_FIELD, AttributeValue.fromS(mapping.salesforceIdField()));
        }
        try {
            dynamo.putItem(b -> {
                b.tableName(table).item(item);
                if (expectedVersion == 0) {
                    b.conditionExpression("attribute_not_exists(#t)").expressionAttributeNames(Map.of("#t", KEY));
                } else {
                    b.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                            .expressionAttributeValues(Map.of(":v",
                                    AttributeValue.fromN(Long.toString(expectedVersion))));
                }
            });
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentChangeException(tenantId, mapping.pair(), expectedVersion);
        }
    }

    private static AttributeValue toItem(FieldMapping field) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        map.put("hubspot", AttributeValue.fromS(field.hubSpotProperty()));
        map.put("salesforce", AttributeValue.fromS(field.salesforceField()));
        map.put("rule", AttributeValue.fromS(field.rule().name()));
        map.put("kind", AttributeValue.fromS(field.kind().name()));
        if (!field.valueMap().isEmpty()) {
            map.put("values", AttributeValue.fromM(strings(field.valueMap())));
        }
        return AttributeValue.fromM(map);
    }

    private static ObjectMapping toMapping(ObjectPair pair, Map<String, AttributeValue> item) {
        List<FieldMapping> fields = new ArrayList<>();
        for (AttributeValue value : item.getOrDefault("fields", AttributeValue.fromL(List.of())).l()) {
            Map<String, AttributeValue> f = value.m();
            fields.add(new FieldMapping(f.get("hubspot").s(), f.get("salesforce").s(),
                    SyncRule.valueOf(f.get("rule").s()), FieldKind.valueOf(f.get("kind").s()),
                    f.containsKey("values") ? plain(f.get("values").m()) : Map.of()));
        }
        Map<String, String> defaults = item.containsKey("requiredDefaults") ? plain(item.get("requiredDefaults").m())
                : Map.of();
        // Items stored before tenants named their own id field have none: the pair's default.
        AttributeValue idField = item.get(ObjectMappingKeys.SALESFORCE_ID_FIELD);
        return new ObjectMapping(pair, fields, defaults, idField == null ? null : idField.s());
    }

    private static Map<String, AttributeValue> strings(Map<String, String> map) {
        Map<String, AttributeValue> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(k, AttributeValue.fromS(v)));
        return result;
    }

    private static Map<String, String> plain(Map<String, AttributeValue> map) {
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(k, v.s()));
        return result;
    }
}
