package io.crmsync.sync;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Persists {@link Link}s. */
public interface LinkStore {

    /** The links of the given HubSpot records, keyed by HubSpot id; a consistent read, so a save just made shows. */
    Map<String, Link> findByHubSpotIds(String tenantId, String hubSpotObject, Collection<String> hubSpotIds);

    /** From an index that may lag a save by a moment: a link read here is checked again before it is written. */
    Optional<Link> findBySalesforceId(String tenantId, String salesforceObject, String salesforceId);

    /**
     * Stores the link as version {@code link.version() + 1} if the stored one is still at {@code link.version()}
     * (0: none stored yet). Optimistic concurrency: a worker saves the version it read, so when another worker
     * recorded a sync of the same record in between, this save is refused and the caller re-reads.
     *
     * @return whether it was stored
     */
    boolean save(Link link);

    /** Forgets a pairing whose other end was deleted, so nothing keeps pointing at it; no link is fine. */
    void delete(String tenantId, String hubSpotObject, String hubSpotId);
}
