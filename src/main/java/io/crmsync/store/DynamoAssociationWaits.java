package io.crmsync.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.sync.AssociationWaits;
import io.crmsync.sync.ErasedPerson;
import io.crmsync.sync.PersonalData;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Waits in the {@code sync-errors} table, so the sync-health view lists them beside refused records: one item per
 * awaited record, keyed {@code wait|<awaited>}, holding its waiting records in the String Set {@code dependents}
 * and the error fields (Associations, {@code WAITING_FOR_ACCOUNT}) of a sync error.
 *
 * <p>Every change is a single-item atomic update (ADD / DELETE on the set), so concurrent workers never lose each
 * other's dependents and no read-modify-write is needed.
 */
@ApplicationScoped
public class DynamoAssociationWaits implements AssociationWaits, PersonalData {

    /** Sort-key prefix keeping waits apart from the refused records' own keys in the same table. */
    static final String WAIT_PREFIX = "wait|";
    static final String CATEGORY = "Associations";
    static final String CODE = "WAITING_FOR_ACCOUNT";
    static final String MESSAGE = "Waiting for account to sync";
    static final String DEPENDENTS = "dependents";
    /** DynamoDB's BatchGetItem maximum. */
    static final int BATCH_GET_LIMIT = 100;

    /** Expression names for every attribute written: some (such as {@code at}) are DynamoDB reserved words. */
    private static final Map<String, String> FIELD_NAMES = Map.of("#dependents", DEPENDENTS, "#category", "category",
            "#code", "code", "#message", "message", "#at", "at");

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    @Inject
    public DynamoAssociationWaits(DynamoDbClient dynamo,
            @ConfigProperty(name = "crmsync.table.sync-errors") String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    DynamoAssociationWaits(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void await(String tenantId, String awaited, String dependent) {
        requireKey(tenantId, "tenant id");
        requireKey(awaited, "awaited record key");
        requireKey(dependent, "dependent record key");
        dynamo.updateItem(b -> b.tableName(table).key(key(tenantId, awaited))
                .updateExpression("ADD #dependents :d SET #category = :category, #code = :code, "
                        + "#message = :message, #at = :at")
                .expressionAttributeNames(FIELD_NAMES)
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromSs(List.of(dependent)),
                        ":category", AttributeValue.fromS(CATEGORY), ":code", AttributeValue.fromS(codeFor(awaited)),
                        ":message", AttributeValue.fromS(messageFor(awaited)),
                        ":at", AttributeValue.fromN(Long.toString(clock.millis())))));
    }

    /** A deal waits for a contact; everything else for an account (HubSpot's own wording for that one). */
    static boolean awaitsContact(String awaited) {
        return awaited.contains("|contact|") || awaited.contains("|Contact|");
    }

    static String codeFor(String awaited) {
        return awaitsContact(awaited) ? "WAITING_FOR_CONTACT" : CODE;
    }

    static String messageFor(String awaited) {
        return awaitsContact(awaited) ? "Waiting for contact to sync" : MESSAGE;
    }

    @Override
    public Map<String, Set<String>> waitingFor(String tenantId, Collection<String> awaited) {
        requireKey(tenantId, "tenant id");
        List<String> keys = distinctKeys(awaited, "awaited record key");
        Map<String, Set<String>> waiting = new HashMap<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> batch = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))) {
                batch.add(key(tenantId, key));
            }
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(batch)
                    .consistentRead(true).projectionExpression("#k, #dependents")
                    .expressionAttributeNames(Map.of("#k", "recordKey", "#dependents", DEPENDENTS)).build());
            // DynamoDB may leave keys unprocessed under load; ask again for exactly those.
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt > 0) {
                    BatchWriter.backOff(attempt);
                }
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(pending));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    // An item whose set was just emptied by a release, not yet deleted, has nobody waiting.
                    if (item.containsKey(DEPENDENTS)) {
                        waiting.put(item.get("recordKey").s().substring(WAIT_PREFIX.length()),
                                Set.copyOf(item.get(DEPENDENTS).ss()));
                    }
                }
                request = response.unprocessedKeys();
                if (attempt > 8 && !request.isEmpty()) {
                    throw new IllegalStateException("DynamoDB left wait keys unprocessed after 8 retries");
                }
            }
        }
        return waiting;
    }

    @Override
    public void release(String tenantId, String awaited, Collection<String> dependents) {
        requireKey(tenantId, "tenant id");
        requireKey(awaited, "awaited record key");
        List<String> released = distinctKeys(dependents, "dependent record key");
        if (released.isEmpty()) {
            return;
        }
        Map<String, AttributeValue> key = key(tenantId, awaited);
        UpdateItemResponse response;
        try {
            // Conditional, so releasing a wait that is not there does not leave a bare item behind.
            response = dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("DELETE #dependents :d")
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#dependents", DEPENDENTS, "#k", "recordKey"))
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromSs(released)))
                    .returnValues(ReturnValue.UPDATED_NEW));
        } catch (ConditionalCheckFailedException e) {
            return;
        }
        if (response.attributes().containsKey(DEPENDENTS)) {
            return;
        }
        try {
            // DynamoDB removes a set attribute once it is empty; the condition keeps the item if another worker
            // added a dependent in between.
            dynamo.deleteItem(b -> b.tableName(table).key(key)
                    .conditionExpression("attribute_not_exists(#dependents)")
                    .expressionAttributeNames(Map.of("#dependents", DEPENDENTS)));
        } catch (ConditionalCheckFailedException e) {
            // Someone awaits this record again: keep the item.
        }
    }

    @Override
    public String table() {
        return "sync-errors (waits)";
    }

    /**
     * The waits for the person's records (deleted) and the person's records among others' dependents (released):
     * one Query of the tenant's waits, filtered to those naming a person's key, then the single-item updates.
     */
    @Override
    public int erase(ErasedPerson person) {
        java.util.Set<String> keys = person.recordKeys();
        int erased = 0;
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("tenantId = :t AND begins_with(recordKey, :w)")
                .projectionExpression("recordKey, #dependents")
                .expressionAttributeNames(Map.of("#dependents", DEPENDENTS))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(person.tenantId()),
                        ":w", AttributeValue.fromS(WAIT_PREFIX)))).items()) {
            String awaited = item.get("recordKey").s().substring(WAIT_PREFIX.length());
            List<String> dependents = item.containsKey(DEPENDENTS) ? item.get(DEPENDENTS).ss() : List.of();
            if (keys.contains(awaited)) {
                dynamo.deleteItem(b -> b.tableName(table).key(key(person.tenantId(), awaited)));
                erased++;
                continue;
            }
            List<String> named = dependents.stream().filter(keys::contains).toList();
            if (!named.isEmpty()) {
                release(person.tenantId(), awaited, named);
                erased++;
            }
        }
        return erased;
    }

    private static Map<String, AttributeValue> key(String tenantId, String awaited) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId),
                "recordKey", AttributeValue.fromS(WAIT_PREFIX + awaited));
    }

    private static List<String> distinctKeys(Collection<String> keys, String what) {
        if (keys == null) {
            throw new IllegalArgumentException(what + "s must not be null");
        }
        keys.forEach(k -> requireKey(k, what));
        return List.copyOf(new LinkedHashSet<>(keys));
    }

    private static void requireKey(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

}
