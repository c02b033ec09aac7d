package io.crmsync.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.sync.AuditLog;
import io.crmsync.sync.ErasedPerson;
import io.crmsync.sync.PersonalData;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The audit table: one item per field decision, keyed by record ({@code tenant|hubspotObject|id}) and
 * {@code epochMillis#field#sequence}, so a record's history reads back in order with one Query.
 *
 * <p>Rows hold both sides' values, so they do not stay: each carries {@value #EXPIRES_AT} (epoch seconds, the
 * table's TTL attribute) at its decision time plus the operator's retention. DynamoDB deletes expired items
 * within days, not at once, and dynalite never does, so the history ignores a row past its expiry (a row written
 * before rows expired counts from its {@code at}).
 */
@ApplicationScoped
public class DynamoAuditLog implements AuditLog, PersonalData {

    /** The audit table's TTL attribute (template.yaml, infra/aws-resources.json). */
    static final String EXPIRES_AT = "expiresAt";
    static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final Clock clock;
    /** Keeps entry keys unique when two decisions share a millisecond and a field. */
    private final AtomicLong sequence = new AtomicLong();

    @Inject
    public DynamoAuditLog(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.audit") String table,
            @ConfigProperty(name = "crmsync.audit.retention-days", defaultValue = "30") int retentionDays) {
        this(dynamo, table, Duration.ofDays(retentionDays), Clock.systemUTC());
    }

    public DynamoAuditLog(DynamoDbClient dynamo, String table) {
        this(dynamo, table, DEFAULT_RETENTION, Clock.systemUTC());
    }

    public DynamoAuditLog(DynamoDbClient dynamo, String table, Duration retention, Clock clock) {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("crmsync.audit.retention-days: at least 1 day, not " + retention);
        }
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void append(List<Entry> entries) {
        BatchWriter.write(dynamo, table, entries.stream().map(e -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item(e)).build()).build()).toList());
    }

    /** One Query of the record's partition, newest first (the sort key begins with the time). */
    @Override
    public List<Entry> history(String tenantId, String hubSpotObject, String hubSpotId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("Ask for at least one audit entry: " + limit);
        }
        List<Entry> entries = new ArrayList<>();
        long now = clock.instant().getEpochSecond();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table)
                .keyConditionExpression("recordKey = :k")
                .expressionAttributeValues(Map.of(":k", s(recordKey(tenantId, hubSpotObject, hubSpotId))))
                .scanIndexForward(false)
                .limit(Math.min(limit, 1000))).items()) {
            if (expiresAt(item) <= now) {
                continue;
            }
            entries.add(new Entry(tenantId, hubSpotObject, hubSpotId, text(item, "salesforceObject"),
                    text(item, "salesforceId"), text(item, "field"), text(item, "hubSpotValue"),
                    text(item, "salesforceValue"), text(item, "written"), text(item, "writtenTo"),
                    text(item, "winner"), text(item, "rule"), text(item, "reason"),
                    Instant.ofEpochMilli(Long.parseLong(item.get("at").n()))));
            if (entries.size() == limit) {
                break;
            }
        }
        return entries;
    }

    /** Every row filed under the person's HubSpot records (their Salesforce ids are only in those rows). */
    @Override
    public String table() {
        return "audit";
    }

    @Override
    public int erase(ErasedPerson person) {
        List<WriteRequest> deletes = new ArrayList<>();
        for (ErasedPerson.Record record : person.on(io.crmsync.crm.Side.HUBSPOT)) {
            String key = recordKey(person.tenantId(), record.objectType(), record.id());
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("recordKey = :k").projectionExpression("recordKey, entryKey")
                    .expressionAttributeValues(Map.of(":k", s(key)))).items()) {
                deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(item).build()).build());
            }
        }
        BatchWriter.write(dynamo, table, deletes);
        return deletes.size();
    }

    private long expiresAt(Map<String, AttributeValue> item) {
        return item.containsKey(EXPIRES_AT) ? Long.parseLong(item.get(EXPIRES_AT).n())
                : Instant.ofEpochMilli(Long.parseLong(item.get("at").n())).plus(retention).getEpochSecond();
    }

    private static String recordKey(String tenantId, String hubSpotObject, String hubSpotId) {
        return tenantId + "|" + hubSpotObject + "|" + hubSpotId;
    }

    /** Empty values are not stored; they read back as null. */
    private static String text(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }

    private Map<String, AttributeValue> item(Entry e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("recordKey", s(recordKey(e.tenantId(), e.hubSpotObject(), e.hubSpotId())));
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
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(e.at().plus(retention).getEpochSecond())));
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
