package io.crmsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A tenant's owners read from both CRMs and kept for a while: owners change rarely, and reading every HubSpot owner
 * and Salesforce user for each batch would cost several calls per batch. A user added or deactivated is seen
 * within the cache time; until then an owner may stay unmatched, which only delays its sync (see
 * {@link OwnerTranslation}).
 */
public final class CachedOwnerDirectory implements OwnerDirectory {

    private final Function<String, Map<String, String>> hubSpotOwnerEmails;
    private final Function<String, Map<String, String>> salesforceUserEmails;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> byTenant = new ConcurrentHashMap<>();

    private record Entry(Owners owners, Instant expires) {
    }

    /**
     * @param hubSpotOwnerEmails tenant → HubSpot owner id → email
     * @param salesforceUserEmails tenant → active Salesforce User Id → email
     */
    public CachedOwnerDirectory(Function<String, Map<String, String>> hubSpotOwnerEmails,
            Function<String, Map<String, String>> salesforceUserEmails, Duration ttl, Clock clock) {
        this.hubSpotOwnerEmails = hubSpotOwnerEmails;
        this.salesforceUserEmails = salesforceUserEmails;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A failed read caches nothing: the exception reaches the caller and the next call reads again. */
    @Override
    public Owners owners(String tenantId) {
        Instant now = clock.instant();
        Entry entry = byTenant.get(tenantId);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.owners();
        }
        Owners owners = new Owners(hubSpotOwnerEmails.apply(tenantId), salesforceUserEmails.apply(tenantId));
        byTenant.put(tenantId, new Entry(owners, now.plus(ttl)));
        return owners;
    }
}
