package io.crmsync.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.crm.Side;
import io.crmsync.tenant.TenantSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A tenant's sync settings: the {@code settings} attribute (JSON) of its item in the tenants table, HubSpot's
 * defaults for anything it leaves out, kept for a minute so a warm worker does not read it per batch.
 */
@ApplicationScoped
public class DynamoTenantSettings {

    private static final Logger LOG = Logger.getLogger(DynamoTenantSettings.class);
    /** How long a function keeps a tenant's settings: a change made through the admin API applies within it. */
    static final Duration CACHE = Duration.ofSeconds(60);

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Duration ttl;

    private record Entry(TenantSettings settings, Instant expires) {
    }

    public DynamoTenantSettings(DynamoDbClient dynamo, String table, ObjectMapper json) {
        this(dynamo, table, json, CACHE.toSeconds());
    }

    /** @param cacheSeconds {@code crmsync.settings.cache-seconds}: 60 deployed; the local end-to-end tests use 1 */
    @Inject
    public DynamoTenantSettings(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.tenants") String table,
            ObjectMapper json, @ConfigProperty(name = "crmsync.settings.cache-seconds", defaultValue = "60")
            long cacheSeconds) {
        this.dynamo = dynamo;
        this.table = table;
        this.json = json;
        this.ttl = Duration.ofSeconds(cacheSeconds);
    }

    public TenantSettings settings(String tenantId) {
        Instant now = clock.instant();
        Entry entry = cache.get(tenantId);
        if (entry == null || !now.isBefore(entry.expires())) {
            entry = new Entry(read(tenantId), now.plus(ttl));
            cache.put(tenantId, entry);
        }
        return entry.settings();
    }

    /** Stores the settings on the tenant's item (the tenant must exist). */
    public void save(String tenantId, TenantSettings settings) {
        try {
            String value = json.writeValueAsString(settings);
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("tenantId", AttributeValue.fromS(tenantId)))
                    .updateExpression("SET settings = :s").conditionExpression("attribute_exists(tenantId)")
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(value))));
            cache.remove(tenantId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TenantSettings read(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("tenantId", AttributeValue.fromS(tenantId))).projectionExpression("settings")).item();
        TenantSettings defaults = TenantSettings.defaults();
        if (item == null || !item.containsKey("settings")) {
            return defaults;
        }
        try {
            // Settings left out keep HubSpot's defaults: overlay what is stored on the defaults, then bind.
            com.fasterxml.jackson.databind.node.ObjectNode merged = json.valueToTree(defaults);
            JsonNode stored = json.readTree(item.get("settings").s());
            if (!stored.isObject()) {
                throw new IllegalArgumentException("settings is not a JSON object");
            }
            stored.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            return json.treeToValue(merged, TenantSettings.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            // A broken settings item must not stop the sync: HubSpot's defaults apply, and the log says why.
            LOG.errorf("tenant %s: settings unreadable (%s); using the defaults", tenantId, e.getMessage());
            return defaults;
        }
    }
}
