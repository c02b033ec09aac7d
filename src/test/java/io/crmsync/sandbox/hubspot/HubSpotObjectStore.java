package io.crmsync.sandbox.hubspot;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.crmsync.sandbox.hubspot.HubSpotObject.PropertyVersion;

/**
 * The records of one object type, live ones and those in the recycle bin. Writes are serialised on the store
 * so the unique-value check and the write are one step, and so change events leave in the order the changes
 * happened (the listener is called under the lock).
 *
 * <p>Each unique property has an index of its live values (value in lower case → id), so unique checks and
 * lookups by a unique value stay O(1) when a test seeds hundreds of thousands of records. Every change to
 * {@code objects} goes through {@link #put} or {@link #remove}, which keep the indexes in step.
 */
public final class HubSpotObjectStore {

    /** A property a write may not set or a value it may not have, with HubSpot's error code for it. */
    public record PropertyProblem(String name, String error, String message) {
    }

    /** The outcome of a create or update. */
    public sealed interface WriteResult {
        record Written(HubSpotObject object, boolean created) implements WriteResult {
        }

        /** Another live record already holds a unique value. */
        record Conflict(long existingId, String property) implements WriteResult {
        }

        record Invalid(List<PropertyProblem> problems) implements WriteResult {
        }

        record NotFound() implements WriteResult {
        }
    }

    /** The outcome of a merge. */
    public sealed interface MergeResult {
        record Merged(HubSpotObject primary) implements MergeResult {
        }

        record NotFound(long id) implements MergeResult {
        }

        record Invalid(String message) implements MergeResult {
        }
    }

    private final HubSpotObjectType type;
    private final PropertyRegistry registry;
    private final Clock clock;
    private final Consumer<CrmChange> listener;
    private final long firstId;
    private final Map<Long, HubSpotObject> objects = new TreeMap<>();
    /**
     * Per unique property: {@link #indexKey} of a live value → the id holding it. Built on first use, because
     * the Properties API can add unique properties at any time; once built, kept up to date on every write.
     */
    private final Map<String, Map<String, Long>> liveIdsByValue = new HashMap<>();
    private long nextId;
    private Instant lastTimestamp = Instant.EPOCH;

    HubSpotObjectStore(HubSpotObjectType type, PropertyRegistry registry, Clock clock, long firstId,
            Consumer<CrmChange> listener) {
        this.type = type;
        this.registry = registry;
        this.clock = clock;
        this.listener = listener;
        this.firstId = firstId;
        this.nextId = firstId;
    }

    public HubSpotObjectType type() {
        return type;
    }

    public synchronized WriteResult create(Map<String, String> properties, ChangeSource source) {
        PropertyRegistry.Checked checked = registry.check(type, properties);
        if (!checked.problems().isEmpty()) {
            return new WriteResult.Invalid(checked.problems());
        }
        Optional<WriteResult.Conflict> conflict = uniqueConflict(checked.values(), null);
        if (conflict.isPresent()) {
            return conflict.get();
        }
        Instant now = nextTimestamp();
        long id = nextId++;
        Map<String, String> values = new HashMap<>();
        Map<String, List<PropertyVersion>> history = new HashMap<>();
        Map<String, String> set = new LinkedHashMap<>();
        checked.values().forEach((name, value) -> {
            if (!value.isEmpty()) {
                values.put(name, value);
                history.put(name, List.of(version(value, now, source)));
                set.put(name, value);
            }
        });
        HubSpotObject object = new HubSpotObject(id, values, now, now, history, Optional.empty(), Optional.empty());
        put(object);
        listener.accept(new CrmChange.PropertiesWritten(type, id, true, set, now, source));
        return new WriteResult.Written(object, true);
    }

    /** Sets the given properties on a live record; "" clears one. Unchanged values are no change at all. */
    public synchronized WriteResult update(long id, Map<String, String> properties, ChangeSource source) {
        HubSpotObject current = objects.get(id);
        if (current == null || current.archived()) {
            return new WriteResult.NotFound();
        }
        PropertyRegistry.Checked checked = registry.check(type, properties);
        if (!checked.problems().isEmpty()) {
            return new WriteResult.Invalid(checked.problems());
        }
        Optional<WriteResult.Conflict> conflict = uniqueConflict(checked.values(), id);
        if (conflict.isPresent()) {
            return conflict.get();
        }
        Map<String, String> changed = new LinkedHashMap<>();
        checked.values().forEach((name, value) -> {
            if (!value.equals(current.properties().getOrDefault(name, ""))) {
                changed.put(name, value);
            }
        });
        if (changed.isEmpty()) {
            return new WriteResult.Written(current, false);
        }
        HubSpotObject updated = apply(current, changed, source, nextTimestamp());
        put(updated);
        listener.accept(new CrmChange.PropertiesWritten(type, id, false, changed, updated.updatedAt(), source));
        return new WriteResult.Written(updated, false);
    }

    /** A live record. */
    public synchronized Optional<HubSpotObject> get(long id) {
        return Optional.ofNullable(objects.get(id)).filter(o -> !o.archived());
    }

    /** A record in the recycle bin (not one merged away). */
    public synchronized Optional<HubSpotObject> getArchived(long id) {
        return Optional.ofNullable(objects.get(id)).filter(o -> o.archived() && o.mergedInto().isEmpty());
    }

    /** A live record, or the live record an id was merged into (HubSpot answers reads of merged ids so). */
    public synchronized Optional<HubSpotObject> resolve(long id) {
        HubSpotObject object = objects.get(id);
        for (int hops = 0; object != null && object.mergedInto().isPresent() && hops < 100; hops++) {
            object = objects.get(object.mergedInto().get());
        }
        return Optional.ofNullable(object).filter(o -> !o.archived());
    }

    /** The live record whose {@code property} holds {@code value} (ignoring case, as HubSpot compares emails). */
    public synchronized Optional<HubSpotObject> findByUniqueValue(String property, String value) {
        if (registry.uniqueProperties(type).contains(property)) {
            return holder(property, value, null).map(objects::get);
        }
        // Callers ask only for unique properties; any other is scanned as before rather than indexed.
        return objects.values().stream().filter(o -> !o.archived())
                .filter(o -> sameValue(o.properties().get(property), value)).findFirst();
    }

    /** Moves a live record to the recycle bin; false when there was none. */
    public synchronized boolean archive(long id, ChangeSource source) {
        HubSpotObject current = objects.get(id);
        if (current == null || current.archived()) {
            return false;
        }
        Instant now = nextTimestamp();
        put(current.archivedAt(now));
        listener.accept(new CrmChange.Deleted(type, id, false, now, source));
        return true;
    }

    /** Erases a record for good (GDPR delete); false when there was none. */
    public synchronized boolean erase(long id, ChangeSource source) {
        HubSpotObject current = remove(id);
        if (current == null) {
            return false;
        }
        listener.accept(new CrmChange.Deleted(type, id, true, nextTimestamp(), source));
        return true;
    }

    /** Takes a record out of the recycle bin; false when it is not there or its unique value is taken meanwhile. */
    public synchronized boolean restore(long id, ChangeSource source) {
        Optional<HubSpotObject> archived = getArchived(id);
        if (archived.isEmpty() || uniqueConflict(archived.get().properties(), id).isPresent()) {
            return false;
        }
        put(archived.get().restored());
        listener.accept(new CrmChange.Restored(type, id, nextTimestamp(), source));
        return true;
    }

    /**
     * Merges {@code mergedId} into {@code primaryId}: the primary keeps its id and its values, takes the merged
     * record's values for properties it lacks, and lists the merged id in hs_merged_object_ids; the merged
     * record leaves the live set for good.
     */
    public synchronized MergeResult merge(long primaryId, long mergedId, ChangeSource source) {
        if (primaryId == mergedId) {
            return new MergeResult.Invalid("Cannot merge an object with itself.");
        }
        HubSpotObject primary = get(primaryId).orElse(null);
        if (primary == null) {
            return new MergeResult.NotFound(primaryId);
        }
        HubSpotObject merged = get(mergedId).orElse(null);
        if (merged == null) {
            return new MergeResult.NotFound(mergedId);
        }
        Map<String, String> moved = new LinkedHashMap<>();
        new TreeMap<>(merged.properties()).forEach((name, value) -> {
            if (!primary.properties().containsKey(name) && !name.equals(HubSpotObjectType.MERGED_OBJECT_IDS)) {
                moved.put(name, value);
            }
        });
        List<String> mergedIds = new ArrayList<>();
        Optional.ofNullable(primary.properties().get(HubSpotObjectType.MERGED_OBJECT_IDS))
                .ifPresent(ids -> mergedIds.addAll(List.of(ids.split(";"))));
        Optional.ofNullable(merged.properties().get(HubSpotObjectType.MERGED_OBJECT_IDS))
                .ifPresent(ids -> mergedIds.addAll(List.of(ids.split(";"))));
        mergedIds.add(String.valueOf(mergedId));
        Map<String, String> changes = new LinkedHashMap<>(moved);
        changes.put(HubSpotObjectType.MERGED_OBJECT_IDS, String.join(";", mergedIds));
        Instant now = nextTimestamp();
        // The merged record's unique values leave with it; those the primary lacked move over to the primary.
        put(merged.mergedInto(primaryId, now));
        HubSpotObject updated = apply(primary, changes, source, now);
        put(updated);
        listener.accept(new CrmChange.Merged(type, primaryId, List.of(mergedId), primaryId, moved.size(), now, source));
        return new MergeResult.Merged(updated);
    }

    /** Up to {@code limit} live (or archived) records with ids above {@code after}, by id. */
    public synchronized List<HubSpotObject> page(long after, int limit, boolean archived) {
        return objects.values().stream().filter(o -> o.id() > after)
                .filter(o -> archived ? o.archived() && o.mergedInto().isEmpty() : !o.archived())
                .limit(limit).toList();
    }

    /** All live records, by id. */
    public synchronized List<HubSpotObject> all() {
        return objects.values().stream().filter(o -> !o.archived()).toList();
    }

    /** The live ones among {@code ids}, in input order. */
    public synchronized List<HubSpotObject> getAll(Collection<Long> ids) {
        return ids.stream().map(objects::get).filter(Objects::nonNull).filter(o -> !o.archived()).toList();
    }

    /** Live records. */
    public synchronized int count() {
        return (int) objects.values().stream().filter(o -> !o.archived()).count();
    }

    public synchronized void clear() {
        objects.clear();
        liveIdsByValue.clear();
        nextId = firstId;
    }

    private HubSpotObject apply(HubSpotObject current, Map<String, String> changed, ChangeSource source, Instant now) {
        Map<String, String> values = new HashMap<>(current.properties());
        Map<String, List<PropertyVersion>> history = new HashMap<>(current.history());
        changed.forEach((name, value) -> {
            if (value.isEmpty()) {
                values.remove(name);
            } else {
                values.put(name, value);
            }
            List<PropertyVersion> versions = new ArrayList<>();
            versions.add(version(value, now, source));
            versions.addAll(history.getOrDefault(name, List.of()));
            history.put(name, List.copyOf(versions));
        });
        return new HubSpotObject(current.id(), values, current.createdAt(), now, history, current.archivedAt(),
                current.mergedInto());
    }

    private static PropertyVersion version(String value, Instant at, ChangeSource source) {
        return new PropertyVersion(value, at, source.changeSource(), source.sourceId(), null,
                source.userId().orElse(null));
    }

    private Optional<WriteResult.Conflict> uniqueConflict(Map<String, String> properties, Long except) {
        for (String property : registry.uniqueProperties(type)) {
            String value = properties.get(property);
            if (value == null || value.isEmpty()) {
                continue;
            }
            Optional<Long> holder = holder(property, value, except);
            if (holder.isPresent()) {
                return Optional.of(new WriteResult.Conflict(holder.get(), property));
            }
        }
        return Optional.empty();
    }

    /** The live record other than {@code except} whose {@code property} (a unique one) holds {@code value}. */
    private Optional<Long> holder(String property, String value, Long except) {
        if (value == null) {
            return Optional.empty();
        }
        Long id = index(property).get(indexKey(value));
        return Optional.ofNullable(id).filter(found -> !found.equals(except));
    }

    private Map<String, Long> index(String property) {
        return liveIdsByValue.computeIfAbsent(property, p -> {
            Map<String, Long> index = new HashMap<>();
            // By id, keeping the first holder, as the scans this replaces found it.
            objects.values().stream().filter(o -> !o.archived()).forEach(o -> Optional.ofNullable(
                    o.properties().get(p)).ifPresent(v -> index.putIfAbsent(indexKey(v), o.id())));
            return index;
        });
    }

    /** Stores {@code object}, replacing the one with its id, and re-indexes it. */
    private void put(HubSpotObject object) {
        unindex(objects.put(object.id(), object));
        if (!object.archived()) {
            liveIdsByValue.forEach((property, index) -> Optional.ofNullable(object.properties().get(property))
                    .ifPresent(value -> index.put(indexKey(value), object.id())));
        }
    }

    private HubSpotObject remove(long id) {
        HubSpotObject removed = objects.remove(id);
        unindex(removed);
        return removed;
    }

    private void unindex(HubSpotObject previous) {
        if (previous == null || previous.archived()) {
            return;
        }
        liveIdsByValue.forEach((property, index) -> Optional.ofNullable(previous.properties().get(property))
                .ifPresent(value -> index.remove(indexKey(value), previous.id())));
    }

    /** Equal for exactly the values {@link #sameValue} matches. */
    private static String indexKey(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static boolean sameValue(String stored, String given) {
        return stored != null && given != null
                && stored.toLowerCase(Locale.ROOT).equals(given.toLowerCase(Locale.ROOT));
    }

    /**
     * The newest write time handed out. Writes faster than one a millisecond run ahead of the clock, so a caller
     * that reads "everything changed until now" right after a bulk load waits for this first.
     */
    synchronized Instant lastWriteTime() {
        return lastTimestamp;
    }

    /** Strictly increasing write times, so two quick writes never share a lastmodifieddate. */
    private Instant nextTimestamp() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!now.isAfter(lastTimestamp)) {
            now = lastTimestamp.plusMillis(1);
        }
        lastTimestamp = now;
        return now;
    }
}
