package io.crmsync.testing;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Change notices, as the intakes and the reconciler put them on the change queue (notice version 1). */
public final class Notices {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** When the tests' changes happened; no test depends on the time itself. */
    private static final String OCCURRED_AT = "2026-11-29T10:00:00Z";

    private Notices() {
    }

    /** A notice that records of one object changed on one side. */
    public static String updated(String tenant, String source, String objectType, List<String> recordIds) {
        return notice(tenant, "UPDATED", source, objectType, recordIds);
    }

    public static String notice(String tenant, String kind, String source, String objectType,
            List<String> recordIds) {
        ObjectNode notice = JSON.createObjectNode().put("version", 1).put("tenantId", tenant).put("source", source)
                .put("objectType", objectType).put("kind", kind).put("occurredAt", OCCURRED_AT);
        recordIds.forEach(notice.putArray("recordIds")::add);
        return notice.toString();
    }
}
