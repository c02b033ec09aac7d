package io.crmsync.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.sync.TenantSuspensions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A tenant's suspension as the {@code suspension} map (reason, since) on its item in the tenants table; "since"
 * keeps the first time while the reason stays the same, so the health view shows how long it has lasted.
 */
@ApplicationScoped
public class DynamoTenantSuspensions implements TenantSuspensions {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTenantSuspensions(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.tenants") String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void suspend(String tenantId, String reason, Instant at) {
        try {
            // Only when not already suspended for this reason: the first "since" stands.
            dynamo.updateItem(b -> b.tableName(table).key(key(tenantId))
                    .updateExpression("SET suspension = :s")
                    .conditionExpression("attribute_exists(tenantId) AND (attribute_not_exists(suspension)"
                            + " OR suspension.reason <> :reason)")
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromM(Map.of(
                            "reason", AttributeValue.fromS(reason),
                            "since", AttributeValue.fromN(Long.toString(at.toEpochMilli())))),
                            ":reason", AttributeValue.fromS(reason))));
        } catch (ConditionalCheckFailedException e) {
            // Already suspended for this reason (or an unknown tenant, which nothing syncs for).
        }
    }

    @Override
    public void clear(String tenantId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(tenantId)).updateExpression("REMOVE suspension")
                    .conditionExpression("attribute_exists(suspension)"));
        } catch (ConditionalCheckFailedException e) {
            // Not suspended: nothing to clear.
        }
    }

    @Override
    public Optional<Suspension> current(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(tenantId))
                .projectionExpression("suspension").consistentRead(true)).item();
        if (item == null || !item.containsKey("suspension")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> suspension = item.get("suspension").m();
        return Optional.of(new Suspension(suspension.get("reason").s(),
                Instant.ofEpochMilli(Long.parseLong(suspension.get("since").n()))));
    }

    private static Map<String, AttributeValue> key(String tenantId) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId));
    }
}
