package io.crmsync.sync;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persists {@link Link}s. */
public interface LinkStore {

    /** The links of the given HubSpot records, keyed by HubSpot id; a consistent read, so a save just made shows. */
    Map<String, Link> findByHubSpotIds(String tenantId, String hubSpotObject, Collection<String> hubSpotIds);

    /** From an index that may lag a save by a moment: a link read here is checked again before it is written. */
    Optional<Link> findBySalesforceId(String tenantId, String salesforceObject, String salesforceId);

    /**
     * {@link #findBySalesforceId} for several records of one object, keyed by Salesforce id (none for a record
     * without a link). An adapter may send the lookups side by side; this one asks one after another.
     */
    default Map<String, Link> findBySalesforceIds(String tenantId, String salesforceObject,
            Collection<String> salesforceIds) {
        Map<String, Link> found = new LinkedHashMap<>();
        for (String id : new LinkedHashSet<>(salesforceIds)) {
            findBySalesforceId(tenantId, salesforceObject, id).ifPresent(link -> found.put(id, link));
        }
        return found;
    }

    /**
     * Stores the link as version {@code link.version() + 1} if the stored one is still at {@code link.version()}
     * (0: none stored yet). Optimistic concurrency: a worker saves the version it read, so when another worker
     * recorded a sync of the same record in between, this save is refused and the caller re-reads.
     *
     * @return whether it was stored
     */
    boolean save(Link link);

    /**
     * {@link #save} for each link, with the outcome saving them one after another in the given order would have: a
     * later link of the same record is conditioned on what the earlier one left. An adapter may send the saves of
     * different records side by side; this one saves one after another.
     *
     * @return for each link, in the order given, whether it was stored (false: refused, as {@link #save} refuses)
     */
    default List<Boolean> saveAll(List<Link> links) {
        return links.stream().map(this::save).toList();
    }

    /** Forgets a pairing whose other end was deleted, so nothing keeps pointing at it; no link is fine. */
    void delete(String tenantId, String hubSpotObject, String hubSpotId);
}
