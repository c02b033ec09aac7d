package io.crmsync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.reconcile.ReconcilePass.Report;
import io.crmsync.reconcile.ReconcilePass.StopReason;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.Side;
import io.crmsync.sync.Owners;

/**
 * An import read from a {@link SnapshotReader}: start the snapshot, wait until the CRM has it ready, then check its
 * pages. Progress is saved after every page, down to the record within a page, so an import stopped by its budget
 * (or a CRM that cannot answer) reads on next run from the same snapshot, re-reading at most that one page.
 *
 * <p>A snapshot has no order, so no cursor can stand inside it: the cursor is set once, when the last page is
 * checked, to the time the import began, and the next pass reads changes from there.
 */
public final class SnapshotImport {

    /** Waits between polls of a snapshot being prepared; a test passes one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
    }

    static final Duration FIRST_POLL = Duration.ofSeconds(1);
    static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(30);
    /** A snapshot not ready after this is polled again by the next run (a Lambda has 15 minutes). */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final SnapshotReader snapshots;
    private final DriftSweep sweep;
    private final CursorStore cursors;
    private final ImportStore imports;
    private final Clock clock;
    private final Sleeper sleeper;
    private final int pageSize;

    SnapshotImport(SnapshotReader snapshots, DriftSweep sweep, CursorStore cursors, ImportStore imports, Clock clock,
            Sleeper sleeper, int pageSize) {
        this.snapshots = snapshots;
        this.sweep = sweep;
        this.cursors = cursors;
        this.imports = imports;
        this.clock = clock;
        this.sleeper = sleeper;
        this.pageSize = pageSize;
    }

    /**
     * Starts the snapshot of a new import (counted already: one call in {@code progress}) and reads it. Without
     * room or an answer for the start the import is not saved, so the next run begins it afresh.
     */
    Report begin(String tenantId, Side side, String objectType, List<ObjectMapping> mappings, Owners owners,
            CallBudget budget, ImportProgress progress, List<String> properties) {
        int calls = (int) progress.calls();
        if (!budget.tryReserve(1)) {
            return report(0, 0, 0, 0, calls, StopReason.BUDGET_SPENT, progress);
        }
        String snapshot;
        try {
            snapshot = snapshots.start(tenantId, objectType, properties, progress.until());
        } catch (CrmUnavailableException e) {
            return report(0, 0, 0, 0, calls + 1, StopReason.CRM_UNAVAILABLE, progress);
        }
        ImportProgress started = progress.withSnapshot(snapshot, 1);
        imports.save(tenantId, side, objectType, started);
        return resume(tenantId, side, objectType, mappings, owners, budget, started, calls + 1);
    }

    /** Reads on from where the import's snapshot stands. */
    Report resume(String tenantId, Side side, String objectType, List<ObjectMapping> mappings, Owners owners,
            CallBudget budget, ImportProgress progress, int callsSoFar) {
        int calls = callsSoFar;
        ImportProgress at = progress;
        // Wait until the snapshot is ready; its row count is the import's exact total.
        Duration waited = Duration.ZERO;
        Duration interval = FIRST_POLL;
        while (true) {
            if (!budget.tryReserve(1)) {
                return report(0, 0, 0, 0, calls, StopReason.BUDGET_SPENT, at);
            }
            SnapshotReader.State state;
            try {
                state = snapshots.state(tenantId, at.snapshot());
            } catch (CrmUnavailableException e) {
                at = save(tenantId, side, objectType, at.checked(0, 1));
                return report(0, 0, 0, 0, calls + 1, StopReason.CRM_UNAVAILABLE, at);
            }
            calls++;
            at = at.checked(0, 1);
            if (state.status() == SnapshotReader.Status.READY) {
                if (state.records().isPresent()) {
                    at = at.withTotal(state.records().getAsLong(), 0);
                }
                break;
            }
            if (state.status() == SnapshotReader.Status.GONE) {
                // Failed, aborted or expired: the next run reads the import page by page instead.
                at = save(tenantId, side, objectType, at.withoutSnapshot(0));
                return report(0, 0, 0, 0, calls, StopReason.CRM_UNAVAILABLE, at);
            }
            if (waited.compareTo(MAX_WAIT) >= 0) {
                at = save(tenantId, side, objectType, at);
                return report(0, 0, 0, 0, calls, StopReason.CRM_UNAVAILABLE, at);
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                at = save(tenantId, side, objectType, at);
                return report(0, 0, 0, 0, calls, StopReason.CRM_UNAVAILABLE, at);
            }
            waited = waited.plus(interval);
            interval = interval.multipliedBy(2).compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL
                    : interval.multipliedBy(2);
        }
        at = save(tenantId, side, objectType, at);
        int checked = 0;
        int drift = 0;
        int neverPaired = 0;
        int repairs = 0;
        while (true) {
            if (!budget.tryReserve(1)) {
                return report(checked, drift, neverPaired, repairs, calls, StopReason.BUDGET_SPENT, at);
            }
            SnapshotReader.SnapshotPage page;
            try {
                page = snapshots.page(tenantId, at.snapshot(), at.snapshotLocator(), pageSize);
            } catch (CrmUnavailableException e) {
                at = save(tenantId, side, objectType, at.checked(0, 1));
                return report(checked, drift, neverPaired, repairs, calls + 1, StopReason.CRM_UNAVAILABLE, at);
            }
            calls++;
            List<ChangedRecord> unchecked = page.records().subList(Math.min(at.snapshotOffset(),
                    page.records().size()), page.records().size());
            DriftSweep.Outcome outcome = sweep.check(tenantId, side, mappings, owners, budget, unchecked);
            checked += outcome.checked();
            drift += outcome.drift();
            neverPaired += outcome.neverPaired();
            repairs += outcome.repairsEnqueued();
            at = at.checked(outcome.checked(), 1);
            if (!outcome.complete()) {
                at = save(tenantId, side, objectType, at.at(at.snapshotLocator(),
                        at.snapshotOffset() + outcome.checked()));
                return report(checked, drift, neverPaired, repairs, calls, StopReason.BUDGET_SPENT, at);
            }
            if (page.next().isEmpty()) {
                // Everything up to the import's start is checked: changes are read from there on.
                cursors.save(tenantId, side, objectType, new Cursor(at.until(), ""));
                at = save(tenantId, side, objectType, at.at(null, 0).finish(clock.instant()));
                return report(checked, drift, neverPaired, repairs, calls, StopReason.CAUGHT_UP, at);
            }
            at = save(tenantId, side, objectType, at.at(page.next().get(), 0));
        }
    }

    private ImportProgress save(String tenantId, Side side, String objectType, ImportProgress progress) {
        imports.save(tenantId, side, objectType, progress);
        return progress;
    }

    private static Report report(int checked, int drift, int neverPaired, int repairs, int calls, StopReason stop,
            ImportProgress progress) {
        // No cursor moves while a snapshot is read; the stored one (START) stands until the import ends.
        Cursor to = progress.finished() ? new Cursor(progress.until(), "") : Cursor.START;
        return new Report(checked, drift, neverPaired, repairs, calls, Cursor.START, to, stop, progress);
    }
}
