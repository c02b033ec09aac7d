package io.crmsync.store;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.reconcile.ReconcileReports;
import io.crmsync.reconcile.Reconciler;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The last reconcile report as the {@code lastReconcile} attribute (JSON) on the tenant's item in the tenants
 * table: an update, so identity, settings and cursors on the item are left alone.
 */
@ApplicationScoped
public class DynamoReconcileReports implements ReconcileReports {

    static final String ATTRIBUTE = "lastReconcile";

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper json;

    public DynamoReconcileReports(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.tenants") String table,
            ObjectMapper json) {
        this.dynamo = dynamo;
        this.table = table;
        this.json = json;
    }

    @Override
    public void save(Reconciler.TenantReport report) {
        String text;
        try {
            text = json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reconcile report could not be written as JSON", e);
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("tenantId", AttributeValue.fromS(report.tenantId())))
                    .updateExpression("SET " + ATTRIBUTE + " = :r")
                    .conditionExpression("attribute_exists(tenantId)")
                    .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(text))));
        } catch (ConditionalCheckFailedException e) {
            // The tenant was removed while it was being reconciled: no item to report on.
        }
    }

    @Override
    public Optional<Reconciler.TenantReport> last(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("tenantId", AttributeValue.fromS(tenantId))).projectionExpression(ATTRIBUTE)).item();
        if (item == null || !item.containsKey(ATTRIBUTE)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(item.get(ATTRIBUTE).s(), Reconciler.TenantReport.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the last reconcile report of tenant " + tenantId
                    + " could not be read back: " + e.getOriginalMessage(), e);
        }
    }
}
