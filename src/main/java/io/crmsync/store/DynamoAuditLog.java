package io.crmsync.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.sync.AuditLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The audit table: one item per field decision, keyed by record ({@code tenant|hubspotObject|id}) and
 * {@code epochMillis#field#sequence}, so a record's history reads back in order with one Query.
 */
@ApplicationScoped
public class DynamoAuditLog implements AuditLog {

    private final DynamoDbClient dynamo;
    private final String table;
    /** Keeps entry keys unique when two decisions share a millisecond and a field. */
    private final AtomicLong sequence = new AtomicLong();

    public DynamoAuditLog(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.audit") String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void append(List<Entry> entries) {
        BatchWriter.write(dynamo, table, entries.stream().map(e -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item(e)).build()).build()).toList());
    }

    private Map<String, AttributeValue> item(Entry e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("recordKey", s(e.tenantId() + "|" + e.hubSpotObject() + "|" + e.hubSpotId()));
        item.put("entryKey", s(String.format("%013d#%s#%06d", e.at().toEpochMilli(), e.field(),
                sequence.incrementAndGet() % 1_000_000)));
        put(item, "salesforceObject", e.salesforceObject());
        put(item, "salesforceId", e.salesforceId());
        put(item, "field", e.field());
        put(item, "hubSpotValue", e.hubSpotValue());
        put(item, "salesforceValue", e.salesforceValue());
        put(item, "written", e.written());
        put(item, "writtenTo", e.writtenTo());
        put(item, "winner", e.winner());
        put(item, "rule", e.rule());
        put(item, "reason", e.reason());
        item.put("at", AttributeValue.fromN(Long.toString(e.at().toEpochMilli())));
        return item;
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, s(value));
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
