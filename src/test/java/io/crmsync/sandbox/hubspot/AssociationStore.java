package io.crmsync.sandbox.hubspot;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.crmsync.sandbox.hubspot.AssociationTypes.Definition;

/**
 * Associations between records, stored in both directions with their type ids. As in HubSpot, every labelled
 * association comes with the unlabelled one, and a record has at most one primary association per target
 * type: a new primary demotes the old one to unlabelled. Thread-safe; events leave under the lock, in order.
 */
final class AssociationStore {

    /** One side: a record of a type. */
    private record End(String typeId, long id) {
    }

    private final AssociationTypes types;
    private final Clock clock;
    private final Consumer<CrmChange> listener;
    /** from → to type id → to record → association type ids. */
    private final Map<End, Map<String, SortedMap<Long, Set<Integer>>>> links = new java.util.HashMap<>();

    AssociationStore(AssociationTypes types, Clock clock, Consumer<CrmChange> listener) {
        this.types = types;
        this.clock = clock;
        this.listener = listener;
    }

    AssociationTypes types() {
        return types;
    }

    /** Adds one association (and its inverse); true when it was new. */
    synchronized boolean add(Definition definition, long fromId, long toId, ChangeSource source) {
        Set<Integer> existing = typesBetween(definition.from(), fromId, definition.to(), toId);
        if (existing.contains(definition.typeId())) {
            return false;
        }
        if (definition.label() != null) {
            // HubSpot: "When a record has a primary association or a custom association label, those types will
            // be listed alongside the unlabeled association type."
            types.defaultBetween(definition.from(), definition.to()).ifPresent(d -> add(d, fromId, toId, source));
        }
        if (definition.primary()) {
            for (Map.Entry<Long, Set<Integer>> other : targets(definition.from(), fromId, definition.to()).entrySet()) {
                if (other.getKey() != toId && other.getValue().contains(definition.typeId())) {
                    remove(definition, fromId, other.getKey(), source);
                }
            }
        }
        put(definition, fromId, toId);
        put(types.inverse(definition), toId, fromId);
        announce(definition, fromId, toId, false, source);
        return true;
    }

    /** Removes every association between two records; true when there was any. */
    synchronized boolean removeAll(HubSpotObjectType from, long fromId, HubSpotObjectType to, long toId,
            ChangeSource source) {
        Set<Integer> existing = new TreeSet<>(typesBetween(from, fromId, to, toId));
        for (int typeId : existing) {
            types.byId(from, to, typeId).ifPresent(d -> remove(d, fromId, toId, source));
        }
        return !existing.isEmpty();
    }

    /** The records {@code fromId} is associated with in {@code to}, by id, with the type ids of each. */
    synchronized SortedMap<Long, Set<Integer>> targets(HubSpotObjectType from, long fromId, HubSpotObjectType to) {
        SortedMap<Long, Set<Integer>> copy = new TreeMap<>();
        links.getOrDefault(new End(from.typeId(), fromId), Map.of()).getOrDefault(to.typeId(), new TreeMap<>())
                .forEach((id, typeIds) -> copy.put(id, Set.copyOf(typeIds)));
        return copy;
    }

    synchronized Set<Integer> typesBetween(HubSpotObjectType from, long fromId, HubSpotObjectType to, long toId) {
        return Set.copyOf(links.getOrDefault(new End(from.typeId(), fromId), Map.of())
                .getOrDefault(to.typeId(), new TreeMap<>()).getOrDefault(toId, Set.of()));
    }

    /** A deleted record takes its associations along, quietly (HubSpot sends no associationChange then). */
    synchronized void forget(HubSpotObjectType type, long id) {
        Map<String, SortedMap<Long, Set<Integer>>> outgoing = links.remove(new End(type.typeId(), id));
        if (outgoing == null) {
            return;
        }
        outgoing.forEach((toTypeId, targets) -> targets.keySet().forEach(toId -> {
            Map<String, SortedMap<Long, Set<Integer>>> back = links.get(new End(toTypeId, toId));
            if (back != null && back.containsKey(type.typeId())) {
                back.get(type.typeId()).remove(id);
            }
        }));
    }

    synchronized void clear() {
        links.clear();
    }

    private void remove(Definition definition, long fromId, long toId, ChangeSource source) {
        if (unput(definition, fromId, toId)) {
            unput(types.inverse(definition), toId, fromId);
            announce(definition, fromId, toId, true, source);
        }
    }

    private void put(Definition definition, long fromId, long toId) {
        links.computeIfAbsent(new End(definition.from().typeId(), fromId), k -> new java.util.HashMap<>())
                .computeIfAbsent(definition.to().typeId(), k -> new TreeMap<>())
                .computeIfAbsent(toId, k -> new LinkedHashSet<>()).add(definition.typeId());
    }

    private boolean unput(Definition definition, long fromId, long toId) {
        SortedMap<Long, Set<Integer>> targets = links.getOrDefault(new End(definition.from().typeId(), fromId), Map.of())
                .get(definition.to().typeId());
        if (targets == null || !targets.containsKey(toId)) {
            return false;
        }
        boolean removed = targets.get(toId).remove(definition.typeId());
        if (targets.get(toId).isEmpty()) {
            targets.remove(toId);
        }
        return removed;
    }

    /** Both directions are reported, each to its own object type's subscription. */
    private void announce(Definition definition, long fromId, long toId, boolean removed, ChangeSource source) {
        var now = clock.instant();
        for (var pair : List.of(Map.entry(definition, new long[] { fromId, toId }),
                Map.entry(types.inverse(definition), new long[] { toId, fromId }))) {
            Definition d = pair.getKey();
            listener.accept(new CrmChange.AssociationChanged(d.from(), pair.getValue()[0], pair.getValue()[1],
                    d.webhookName(), removed, d.primary(), now, source));
        }
    }
}
