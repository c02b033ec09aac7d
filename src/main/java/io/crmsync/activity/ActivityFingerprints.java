package io.crmsync.activity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.crmsync.crm.HubSpotActivity;
import io.crmsync.sync.FieldResolver;
import io.crmsync.sync.Link;
import io.crmsync.sync.ValuesHash;

/**
 * What the link of a Task and its HubSpot twin remembers of each side: a fingerprint per synced Task field (the
 * Salesforce values last synced) and an {@code @property} fingerprint per HubSpot property crmsync wrote. Both
 * directions compare against them, so a repeat or an echo of crmsync's own write finds nothing to write.
 */
final class ActivityFingerprints {

    private ActivityFingerprints() {
    }

    static Map<String, String> salesforce(Map<String, String> task) {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (String field : ActivityMapping.SYNCED_TASK_FIELDS) {
            fingerprints.put(field, FieldResolver.fingerprint(task.get(field)));
        }
        fingerprints.put(ActivityMapping.OWNER_ID, FieldResolver.fingerprint(task.get(ActivityMapping.OWNER_ID)));
        return fingerprints;
    }

    /** What crmsync wrote to HubSpot, as "@property" fingerprints, over what it wrote before. */
    static Map<String, String> hubSpotWritten(Map<String, Object> written, Optional<Link> link) {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        link.ifPresent(l -> l.fieldFingerprints().forEach((k, v) -> {
            if (k.startsWith("@")) {
                fingerprints.put(k, v);
            }
        }));
        written.forEach((property, value) -> fingerprints.put("@" + property,
                hubSpotValue(property, value == null ? null : value.toString())));
        return fingerprints;
    }

    /** HubSpot's form of a value may differ from what was written (timestamps, HTML); compare what it means. */
    static String hubSpotValue(String property, String value) {
        String meaning = value;
        if (HubSpotActivity.TIMESTAMP.equals(property)) {
            meaning = ActivityMapping.instant(value).map(Instant::toString).orElse(value);
        } else if (property.endsWith("_body")) {
            meaning = ActivityMapping.plainText(value);
        }
        return FieldResolver.fingerprint(meaning == null || meaning.isEmpty() ? null : meaning);
    }

    /** The link of a Task and its HubSpot twin after a sync, with both sides' fingerprints. */
    static Link link(String tenantId, HubSpotActivity target, String hubSpotId, String taskId,
            Map<String, String> salesforceFingerprints, Map<String, String> hubSpotFingerprints, Instant at,
            long version) {
        Map<String, String> fingerprints = new LinkedHashMap<>(salesforceFingerprints);
        fingerprints.putAll(hubSpotFingerprints);
        return new Link(tenantId, target.objectType(), hubSpotId, ActivitySync.TASK, taskId,
                ValuesHash.of(fingerprints), at, fingerprints, version);
    }
}
