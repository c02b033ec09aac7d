package io.crmsync.store;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.reconcile.Cursor;
import io.crmsync.reconcile.CursorStore;
import io.crmsync.crm.Side;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Reconcile cursors on the tenant's item in the tenants table: a {@code cursors} map from "side|object" (e.g.
 * {@code salesforce|Contact}) to the encoded cursor. Encoded cursors sort as cursors do, so a conditional update
 * keeps two overlapping passes from moving a cursor backwards.
 */
@ApplicationScoped
public class DynamoCursorStore implements CursorStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCursorStore(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.tenants") String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String key(Side side, String objectType) {
        return (side == Side.HUBSPOT ? "hubspot" : "salesforce") + "|" + objectType;
    }

    @Override
    public Optional<Cursor> load(String tenantId, Side side, String objectType) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(tenantKey(tenantId)).projectionExpression("cursors")).item();
        if (item == null || !item.containsKey("cursors") || !item.get("cursors").hasM()) {
            return Optional.empty();
        }
        return Optional.ofNullable(item.get("cursors").m().get(key(side, objectType))).map(v -> Cursor.decode(v.s()));
    }

    /** A cursor behind the stored one is ignored: another pass already got further. */
    @Override
    public void save(String tenantId, Side side, String objectType, Cursor cursor) {
        try {
            setIfFurther(tenantId, side, objectType, cursor);
        } catch (ConditionalCheckFailedException behind) {
            // The stored cursor is at or past this one.
        } catch (DynamoDbException e) {
            if (!"ValidationException".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                throw e;
            }
            // The tenant has no cursors map yet: a document path cannot be set inside a missing map.
            dynamo.updateItem(b -> b.tableName(table).key(tenantKey(tenantId))
                    .updateExpression("SET cursors = if_not_exists(cursors, :empty)")
                    .conditionExpression("attribute_exists(tenantId)")
                    .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()))));
            try {
                setIfFurther(tenantId, side, objectType, cursor);
            } catch (ConditionalCheckFailedException behind) {
                // Another pass stored a further cursor in between.
            }
        }
    }

    private void setIfFurther(String tenantId, Side side, String objectType, Cursor cursor) {
        dynamo.updateItem(b -> b.tableName(table).key(tenantKey(tenantId)).updateExpression("SET cursors.#k = :c")
                .conditionExpression("attribute_exists(tenantId) AND (attribute_not_exists(cursors.#k) OR cursors.#k < :c)")
                .expressionAttributeNames(Map.of("#k", key(side, objectType)))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(cursor.encode()))));
    }

    private static Map<String, AttributeValue> tenantKey(String tenantId) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId));
    }
}
