package io.crmsync.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.crm.Side;
import io.crmsync.sync.ErasedPerson;
import io.crmsync.sync.Link;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.PersonalData;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Links in the {@code links} table: one item per HubSpot record, keyed {@code tenant|object|id}, with a GSI
 * {@code by-salesforce-id} on {@code tenant|sObject|id} for lookups from the Salesforce side.
 *
 * <p>The low-level client rather than the enhanced one: the conditional write and the batch-get loop over
 * unprocessed keys are the whole of this class, and they read more plainly against the raw API.
 */
@ApplicationScoped
public class DynamoLinkStore implements LinkStore, PersonalData {

    static final String KEY = "hubSpotKey";
    static final String SALESFORCE_KEY = "salesforceKey";
    static final String VERSION = "version";
    static final String BY_SALESFORCE_ID = "by-salesforce-id";
    /**
     * Conditional puts and index queries in flight at once: the url-connection client keeps 5 idle connections per
     * host (the JDK's http.maxConnections), so more would open a new connection for every call past the fifth.
     */
    static final int PARALLEL_CALLS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final ParallelCalls parallel = new ParallelCalls("link-store", PARALLEL_CALLS);

    public DynamoLinkStore(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.links") String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Map<String, Link> findByHubSpotIds(String tenantId, String hubSpotObject, Collection<String> hubSpotIds) {
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(hubSpotIds).stream()
                .map(id -> Map.of(KEY, s(hubSpotKey(tenantId, hubSpotObject, id)))).toList();
        Map<String, Link> found = new HashMap<>();
        BatchReader.read(dynamo, table, keys).forEach(item -> found.put(item.get("hubSpotId").s(), toLink(item)));
        return found;
    }

    @Override
    public Optional<Link> findBySalesforceId(String tenantId, String salesforceObject, String salesforceId) {
        QueryResponse response = dynamo.query(b -> b.tableName(table).indexName(BY_SALESFORCE_ID)
                .keyConditionExpression("#k = :k")
                .expressionAttributeNames(Map.of("#k", SALESFORCE_KEY))
                .expressionAttributeValues(Map.of(":k", s(salesforceKey(tenantId, salesforceObject, salesforceId)))));
        return response.items().stream().findFirst().map(DynamoLinkStore::toLink);
    }

    /** One Query on the index per id (an index has no BatchGetItem), sent side by side. */
    @Override
    public Map<String, Link> findBySalesforceIds(String tenantId, String salesforceObject,
            Collection<String> salesforceIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(salesforceIds));
        List<Supplier<Optional<Link>>> lookups = ids.stream()
                .<Supplier<Optional<Link>>>map(id -> () -> findBySalesforceId(tenantId, salesforceObject, id)).toList();
        List<Optional<Link>> links = parallel.all(lookups);
        Map<String, Link> found = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            links.get(i).ifPresent(link -> found.put(id, link));
        }
        return found;
    }

    /**
     * BatchWriteItem takes no condition, so each link is its own conditional PutItem; the puts of different records
     * go side by side. Saves of one record go in waves, one after another in the order given, so each is
     * conditioned on what the one before it left, as saving them in turn would.
     */
    @Override
    public List<Boolean> saveAll(List<Link> links) {
        Map<String, Integer> seen = new HashMap<>();
        List<List<Integer>> waves = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            int wave = seen.merge(hubSpotKey(link.tenantId(), link.hubSpotObject(), link.hubSpotId()), 1, Integer::sum)
                    - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(i);
        }
        Boolean[] stored = new Boolean[links.size()];
        for (List<Integer> wave : waves) {
            List<Boolean> saved = parallel.all(wave.stream()
                    .<Supplier<Boolean>>map(i -> () -> save(links.get(i))).toList());
            for (int j = 0; j < wave.size(); j++) {
                stored[wave.get(j)] = saved.get(j);
            }
        }
        return List.of(stored);
    }

    @Override
    public boolean save(Link link) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(hubSpotKey(link.tenantId(), link.hubSpotObject(), link.hubSpotId())));
        item.put("tenantId", s(link.tenantId()));
        item.put("hubSpotObject", s(link.hubSpotObject()));
        item.put("hubSpotId", s(link.hubSpotId()));
        item.put("salesforceObject", s(link.salesforceObject()));
        if (link.salesforceId() != null) {
            item.put("salesforceId", s(link.salesforceId()));
            item.put(SALESFORCE_KEY, s(salesforceKey(link.tenantId(), link.salesforceObject(), link.salesforceId())));
        }
        item.put("lastWrittenHash", s(link.lastWrittenHash()));
        item.put("syncedAt", AttributeValue.fromN(Long.toString(link.syncedAt().toEpochMilli())));
        if (!link.fieldFingerprints().isEmpty()) {
            Map<String, AttributeValue> fingerprints = new HashMap<>();
            link.fieldFingerprints().forEach((field, fp) -> fingerprints.put(field, s(fp)));
            item.put("fieldFingerprints", AttributeValue.fromM(fingerprints));
        }
        item.put(VERSION, AttributeValue.fromN(Long.toString(link.version() + 1)));
        // Version 0 also takes a link stored before links had versions, so those are not stuck.
        String condition = link.version() == 0 ? "attribute_not_exists(#k) OR attribute_not_exists(#v)" : "#v = :v";
        Map<String, AttributeValue> values = link.version() == 0 ? null
                : Map.of(":v", AttributeValue.fromN(Long.toString(link.version())));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression(condition)
                    .expressionAttributeNames(link.version() == 0 ? Map.of("#k", KEY, "#v", VERSION)
                            : Map.of("#v", VERSION))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void delete(String tenantId, String hubSpotObject, String hubSpotId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(hubSpotKey(tenantId, hubSpotObject, hubSpotId)))));
    }

    @Override
    public String table() {
        return "links";
    }

    /**
     * The person's links, found by HubSpot key and through the Salesforce index, deleted unconditionally: a worker
     * holding the version it read then has its save refused (the item is gone) and re-reads, and the erase's
     * markers make that re-read drop the record.
     */
    @Override
    public int erase(ErasedPerson person) {
        java.util.Set<String> keys = new LinkedHashSet<>();
        for (ErasedPerson.Record record : person.records()) {
            if (record.side() == Side.HUBSPOT) {
                keys.add(hubSpotKey(person.tenantId(), record.objectType(), record.id()));
            } else {
                findBySalesforceId(person.tenantId(), record.objectType(), record.id()).ifPresent(link -> keys.add(
                        hubSpotKey(link.tenantId(), link.hubSpotObject(), link.hubSpotId())));
            }
        }
        int deleted = 0;
        for (String key : keys) {
            if (!dynamo.deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(key))).returnValues(ReturnValue.ALL_OLD))
                    .attributes().isEmpty()) {
                deleted++;
            }
        }
        return deleted;
    }

    static String hubSpotKey(String tenantId, String object, String id) {
        return tenantId + "|" + object + "|" + id;
    }

    static String salesforceKey(String tenantId, String sObject, String id) {
        return tenantId + "|" + sObject + "|" + id;
    }

    private static Link toLink(Map<String, AttributeValue> item) {
        Map<String, String> fingerprints = new HashMap<>();
        if (item.containsKey("fieldFingerprints")) {
            item.get("fieldFingerprints").m().forEach((field, fp) -> fingerprints.put(field, fp.s()));
        }
        return new Link(item.get("tenantId").s(), item.get("hubSpotObject").s(), item.get("hubSpotId").s(),
                item.get("salesforceObject").s(), item.containsKey("salesforceId") ? item.get("salesforceId").s() : null,
                item.get("lastWrittenHash").s(), Instant.ofEpochMilli(Long.parseLong(item.get("syncedAt").n())),
                fingerprints, item.containsKey(VERSION) ? Long.parseLong(item.get(VERSION).n()) : 0);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

}
