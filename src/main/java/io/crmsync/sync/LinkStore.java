package io.crmsync.sync;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Persists {@link Link}s. */
public interface LinkStore {

    /** The links of the given HubSpot records, keyed by HubSpot id. */
    Map<String, Link> findByHubSpotIds(String tenantId, String hubSpotObject, Collection<String> hubSpotIds);

    Optional<Link> findBySalesforceId(String tenantId, String salesforceObject, String salesforceId);

    void save(Link link);

    /** Forgets a pairing whose other end was deleted, so nothing keeps pointing at it; no link is fine. */
    void delete(String tenantId, String hubSpotObject, String hubSpotId);
}
