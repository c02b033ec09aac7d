package io.crmsync.sandbox.hubspot;

import java.time.Clock;
import java.time.Instant;
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

import io.crmsync.sandbox.hubspot.HubSpotObject.PropertyVersion;

/**
 * The records of one object type. Writes are serialised on the store so the unique-property check and
 * the write are one step, and so change events leave in the order the changes happened.
 */
public final class HubSpotObjectStore {

    /** Told about every change while the store still holds its lock. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(HubSpotObjectType type, ObjectChange change);
    }

    /**
     * One create or update: the properties it set or changed, in request order; a cleared property has
     * the value "".
     */
    public record ObjectChange(long objectId, boolean creation, Map<String, String> changedProperties,
            Instant occurredAt, ChangeSource source) {
        public ObjectChange {
            changedProperties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changedProperties));
        }
    }

    /** A property a write may not set, with HubSpot's error code for it. */
    public record PropertyProblem(String name, String error, String message) {
    }

    /** The outcome of a create or update. */
    public sealed interface WriteResult {
        record Written(HubSpotObject object) implements WriteResult {
        }

        record Conflict(long existingId) implements WriteResult {
        }

        record Invalid(List<PropertyProblem> problems) implements WriteResult {
        }

        record NotFound() implements WriteResult {
        }
    }

    private final HubSpotObjectType type;
    private final Clock clock;
    private final ChangeListener listener;
    private final long firstId;
    private final Map<Long, HubSpotObject> objects = new TreeMap<>();
    private long nextId;
    private Instant lastTimestamp = Instant.EPOCH;

    public HubSpotObjectStore(HubSpotObjectType type, Clock clock, long firstId, ChangeListener listener) {
        this.type = type;
        this.clock = clock;
        this.listener = listener;
        this.firstId = firstId;
        this.nextId = firstId;
    }

    public HubSpotObjectType type() {
        return type;
    }

    public synchronized WriteResult create(Map<String, String> properties, ChangeSource source) {
        List<PropertyProblem> problems = problemsWith(properties);
        if (!problems.isEmpty()) {
            return new WriteResult.Invalid(problems);
        }
        Optional<Long> holder = uniqueHolder(properties, null);
        if (holder.isPresent()) {
            return new WriteResult.Conflict(holder.get());
        }
        Instant now = nextTimestamp();
        long id = nextId++;
        Map<String, String> values = new HashMap<>();
        Map<String, List<PropertyVersion>> history = new HashMap<>();
        Map<String, String> set = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                values.put(name, value);
                history.put(name, List.of(new PropertyVersion(value, now, source.changeSource(), source.sourceId())));
                set.put(name, value);
            }
        });
        HubSpotObject object = new HubSpotObject(id, values, now, now, history);
        objects.put(id, object);
        listener.changed(type, new ObjectChange(id, true, set, now, source));
        return new WriteResult.Written(object);
    }

    /** Sets the given properties; "" or null clears one. Unchanged values are no change at all. */
    public synchronized WriteResult update(long id, Map<String, String> properties, ChangeSource source) {
        HubSpotObject current = objects.get(id);
        if (current == null) {
            return new WriteResult.NotFound();
        }
        List<PropertyProblem> problems = problemsWith(properties);
        if (!problems.isEmpty()) {
            return new WriteResult.Invalid(problems);
        }
        Optional<Long> holder = uniqueHolder(properties, id);
        if (holder.isPresent()) {
            return new WriteResult.Conflict(holder.get());
        }
        Map<String, String> changed = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            String newValue = value == null ? "" : value;
            if (!newValue.equals(current.properties().getOrDefault(name, ""))) {
                changed.put(name, newValue);
            }
        });
        if (changed.isEmpty()) {
            return new WriteResult.Written(current);
        }
        Instant now = nextTimestamp();
        Map<String, String> values = new HashMap<>(current.properties());
        Map<String, List<PropertyVersion>> history = new HashMap<>(current.history());
        changed.forEach((name, value) -> {
            if (value.isEmpty()) {
                values.remove(name);
            } else {
                values.put(name, value);
            }
            List<PropertyVersion> versions = new ArrayList<>();
            versions.add(new PropertyVersion(value, now, source.changeSource(), source.sourceId()));
            versions.addAll(history.getOrDefault(name, List.of()));
            history.put(name, List.copyOf(versions));
        });
        HubSpotObject updated = new HubSpotObject(id, values, current.createdAt(), now, history);
        objects.put(id, updated);
        listener.changed(type, new ObjectChange(id, false, changed, now, source));
        return new WriteResult.Written(updated);
    }

    public synchronized Optional<HubSpotObject> get(long id) {
        return Optional.ofNullable(objects.get(id));
    }

    /** The record whose {@code property} holds {@code value} (compared as HubSpot compares emails: ignoring case). */
    public synchronized Optional<HubSpotObject> findByUniqueValue(String property, String value) {
        return objects.values().stream()
                .filter(o -> sameValue(o.properties().get(property), value))
                .findFirst();
    }

    public synchronized List<HubSpotObject> all() {
        return List.copyOf(objects.values());
    }

    public synchronized int count() {
        return objects.size();
    }

    public synchronized void clear() {
        objects.clear();
        nextId = firstId;
    }

    private List<PropertyProblem> problemsWith(Map<String, String> properties) {
        List<PropertyProblem> problems = new ArrayList<>();
        for (String name : properties.keySet()) {
            if (type.isSystemProperty(name)) {
                problems.add(new PropertyProblem(name, "READ_ONLY_VALUE",
                        name + " is a read only property; its value cannot be set."));
            } else if (!type.writableProperties().contains(name)) {
                problems.add(new PropertyProblem(name, "PROPERTY_DOESNT_EXIST",
                        "Property \"" + name + "\" does not exist"));
            }
        }
        return problems;
    }

    private Optional<Long> uniqueHolder(Map<String, String> properties, Long except) {
        if (type.uniqueProperty().isEmpty()) {
            return Optional.empty();
        }
        String property = type.uniqueProperty().get();
        String value = properties.get(property);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return objects.values().stream()
                .filter(o -> !Objects.equals(o.id(), except))
                .filter(o -> sameValue(o.properties().get(property), value))
                .map(HubSpotObject::id)
                .findFirst();
    }

    private static boolean sameValue(String stored, String given) {
        return stored != null && given != null
                && stored.toLowerCase(Locale.ROOT).equals(given.toLowerCase(Locale.ROOT));
    }

    /** Strictly increasing write times, so two quick writes never share a lastmodifieddate. */
    private Instant nextTimestamp() {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (!now.isAfter(lastTimestamp)) {
            now = lastTimestamp.plusMillis(1);
        }
        lastTimestamp = now;
        return now;
    }

    /** Used by callers that hold several ids: the ones this store knows, in input order. */
    public synchronized List<HubSpotObject> getAll(Collection<Long> ids) {
        return ids.stream().map(objects::get).filter(Objects::nonNull).toList();
    }
}
