package io.crmsync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.crmsync.tenant.ActivitySettings;
import io.crmsync.crm.HubSpotActivity;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.Side;

/**
 * HubSpot sends no webhooks for activities, so each reconcile run asks HubSpot search what activities changed since
 * the last run, per type the tenant syncs, and queues a notice for them; the worker then writes the Salesforce Tasks.
 * The first poll of a type starts from now: turning a type on does not import its history (as in HubSpot).
 *
 * <p>It runs before the reconcile passes, so a long import never starves it, and not at all once the window is
 * at 60% of its allocation: activity sync is the first thing paused.
 */
public final class ActivityPoll {

    /** HubSpot search's index trails writes by "a few moments": reading up to a minute ago misses none. */
    static final Duration INDEX_LAG = Duration.ofMinutes(1);
    static final int PAGE = 200;

    private final ChangeReader hubSpot;
    private final CursorStore cursors;
    private final NoticeQueue notices;
    private final Ledger ledger;
    private final Clock clock;
    private final int callsPerNotice;

    /** @param callsPerNotice what the worker is expected to spend on one notice of up to 100 activities */
    public ActivityPoll(ChangeReader hubSpot, CursorStore cursors, NoticeQueue notices, Ledger ledger, Clock clock,
            int callsPerNotice) {
        this.hubSpot = hubSpot;
        this.cursors = cursors;
        this.notices = notices;
        this.ledger = ledger;
        this.clock = clock;
        this.callsPerNotice = callsPerNotice;
    }

    /** The cursor key of one activity type's poll, beside the reconcile cursors. */
    static String cursorKey(HubSpotActivity type) {
        return type.objectType() + "#activities";
    }

    /** Polls every activity type the tenant reads from HubSpot; one report per type. */
    public List<Reconciler.PassReport> run(String tenantId, ActivitySettings settings, CallBudget budget) {
        List<Reconciler.PassReport> reports = new ArrayList<>();
        if (!settings.readsHubSpot()) {
            return reports;
        }
        Instant now = clock.instant();
        for (Crm crm : Crm.values()) {
            if (!ledger.usage(tenantId, crm, now).activitiesAllowed()) {
                settings.hubSpotTypesToRead().forEach(type -> reports.add(report(type, 0, 0, 0, null, null,
                        "ACTIVITIES_PAUSED")));
                return reports;
            }
        }
        Instant until = now.minus(INDEX_LAG);
        for (HubSpotActivity type : settings.hubSpotTypesToRead()) {
            reports.add(poll(tenantId, type, until, budget));
        }
        return reports;
    }

    private Reconciler.PassReport poll(String tenantId, HubSpotActivity type, Instant until, CallBudget budget) {
        String key = cursorKey(type);
        Optional<Cursor> stored = cursors.load(tenantId, Side.HUBSPOT, key);
        if (stored.isEmpty()) {
            Cursor start = new Cursor(until, "");
            cursors.save(tenantId, Side.HUBSPOT, key, start);
            return report(type, 0, 0, 0, null, start, ReconcilePass.StopReason.CAUGHT_UP.name());
        }
        Cursor position = stored.get();
        int changed = 0;
        int queued = 0;
        int calls = 0;
        while (true) {
            if (!budget.tryReserve(1)) {
                return report(type, changed, queued, calls, stored.get(), position,
                        ReconcilePass.StopReason.BUDGET_SPENT.name());
            }
            Page page;
            try {
                page = hubSpot.read(tenantId, type.objectType(), List.of(), position, PAGE, until);
            } catch (CrmUnavailableException e) {
                return report(type, changed, queued, calls + 1, stored.get(), position,
                        ReconcilePass.StopReason.CRM_UNAVAILABLE.name());
            }
            calls += page.callsMade();
            List<String> ids = page.records().stream().map(ChangedRecord::id).toList();
            List<ChangeNotice> batch = ChangeNotice.batches(tenantId, ChangeNotice.SourceSystem.HUBSPOT,
                    type.objectType(), ids, ChangeNotice.ChangeKind.UPDATED, clock.instant(), "activity-poll");
            if (!batch.isEmpty() && !budget.tryReserve(batch.size() * callsPerNotice)) {
                return report(type, changed, queued, calls, stored.get(), position,
                        ReconcilePass.StopReason.BUDGET_SPENT.name());
            }
            if (!batch.isEmpty()) {
                notices.enqueue(batch);
            }
            changed += ids.size();
            queued += ids.size();
            Cursor next = page.next().orElse(ids.isEmpty() ? position
                    : page.records().get(page.records().size() - 1).cursor());
            position = Cursor.max(position, next);
            cursors.save(tenantId, Side.HUBSPOT, key, position);
            if (page.next().isEmpty()) {
                return report(type, changed, queued, calls, stored.get(), position,
                        ReconcilePass.StopReason.CAUGHT_UP.name());
            }
        }
    }

    private static Reconciler.PassReport report(HubSpotActivity type, int changed, int queued, int calls,
            Cursor from, Cursor to, String stop) {
        return new Reconciler.PassReport(Side.HUBSPOT, cursorKey(type), changed, 0, 0, queued, calls,
                from == null ? null : from.encode(), to == null ? null : to.encode(), stop, null);
    }
}
