package io.crmsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.crmsync.crm.IdFieldTakenException;
import io.crmsync.mapping.MappingStore;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectMappingKeys;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.IdentityFieldClaims.Field;
import io.crmsync.tenant.ActivitySettings;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantSettings;

/**
 * A tenant's mappings as the worker uses them: read from the store (recommended preset where the tenant stored
 * none) and kept for a short while, so a warm worker does not read the table for every batch; an applied
 * mappings.yaml takes effect within the cache time.
 *
 * <p>With {@link Claims}, the claims of the tenant's id fields are read with the mappings (one batched read, kept
 * as long): a mapping whose id field another tenant on the org holds is refused with {@link IdFieldTakenException},
 * so the tenant's sync pauses rather than stamp, upsert into or pair with that tenant's records. A field nobody
 * claimed is the tenant's to use (a tenant alone on its org).
 */
public final class CachedMappings {

    /** Where the claims are read, the tenant's org and its Task field found. */
    public record Claims(IdentityFieldClaims claims, Function<String, Optional<Tenant>> tenants,
            Function<String, TenantSettings> settings) {
    }

    private final MappingStore store;
    private final Optional<Claims> claims;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> byTenant = new ConcurrentHashMap<>();

    /**
     * @param read the fields whose claims were read ({@code SObject.Field}); empty when no claim applies (no claims
     *        read here, or the tenant has no org yet), so every field is the tenant's
     * @param takenBy the holder of each of those held by another tenant
     */
    private record Entry(Map<ObjectPair, ObjectMapping> mappings, Optional<Set<String>> read, Map<String, String> takenBy,
            Instant expires) {

        boolean covers(Optional<Field> field) {
            return read.isEmpty() || field.map(f -> read.get().contains(f.qualified())).orElse(true);
        }
    }

    /** Mappings alone, no claims read (the reconciler, which only reads and queues notices). */
    public CachedMappings(MappingStore store, Duration ttl, Clock clock) {
        this(store, Optional.empty(), ttl, clock);
    }

    public CachedMappings(MappingStore store, Optional<Claims> claims, Duration ttl, Clock clock) {
        this.store = store;
        this.claims = claims;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * The pair's mapping in force.
     *
     * @throws IdFieldTakenException when its id field holds another tenant's HubSpot ids
     */
    public ObjectMapping mapping(String tenantId, ObjectPair pair) {
        Entry entry = entry(tenantId, Optional.empty());
        ObjectMapping mapping = entry.mappings().get(pair);
        if (mapping == null) {
            mapping = RecommendedMappings.forPair(pair)
                    .orElseThrow(() -> new IllegalStateException("tenant " + tenantId + " has no mapping for " + pair));
        }
        requireOwn(tenantId, entry, new Field(mapping.salesforceObject(), mapping.salesforceIdField()),
                ObjectMappingKeys.SALESFORCE_ID_FIELD);
        return mapping;
    }

    /**
     * Refuses activity sync on a Task field another tenant on the org holds.
     *
     * @throws IdFieldTakenException when it does
     */
    public void requireOwnTaskField(String tenantId, ActivitySettings activities) {
        Field task = new Field("Task", activities.salesforceIdField());
        requireOwn(tenantId, entry(tenantId, Optional.of(task)), task, IdentityFields.ACTIVITY_SETTING_KEY);
    }

    private void requireOwn(String tenantId, Entry entry, Field field, String settingKey) {
        if (entry.takenBy().containsKey(field.qualified())) {
            throw new IdFieldTakenException(tenantId, field.qualified(), settingKey, clock.instant());
        }
    }

    /** The cached entry, read again when it expired or its claims did not cover {@code needed}. */
    private Entry entry(String tenantId, Optional<Field> needed) {
        Instant now = clock.instant();
        Entry entry = byTenant.get(tenantId);
        if (entry == null || !entry.covers(needed) || !now.isBefore(entry.expires())) {
            Map<ObjectPair, ObjectMapping> mappings = store.load(tenantId);
            Set<Field> fields = new LinkedHashSet<>();
            needed.ifPresent(fields::add);
            Entry read = claims.map(c -> withClaims(c, tenantId, mappings, fields, now))
                    .orElseGet(() -> new Entry(mappings, Optional.empty(), Map.of(), now.plus(ttl)));
            byTenant.put(tenantId, read);
            return read;
        }
        return entry;
    }

    private Entry withClaims(Claims c, String tenantId, Map<ObjectPair, ObjectMapping> mappings, Set<Field> fields,
            Instant now) {
        Optional<String> org = c.tenants().apply(tenantId).map(Tenant::salesforceOrgId).filter(s -> !s.isBlank());
        if (org.isEmpty()) {
            // Not connected to an org: no record can be written anywhere, so no field to hold.
            return new Entry(mappings, Optional.empty(), Map.of(), now.plus(ttl));
        }
        // Every pair's field, whether or not it syncs now, and the Task field: one read covers a settings change.
        mappings.values().forEach(m -> fields.add(new Field(m.salesforceObject(), m.salesforceIdField())));
        for (ObjectPair pair : ObjectPair.values()) {
            if (!mappings.containsKey(pair)) {
                RecommendedMappings.forPair(pair).ifPresent(m -> fields.add(new Field(m.salesforceObject(),
                        m.salesforceIdField())));
            }
        }
        fields.add(new Field("Task", c.settings().apply(tenantId).activities().salesforceIdField()));
        Map<String, String> takenBy = new HashMap<>();
        c.claims().holders(org.get(), fields).forEach((field, holder) -> {
            if (!holder.equals(tenantId)) {
                takenBy.put(field.qualified(), holder);
            }
        });
        Set<String> read = new LinkedHashSet<>();
        fields.forEach(f -> read.add(f.qualified()));
        return new Entry(mappings, Optional.of(read), takenBy, now.plus(ttl));
    }
}
