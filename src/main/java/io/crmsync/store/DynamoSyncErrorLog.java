package io.crmsync.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.sync.ErasedPerson;
import io.crmsync.sync.PersonalData;
import io.crmsync.sync.SyncErrorLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The sync-errors table: one item per refused record (tenant, record key), removed once the record syncs. The
 * message is the CRM's and may quote a value, so an erase removes the person's items; they have no TTL, since an
 * error that expired would hide a record that does not sync.
 */
@ApplicationScoped
public class DynamoSyncErrorLog implements SyncErrorLog, PersonalData {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSyncErrorLog(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.sync-errors") String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void record(List<SyncError> errors) {
        BatchWriter.write(dynamo, table, errors.stream().map(e -> WriteRequest.builder().putRequest(PutRequest.builder()
                .item(Map.of("tenantId", AttributeValue.fromS(e.tenantId()),
                        "recordKey", AttributeValue.fromS(e.recordKey()),
                        "category", AttributeValue.fromS(e.category()),
                        "code", AttributeValue.fromS(e.code().isEmpty() ? "UNKNOWN" : e.code()),
                        "message", AttributeValue.fromS(e.message().isEmpty() ? "-" : e.message()),
                        "at", AttributeValue.fromN(Long.toString(e.at().toEpochMilli()))))
                .build()).build()).toList());
    }

    @Override
    public void clear(String tenantId, Collection<String> recordKeys) {
        BatchWriter.write(dynamo, table, recordKeys.stream().distinct().map(key -> WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(Map.of("tenantId", AttributeValue.fromS(tenantId),
                        "recordKey", AttributeValue.fromS(key))).build()).build()).toList());
    }

    @Override
    public String table() {
        return "sync-errors";
    }

    /** One conditional-free delete per record key, answering whether an item was there. */
    @Override
    public int erase(ErasedPerson person) {
        int deleted = 0;
        for (String key : person.recordKeys()) {
            if (!dynamo.deleteItem(b -> b.tableName(table).key(Map.of("tenantId", AttributeValue.fromS(person.tenantId()),
                    "recordKey", AttributeValue.fromS(key))).returnValues(ReturnValue.ALL_OLD)).attributes().isEmpty()) {
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public List<SyncError> open(String tenantId) {
        List<SyncError> open = new java.util.ArrayList<>();
        // One partition per tenant; the association waits share it under "wait|" keys and are left out.
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table)
                .keyConditionExpression("tenantId = :t").expressionAttributeValues(Map.of(":t",
                        AttributeValue.fromS(tenantId)))).items()) {
            String key = item.get("recordKey").s();
            if (key.startsWith("wait|")) {
                continue;
            }
            open.add(new SyncError(tenantId, key, item.get("category").s(), item.get("code").s(),
                    item.get("message").s(), java.time.Instant.ofEpochMilli(Long.parseLong(item.get("at").n()))));
        }
        return open;
    }
}
