package io.crmsync.sandbox.salesforce;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed write to one record, as change emission needs it: what the record looked like before
 * (null for a create) and after. Both maps are unmodifiable copies.
 */
public record RecordChange(String entity, String id, Type type, Map<String, Object> before, Map<String, Object> after) {

    /** The change types of Change Data Capture's header. */
    public enum Type {
        CREATE, UPDATE, DELETE, UNDELETE
    }

    public RecordChange {
        before = before == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(before));
        after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }
}
