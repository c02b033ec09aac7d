package io.crmsync.sync;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record's values to write: {@code key} is the record id (update) or the id-property / external-ID value
 * (upsert). Values may be null: null clears the field.
 */
public record RecordWrite(String key, Map<String, Object> fields) {
    public RecordWrite {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
