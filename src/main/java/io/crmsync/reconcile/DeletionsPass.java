package io.crmsync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.reconcile.Reconciler.PassReport;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.Side;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.tenant.TenantSettings;

/**
 * The reconcile step for what Salesforce deleted: neither a webhook nor a changes read shows a deletion, so each run
 * asks getDeleted per object since its own cursor and queues DELETED repair notices for the ids. Apart from
 * {@link ReconcilePass} because it reads ids, not records, and compares nothing; the worker's delete path does the
 * rest, exactly as for live notices.
 */
final class DeletionsPass {

    /** The first read of an object's deletions looks back this far (Salesforce keeps deleted ids ~15 days). */
    static final Duration FIRST_DELETIONS_WINDOW = Duration.ofDays(1);
    /** getDeleted refuses a start more than 30 days back; an older cursor is brought forward to this. */
    static final Duration OLDEST_DELETIONS_WINDOW = Duration.ofDays(29);

    private final DeletedReader deletions;
    private final CursorStore cursors;
    private final NoticeQueue repairs;
    private final Clock clock;

    DeletionsPass(DeletedReader deletions, CursorStore cursors, NoticeQueue repairs, Clock clock) {
        this.deletions = deletions;
        this.cursors = cursors;
        this.repairs = repairs;
        this.clock = clock;
    }

    /** The cursor key of an object's deletions, beside its changes' cursor. */
    static String deletedCursorKey(String sObject) {
        return sObject + "#deleted";
    }

    /** Deletions that do something in HubSpot: opportunities with deal sync, leads and contacts with "Delete". */
    static List<String> objectsToRead(TenantSettings settings) {
        List<String> objects = new ArrayList<>();
        if (settings.dealSync()) {
            objects.add("Opportunity");
        }
        if (settings.deleteHubSpotContactsWithSalesforce()) {
            objects.addAll(List.of("Lead", "Contact"));
        }
        return objects;
    }

    /**
     * Reads what Salesforce deleted since the last run (one getDeleted call) and queues DELETED repair notices for
     * those ids: the worker's delete path archives or keeps their HubSpot twins, exactly as live notices do.
     *
     * @param callsPerRepairNotice what the worker spends on one repair notice, reserved from {@code budget} first
     */
    PassReport run(String tenantId, String sObject, CallBudget budget, int callsPerRepairNotice) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        String key = deletedCursorKey(sObject);
        Cursor stored = cursors.load(tenantId, Side.SALESFORCE, key)
                .orElse(new Cursor(now.minus(FIRST_DELETIONS_WINDOW), ""));
        Instant start = Collections.max(List.of(stored.modifiedAt(), now.minus(OLDEST_DELETIONS_WINDOW)));
        Cursor from = new Cursor(start, "");
        // Salesforce wants more than a minute between start and end; a run that soon after the last reads nothing.
        if (!start.plus(Duration.ofMinutes(1)).isBefore(now)) {
            return report(sObject, 0, 0, 0, from, from, ReconcilePass.StopReason.CAUGHT_UP);
        }
        if (!budget.tryReserve(1)) {
            return report(sObject, 0, 0, 0, from, from, ReconcilePass.StopReason.BUDGET_SPENT);
        }
        DeletedReader.Deleted deleted;
        try {
            deleted = deletions.read(tenantId, sObject, start, now);
        } catch (SyncPausedException e) {
            throw e;
        } catch (CrmUnavailableException e) {
            return report(sObject, 0, 0, 1, from, from, ReconcilePass.StopReason.CRM_UNAVAILABLE);
        }
        List<String> ids = deleted.ids();
        List<ChangeNotice> notices = ChangeNotice.batches(tenantId, ChangeNotice.SourceSystem.SALESFORCE, sObject, ids,
                ChangeNotice.ChangeKind.DELETED, now, "reconcile-deleted");
        // The worker spends the repairs' calls; a budget without room for them leaves the cursor for the next run.
        if (!budget.tryReserve(notices.size() * callsPerRepairNotice)) {
            return report(sObject, ids.size(), 0, deleted.callsMade(), from, from,
                    ReconcilePass.StopReason.BUDGET_SPENT);
        }
        if (!notices.isEmpty()) {
            repairs.enqueue(notices);
        }
        Cursor to = new Cursor(deleted.latestDateCovered(), "");
        cursors.save(tenantId, Side.SALESFORCE, key, to);
        return report(sObject, ids.size(), ids.size(), deleted.callsMade(), from, to,
                ReconcilePass.StopReason.CAUGHT_UP);
    }

    private static PassReport report(String sObject, int found, int queued, int calls, Cursor from, Cursor to,
            ReconcilePass.StopReason stop) {
        return new PassReport(Side.SALESFORCE, deletedCursorKey(sObject), found, 0, 0, queued, calls, from.encode(),
                to.encode(), stop.name(), null);
    }
}
