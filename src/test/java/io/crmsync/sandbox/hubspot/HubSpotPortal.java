package io.crmsync.sandbox.hubspot;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;

/**
 * Everything one HubSpot account holds (records per type, property definitions, associations, lists, owners)
 * and the app that calls it; the API classes work on this, the test API reads and writes it directly.
 */
final class HubSpotPortal {

    private static final long ID_SPACING = 1_000_000_000L;

    private final long portalId;
    private final ChangeSource app;
    private final Clock clock;
    private final List<HubSpotObjectType> types;
    private final Map<String, HubSpotObjectStore> stores = new LinkedHashMap<>();
    private final PropertyRegistry properties;
    private final AssociationStore associations;
    private final OwnerStore owners;
    private final ListStore lists;
    private final HubSpotJson json;
    /** The test hook for 423: this many coming object writes are refused as locked. */
    private final AtomicInteger lockedWrites = new AtomicInteger();

    /** Bearer token → who writes with it, for tokens other than crmsync's (other apps, people). */
    private final Map<String, ChangeSource> identities;

    HubSpotPortal(long portalId, long appId, Clock clock, List<HubSpotObjectType> types, Consumer<CrmChange> changes) {
        this(portalId, appId, Map.of(), clock, types, changes);
    }

    /**
     * @param identities bearer token → the source of writes made with it; any other token accepted (crmsync's
     *                   private-app token, OAuth access tokens) writes as the app {@code appId}
     */
    HubSpotPortal(long portalId, long appId, Map<String, ChangeSource> identities, Clock clock,
            List<HubSpotObjectType> types, Consumer<CrmChange> changes) {
        this.portalId = portalId;
        this.app = ChangeSource.integration(appId);
        this.identities = Map.copyOf(identities);
        this.clock = clock;
        this.types = List.copyOf(types);
        this.owners = new OwnerStore(clock);
        this.properties = new PropertyRegistry(types, clock, owners::ids);
        this.associations = new AssociationStore(new AssociationTypes(types), clock, changes);
        long firstId = 101;
        for (HubSpotObjectType type : types) {
            stores.put(type.pathName(), new HubSpotObjectStore(type, properties, clock, firstId, changes));
            firstId += ID_SPACING;
        }
        this.lists = new ListStore(clock, this::typeNamed, this::store);
        this.json = new HubSpotJson(properties);
    }

    long portalId() {
        return portalId;
    }

    /** Who API writes come from: the configured app (INTEGRATION, sourceId = appId). */
    ChangeSource app() {
        return app;
    }

    /**
     * Who a REST write comes from: the identity whose token authenticated the request (another app:
     * INTEGRATION with its app id; a person: CRM_UI with {@code userId:<id>}), else the configured app.
     */
    ChangeSource sourceOf(SandboxRequest request) {
        return request.header("Authorization").map(String::trim).filter(h -> h.startsWith("Bearer "))
                .map(h -> identities.get(h.substring("Bearer ".length()).trim())).orElse(app);
    }

    Clock clock() {
        return clock;
    }

    List<HubSpotObjectType> types() {
        return types;
    }

    PropertyRegistry properties() {
        return properties;
    }

    AssociationStore associations() {
        return associations;
    }

    OwnerStore owners() {
        return owners;
    }

    ListStore lists() {
        return lists;
    }

    HubSpotJson json() {
        return json;
    }

    HubSpotObjectStore store(HubSpotObjectType type) {
        return stores.get(type.pathName());
    }

    /** "contacts" or "0-1"; also the singular ("contact") the v4 associations API accepts. */
    Optional<HubSpotObjectType> typeNamed(String segment) {
        return types.stream().filter(t -> t.isNamed(segment)
                || (!t.eventPrefix().isEmpty() && t.eventPrefix().equals(segment))
                || t.pathName().equals(segment + "s")).findFirst();
    }

    /** The type a path names, or HubSpot's 400 for an unknown one. */
    HubSpotObjectType typeFor(String segment) {
        return typeNamed(segment).orElseThrow(() -> new ResponseException(
                HubSpotErrors.validation("Unable to infer object type from: " + segment)));
    }

    HubSpotObjectStore storeFor(String segment) {
        return store(typeFor(segment));
    }

    void lockNextWrites(int count) {
        lockedWrites.set(count);
    }

    /** Throws HubSpot's 423 while the lock hook has writes left to refuse. */
    void checkNotLocked() {
        if (lockedWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ResponseException(HubSpotErrors.locked());
        }
    }

    /** A record's current values (system properties included), live or not. */
    Map<String, String> allProperties(HubSpotObjectType type, HubSpotObject object) {
        return HubSpotJson.allProperties(type, object);
    }

    static SandboxResponse notFound() {
        return HubSpotErrors.objectNotFound();
    }

    void reset() {
        stores.values().forEach(HubSpotObjectStore::clear);
        associations.clear();
        lists.clear();
        owners.clear();
        properties.reset();
        lockedWrites.set(0);
    }
}
