package io.crmsync.reconcile;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A record a side reports as changed: its id, when it last changed there and the properties asked for (missing
 * or null values left out).
 */
public record ChangedRecord(String id, Instant modifiedAt, Map<String, String> properties) {

    public ChangedRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The cursor that stands just after this record. */
    public Cursor cursor() {
        return new Cursor(modifiedAt, id);
    }
}
