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
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<String, OrgEntry> orgs = new ConcurrentHashMap<>();

    private record Entry(Optional<Tenant> tenant, Instant expires) {
    }

    private record OrgEntry(List<Tenant> tenants, Instant expires) {
    }

    public CachingTenantDirectory(TenantDirectory source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<Tenant> byId(String tenantId) {
        return cached("id|" + tenantId, () -> source.byId(tenantId));
    }

    @Override
    public Optional<Tenant> byHubSpotPortal(long portalId) {
        return cached("hubspot|" + portalId, () -> source.byHubSpotPortal(portalId));
    }

    /**
     * An org's tenants, remembered as a whole for the TTL: a tenant joining an org already served is seen by the
     * doors within the TTL (the reconciler reads what its first minutes missed). An org with none is not remembered.
     */
    @Override
    public List<Tenant> tenantsOnOrg(String orgId) {
        String key = "salesforce|" + Tenant.orgKey(orgId);
        Instant now = clock.instant();
        OrgEntry entry = orgs.get(key);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.tenants();
        }
        List<Tenant> tenants = List.copyOf(source.tenantsOnOrg(orgId));
        if (!tenants.isEmpty()) {
            if (orgs.size() >= MAX_ENTRIES) {
                orgs.clear();
            }
            orgs.put(key, new OrgEntry(tenants, now.plus(ttl)));
        }
        return tenants;
    }

    /** Keyed by the token's hash, never the token; only a tenant found is remembered, as for the other keys. */
    @Override
    public Optional<Tenant> byOutboundTokenSha256(String sha256Hex) {
        return cached("outbound|" + sha256Hex, () -> source.byOutboundTokenSha256(sha256Hex));
    }

    /** Not cached: a scheduled pass wants the tenants as they are now, and runs far less often than the TTL matters. */
    @Override
    public List<Tenant> all() {
        return source.all();
    }

    private Optional<Tenant> cached(String key, Supplier<Optional<Tenant>> load) {
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.tenant();
        }
        Optional<Tenant> tenant = load.get();
        if (tenant.isEmpty()) {
            return tenant;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(tenant, now.plus(ttl)));
        return tenant;
    }
}
