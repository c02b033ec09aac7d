package io.crmsync.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Remembers the tenants it found for a while, so a warm Lambda answers from memory. An unknown id is not
 * remembered: a tenant registered just after a stray request for its portal or org must be found at once, not
 * have its notices refused for the whole TTL. A request from an unknown sender costs one table read (the HubSpot
 * door checks signatures first, so only genuine but unregistered portals get here; the Outbound Message door looks
 * the token's hash up before anything else, so every wrong token costs one index query, and nothing more).
 */
public final class CachingTenantDirectory implements TenantDirectory {

    /** Bounds memory under a flood of distinct unknown ids; the cache is simply cleared when full. */
    static final int MAX_ENTRIES = 10_000;

    private final TenantDirectory source;
    private final Duration ttl;
    private final Clock clock;
    /** Keyed by lookup ({@code id|…}, {@code salesforce|…} …): an {@code Optional<Tenant>} or a {@code List<Tenant>}. */
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Object answer, Instant expires) {
    }

    public CachingTenantDirectory(TenantDirectory source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<Tenant> byId(String tenantId) {
        return cached("id|" + tenantId, () -> source.byId(tenantId), Optional::isPresent);
    }

    @Override
    public Optional<Tenant> byHubSpotPortal(long portalId) {
        return cached("hubspot|" + portalId, () -> source.byHubSpotPortal(portalId), Optional::isPresent);
    }

    /**
     * An org's tenants, remembered as a whole for the TTL: a tenant joining an org already served is seen by the
     * doors within the TTL (the reconciler reads what its first minutes missed). An org with none is not remembered.
     */
    @Override
    public List<Tenant> tenantsOnOrg(String orgId) {
        return cached("salesforce|" + Tenant.orgKey(orgId), () -> List.copyOf(source.tenantsOnOrg(orgId)),
                tenants -> !tenants.isEmpty());
    }

    /** Keyed by the token's hash, never the token; only a tenant found is remembered, as for the other keys. */
    @Override
    public Optional<Tenant> byOutboundTokenSha256(String sha256Hex) {
        return cached("outbound|" + sha256Hex, () -> source.byOutboundTokenSha256(sha256Hex), Optional::isPresent);
    }

    /** Not cached: a scheduled pass wants the tenants as they are now, and runs far less often than the TTL matters. */
    @Override
    public List<Tenant> all() {
        return source.all();
    }

    /** @param found whether the answer names a tenant: only those are remembered */
    @SuppressWarnings("unchecked") // each key's prefix is one lookup, always stored with that lookup's type
    private <T> T cached(String key, Supplier<T> load, java.util.function.Predicate<T> found) {
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && now.isBefore(entry.expires())) {
            return (T) entry.answer();
        }
        T answer = load.get();
        if (!found.test(answer)) {
            return answer;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(answer, now.plus(ttl)));
        return answer;
    }
}
