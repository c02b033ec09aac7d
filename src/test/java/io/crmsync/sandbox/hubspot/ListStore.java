package io.crmsync.sandbox.hubspot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The portal's lists (v3 Lists API, ILS ids). MANUAL and SNAPSHOT lists hold the records added to them;
 * DYNAMIC lists hold whatever live records match their filter at the moment of asking.
 */
final class ListStore {

    /** PublicObjectList without its members. */
    record HubSpotList(long listId, String name, HubSpotObjectType type, String processingType,
            Optional<JsonNode> filterBranch, Optional<ListFilter> filter, Instant createdAt, Instant updatedAt,
            int listVersion) {
        boolean dynamic() {
            return processingType.equals("DYNAMIC");
        }
    }

    /** What a membership change did (MembershipsUpdateResponse). */
    record MembershipChange(List<String> added, List<String> removed, List<String> missing) {
    }

    private final Clock clock;
    private final Function<String, Optional<HubSpotObjectType>> types;
    private final Function<HubSpotObjectType, HubSpotObjectStore> stores;
    private final Map<Long, HubSpotList> lists = new TreeMap<>();
    private final Map<Long, SortedMap<Long, Instant>> manualMembers = new java.util.HashMap<>();
    /** When a DYNAMIC list was first seen to hold a record: its membershipTimestamp. */
    private final Map<Long, Map<Long, Instant>> dynamicJoins = new java.util.HashMap<>();
    private long nextId = 1;

    ListStore(Clock clock, Function<String, Optional<HubSpotObjectType>> types,
            Function<HubSpotObjectType, HubSpotObjectStore> stores) {
        this.clock = clock;
        this.types = types;
        this.stores = stores;
    }

    /**
     * Creates a list; IllegalArgumentException says why not (unknown type, processing type, name taken,
     * filter missing or unsupported).
     */
    synchronized HubSpotList create(String name, String objectTypeId, String processingType, JsonNode filterBranch) {
        HubSpotObjectType type = types.apply(objectTypeId)
                .orElseThrow(() -> new IllegalArgumentException("Unknown objectTypeId '" + objectTypeId + "'."));
        if (!List.of("MANUAL", "SNAPSHOT", "DYNAMIC").contains(processingType)) {
            throw new IllegalArgumentException("processingType must be MANUAL, SNAPSHOT or DYNAMIC, was '"
                    + processingType + "'.");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A list needs a name.");
        }
        if (lists.values().stream().anyMatch(l -> l.name().equalsIgnoreCase(name))) {
            throw new IllegalArgumentException("A list named '" + name + "' already exists.");
        }
        Optional<ListFilter> filter = Optional.empty();
        if (processingType.equals("DYNAMIC")) {
            if (filterBranch == null || filterBranch.isMissingNode() || filterBranch.isNull()) {
                throw new IllegalArgumentException("A DYNAMIC list needs a filterBranch.");
            }
            filter = Optional.of(ListFilter.parse(filterBranch));
        }
        Instant now = clock.instant();
        HubSpotList list = new HubSpotList(nextId++, name, type, processingType,
                Optional.ofNullable(filterBranch).filter(f -> !f.isMissingNode() && !f.isNull()), filter, now, now, 1);
        lists.put(list.listId(), list);
        manualMembers.put(list.listId(), new TreeMap<>());
        dynamicJoins.put(list.listId(), new java.util.HashMap<>());
        return list;
    }

    synchronized Optional<HubSpotList> get(long listId) {
        return Optional.ofNullable(lists.get(listId));
    }

    synchronized List<HubSpotList> all() {
        return List.copyOf(lists.values());
    }

    synchronized boolean delete(long listId) {
        manualMembers.remove(listId);
        dynamicJoins.remove(listId);
        return lists.remove(listId) != null;
    }

    /** Adds live records of the list's type to a MANUAL or SNAPSHOT list; unknown ids come back as missing. */
    synchronized MembershipChange add(long listId, Collection<String> recordIds) {
        HubSpotList list = manual(listId);
        HubSpotObjectStore store = stores.apply(list.type());
        List<String> added = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        SortedMap<Long, Instant> members = manualMembers.get(listId);
        for (String raw : recordIds) {
            Optional<Long> id = HubSpotJson.parseId(raw).filter(i -> store.get(i).isPresent());
            if (id.isEmpty()) {
                missing.add(raw);
            } else if (!members.containsKey(id.get())) {
                members.put(id.get(), clock.instant());
                added.add(String.valueOf(id.get()));
            }
        }
        touch(list, !added.isEmpty());
        return new MembershipChange(added, List.of(), missing);
    }

    synchronized MembershipChange remove(long listId, Collection<String> recordIds) {
        HubSpotList list = manual(listId);
        SortedMap<Long, Instant> members = manualMembers.get(listId);
        List<String> removed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String raw : recordIds) {
            Optional<Long> id = HubSpotJson.parseId(raw);
            if (id.isPresent() && members.remove(id.get()) != null) {
                removed.add(String.valueOf(id.get()));
            } else {
                missing.add(raw);
            }
        }
        touch(list, !removed.isEmpty());
        return new MembershipChange(List.of(), removed, missing);
    }

    /** The list's live members by record id, with the time each joined. */
    synchronized SortedMap<Long, Instant> members(long listId) {
        HubSpotList list = lists.get(listId);
        if (list == null) {
            throw new java.util.NoSuchElementException("No list " + listId);
        }
        HubSpotObjectStore store = stores.apply(list.type());
        SortedMap<Long, Instant> members = new TreeMap<>();
        if (list.dynamic()) {
            Map<Long, Instant> joins = dynamicJoins.get(listId);
            for (HubSpotObject object : store.all()) {
                if (list.filter().orElseThrow().matches(HubSpotJson.allProperties(list.type(), object))) {
                    members.put(object.id(), joins.computeIfAbsent(object.id(), id -> clock.instant()));
                } else {
                    joins.remove(object.id());
                }
            }
        } else {
            manualMembers.get(listId).forEach((id, at) -> {
                if (store.get(id).isPresent()) {
                    members.put(id, at);
                }
            });
        }
        return members;
    }

    /** The lists a record is in, with when it joined each. */
    synchronized Map<HubSpotList, Instant> listsOf(HubSpotObjectType type, long recordId) {
        Map<HubSpotList, Instant> found = new LinkedHashMap<>();
        for (HubSpotList list : lists.values()) {
            if (list.type().equals(type)) {
                Instant joined = members(list.listId()).get(recordId);
                if (joined != null) {
                    found.put(list, joined);
                }
            }
        }
        return found;
    }

    synchronized void clear() {
        lists.clear();
        manualMembers.clear();
        dynamicJoins.clear();
        nextId = 1;
    }

    private HubSpotList manual(long listId) {
        HubSpotList list = lists.get(listId);
        if (list == null) {
            throw new java.util.NoSuchElementException("No list " + listId);
        }
        if (list.dynamic()) {
            throw new IllegalStateException("List " + listId + " is DYNAMIC: its members come from its filters and"
                    + " cannot be added or removed by hand.");
        }
        return list;
    }

    private void touch(HubSpotList list, boolean changed) {
        if (changed) {
            lists.put(list.listId(), new HubSpotList(list.listId(), list.name(), list.type(), list.processingType(),
                    list.filterBranch(), list.filter(), list.createdAt(), clock.instant(), list.listVersion() + 1));
        }
    }
}
