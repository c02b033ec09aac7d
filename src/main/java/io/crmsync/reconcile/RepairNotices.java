package io.crmsync.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.crmsync.ingest.ChangeNotice;

/** The notices the scheduled run queues for the worker, as many as it takes at up to 100 record ids each. */
final class RepairNotices {

    /** HubSpot's batch limit: the worker reads and writes up to 100 records per call. */
    static final int IDS_PER_NOTICE = 100;

    private RepairNotices() {
    }

    /** @param via why the run queued them ("reconcile", "activity-poll" …), carried in the notice's details */
    static List<ChangeNotice> of(String tenantId, ChangeNotice.SourceSystem source, String objectType,
            List<String> ids, ChangeNotice.ChangeKind kind, Instant at, String via) {
        List<ChangeNotice> notices = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_NOTICE) {
            notices.add(new ChangeNotice(ChangeNotice.CURRENT_VERSION, tenantId, source, objectType,
                    ids.subList(i, Math.min(ids.size(), i + IDS_PER_NOTICE)), kind, at, List.of(), null,
                    Map.of("via", via)));
        }
        return notices;
    }
}
