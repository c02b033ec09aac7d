package io.crmsync.store;

import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.reconcile.Cursor;
import io.crmsync.sync.ErasedPerson;
import io.crmsync.sync.PersonalData;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The one place the tenants table can name a person: a reconcile cursor is (modification time, id) of the last
 * record a pass read, and the last reconcile report repeats the cursors. An erase keeps each such cursor's time and
 * drops the id ("before every record of that millisecond"): the next pass re-reads that millisecond's records,
 * which notices being hints makes harmless. Everything else on a tenant's item (identity, settings, mappings'
 * plans, import progress, suspensions) names no record.
 */
@ApplicationScoped
public class DynamoTenantRecordRefs implements PersonalData {

    static final String CURSORS = "cursors";

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper json;

    public DynamoTenantRecordRefs(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.tenants") String table,
            ObjectMapper json) {
        this.dynamo = dynamo;
        this.table = table;
        this.json = json;
    }

    @Override
    public String table() {
        return "tenants";
    }

    @Override
    public int erase(ErasedPerson person) {
        Set<String> ids = person.ids();
        Map<String, AttributeValue> key = Map.of("tenantId", AttributeValue.fromS(person.tenantId()));
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)
                .projectionExpression("#c, #r").expressionAttributeNames(Map.of("#c", CURSORS,
                        "#r", DynamoReconcileReports.ATTRIBUTE))).item();
        if (item == null || item.isEmpty()) {
            return 0;
        }
        int rewritten = 0;
        if (item.containsKey(CURSORS) && item.get(CURSORS).hasM()) {
            for (Map.Entry<String, AttributeValue> cursor : item.get(CURSORS).m().entrySet()) {
                String stripped = stripped(cursor.getValue().s(), ids);
                if (stripped != null) {
                    rewritten += replace(key, "#c.#k", Map.of("#c", CURSORS, "#k", cursor.getKey()),
                            cursor.getValue().s(), stripped);
                }
            }
        }
        AttributeValue report = item.get(DynamoReconcileReports.ATTRIBUTE);
        if (report != null && report.s() != null) {
            String stripped = strippedReport(report.s(), ids);
            if (stripped != null) {
                rewritten += replace(key, "#r", Map.of("#r", DynamoReconcileReports.ATTRIBUTE), report.s(), stripped);
            }
        }
        return rewritten;
    }

    /** Sets the attribute if it still holds what was read; a pass that moved it meanwhile moved past the id. */
    private int replace(Map<String, AttributeValue> key, String path, Map<String, String> names, String old,
            String now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression("SET " + path + " = :new")
                    .conditionExpression(path + " = :old").expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":new", AttributeValue.fromS(now), ":old",
                            AttributeValue.fromS(old))));
            return 1;
        } catch (ConditionalCheckFailedException e) {
            return 0;
        }
    }

    /** The cursor without its id when the id is the person's; null otherwise. */
    static String stripped(String encoded, Set<String> ids) {
        if (encoded == null) {
            return null;
        }
        Cursor cursor;
        try {
            cursor = Cursor.decode(encoded);
        } catch (RuntimeException e) {
            return null;
        }
        return ids.contains(cursor.id()) ? new Cursor(cursor.modifiedAt(), "").encode() : null;
    }

    private String strippedReport(String text, Set<String> ids) {
        JsonNode report;
        try {
            report = json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
        boolean changed = false;
        for (JsonNode pass : report.path("passes")) {
            for (String field : new String[] {"cursorFrom", "cursorTo"}) {
                String stripped = stripped(pass.path(field).asText(null), ids);
                if (stripped != null && pass instanceof ObjectNode node) {
                    node.put(field, stripped);
                    changed = true;
                }
            }
        }
        try {
            return changed ? json.writeValueAsString(report) : null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reconcile report could not be written as JSON", e);
        }
    }
}
