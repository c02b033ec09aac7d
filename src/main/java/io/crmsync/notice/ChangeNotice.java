package io.crmsync.notice;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What intake puts on the change queue: a hint that records changed in one CRM. Version 1 of the format
 * documented in the README.
 *
 * <p>Notices are hints, never the data: the worker always re-reads the current state of the records, so
 * notices that arrive late, twice or out of order are harmless.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ChangeNotice(
        int version,
        String tenantId,
        SourceSystem source,
        String objectType,
        List<String> recordIds,
        ChangeKind kind,
        Instant occurredAt,
        List<String> sourceEventIds,
        Merge merge,
        Map<String, String> hints) {

    public static final int CURRENT_VERSION = 1;
    /**
     * The hint HubSpot's {@code privacyDeletion} leaves on a deletion notice: the worker erases what crmsync keeps
     * about the records after the usual deletion. A hint, so version 1 readers that ignore it still delete.
     */
    public static final String PRIVACY_DELETION = "privacyDeletion";
    /** HubSpot's batch limit: the worker reads and writes up to 100 records per call. */
    public static final int IDS_PER_NOTICE = 100;

    /**
     * The notices that ask the worker to look at {@code ids}, {@link #IDS_PER_NOTICE} a notice, for work crmsync
     * queues itself (reconcile repairs, the activity poll, resyncs asked for in the admin API).
     *
     * @param via why they were queued ("reconcile", "resync" …), carried in the notice's hints
     */
    public static List<ChangeNotice> batches(String tenantId, SourceSystem source, String objectType,
            List<String> ids, ChangeKind kind, Instant at, String via) {
        List<ChangeNotice> notices = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_NOTICE) {
            notices.add(new ChangeNotice(CURRENT_VERSION, tenantId, source, objectType,
                    ids.subList(i, Math.min(ids.size(), i + IDS_PER_NOTICE)), kind, at, List.of(), null,
                    Map.of("via", via)));
        }
        return notices;
    }

    public ChangeNotice {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(kind, "kind");
        recordIds = recordIds == null ? List.of() : List.copyOf(recordIds);
        sourceEventIds = sourceEventIds == null ? List.of() : List.copyOf(sourceEventIds);
        hints = hints == null ? Map.of() : Map.copyOf(hints);
    }

    /** A deletion that HubSpot's GDPR delete asked for: the worker erases the person after deleting. */
    public boolean privacyDeletion() {
        return kind == ChangeKind.DELETED && "true".equals(hints.get(PRIVACY_DELETION));
    }

    public enum SourceSystem {
        HUBSPOT, SALESFORCE
    }

    public enum ChangeKind {
        CREATED, UPDATED, DELETED, RESTORED, MERGED, ASSOCIATION_CHANGED
    }

    /** For {@link ChangeKind#MERGED}: the record that survives and the ids that were merged into it. */
    public record Merge(String survivingId, List<String> mergedIds) {
        public Merge {
            mergedIds = mergedIds == null ? List.of() : List.copyOf(mergedIds);
        }
    }
}
