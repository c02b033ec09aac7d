package io.crmsync.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The last look before the writes: each planned record's stored link, read again (consistently) and compared with
 * the link its plan was made from. A link another worker saved since then means this plan may rest on values
 * that are no longer current, and a CRM write from it could put an older value over a newer one, on a side whose
 * echo crmsync then ignores as its own. Such a record is not written: it is marked {@link RecordWork#stale}, and
 * the engine reads it again and plans anew. A record with nothing to write keeps the newer stored link instead.
 *
 * <p>What is left is the short window between this read and the save after the writes; a save refused there
 * ({@link LinkStore#save} is conditional on the version found here) is re-read the same way.
 */
final class FreshLinks {

    static final String STALE = "another worker synced this record meanwhile; read again";

    private final LinkStore links;

    FreshLinks(LinkStore links) {
        this.links = links;
    }

    /**
     * @param readAt when the batch's reads began: a link saved after it is news
     */
    void check(String tenantId, String objectType, Instant readAt, Collection<RecordWork> work) {
        List<RecordWork> planned = work.stream().filter(w -> w.open() && w.plan != null).toList();
        List<String> hubSpotIds = planned.stream().filter(w -> w.hubSpot != null).map(w -> w.hubSpot.id()).toList();
        Map<String, Link> stored = hubSpotIds.isEmpty() ? Map.of()
                : links.findByHubSpotIds(tenantId, objectType, hubSpotIds);
        for (RecordWork w : planned) {
            Link now = w.hubSpot == null ? null : stored.get(w.hubSpot.id());
            if (!changedSinceRead(w.link, now, readAt)) {
                w.linkVersion = now == null ? 0 : now.version();
            } else if (w.writesToCrm()) {
                w.stale = true;
                w.outcome = new RecordOutcome(RecordOutcome.Status.RETRY, STALE);
            } else {
                w.linkVersion = RecordWork.KEEP_STORED_LINK;
            }
        }
    }

    /**
     * Whether another worker saved the link since the plan's reads began: a different version than the plan's link,
     * or any link saved after {@code readAt} (the plan's CRM reads may predate that save even when its link read
     * does not). With no link read, a stored one saved before the reads began does not count: it was there to be
     * found, and the plan chose not to use it (a re-pairing).
     */
    static boolean changedSinceRead(Link read, Link now, Instant readAt) {
        if (read != null && (now == null || now.version() != read.version())) {
            return true;
        }
        // Links keep milliseconds; within the same one, the version comparison above is what catches a save.
        return now != null && now.syncedAt().isAfter(readAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
}
