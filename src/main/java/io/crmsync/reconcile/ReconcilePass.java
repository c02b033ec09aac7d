package io.crmsync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.crmsync.notice.NoticeQueue;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.Side;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.Owners;

/**
 * One reconcile pass over one side's object for one tenant: reads what changed since the stored cursor (less a
 * lookback window), checks each record against its link, and queues repair notices for drift and for records
 * never paired — the sync worker then re-reads and syncs them as it would after a webhook.
 *
 * <p>Without a stored cursor the pass is a full pass, an <em>import</em>: it counts the records first, keeps its
 * progress (done / total, calls) across the runs it takes, and on a side with a {@link SnapshotReader} reads a large
 * object from a snapshot ({@link SnapshotImport}) instead of page by page.
 *
 * <p>It spends at most what the {@link CallBudget} grants: a read is reserved before it is made, and the calls the
 * worker will spend on a repair notice before the notice is started. The cursor is saved after each page and never
 * passes a record whose repair was not queued, so a pass stopped anywhere resumes exactly there.
 */
public final class ReconcilePass {

    public enum StopReason {
        /** Everything changed up to the pass's start time was checked. */
        CAUGHT_UP,
        /** The budget had no room for the next call or repair; the next pass resumes at {@code to}. */
        BUDGET_SPENT,
        /** The CRM could not answer (rate limit, outage, a snapshot still being prepared); the next pass resumes. */
        CRM_UNAVAILABLE
    }

    /**
     * @param from where reading began (the stored cursor less the lookback)
     * @param to the stored cursor after the pass
     * @param callsUsed CRM calls the pass itself made (repairs are spent later, by the worker)
     * @param importProgress the import this pass took part in, as it stands after the pass; null for a pass that
     *        only read changes since its cursor
     */
    public record Report(int recordsChecked, int drift, int neverPaired, int repairsEnqueued, int callsUsed,
            Cursor from, Cursor to, StopReason stopReason, ImportProgress importProgress) {
    }

    /**
     * @param pageSize records per read (the readers cap it at what their CRM serves)
     * @param lookback how far before the stored cursor each pass re-reads, for changes that became visible late
     * @param callsPerRepairNotice calls the worker is expected to spend syncing one notice of up to 100 records (a
     *        read on each side and a write); reserved from the budget before the notice is started
     * @param snapshotAbove an import of more records than this reads from a snapshot, where the side has one
     * @param snapshotPageSize records per snapshot page
     */
    public record Settings(int pageSize, Duration lookback, int callsPerRepairNotice, long snapshotAbove,
            int snapshotPageSize) {
        public Settings(int pageSize, Duration lookback, int callsPerRepairNotice) {
            this(pageSize, lookback, callsPerRepairNotice, DEFAULT_SNAPSHOT_ABOVE, DEFAULT_SNAPSHOT_PAGE);
        }

        /**
         * Salesforce: "more than 2,000 records is a good candidate for Bulk API 2.0"; a query job costs its creation,
         * a poll or more and a call per results page, so below ~10,000 records (5 query pages) it saves nothing.
         */
        static final long DEFAULT_SNAPSHOT_ABOVE = 10_000;
        /** 10 query pages per call, while a page of typical records stays in the tens of megabytes of heap. */
        static final int DEFAULT_SNAPSHOT_PAGE = 20_000;

        public static Settings defaults() {
            return new Settings(2_000, Duration.ofMinutes(10), 4);
        }
    }

    private final ChangeReader reader;
    private final Optional<SnapshotImport> snapshots;
    private final CursorStore cursors;
    private final ImportStore imports;
    private final DriftSweep sweep;
    private final Clock clock;
    /** Where "changed up to now" ends: the clock, or one time shared by the passes of an org's tenants. */
    private final Clock readsUpTo;
    private final Settings settings;

    /**
     * @param snapshots the side's snapshot reader (Salesforce Bulk API 2.0), if it has one
     */
    public ReconcilePass(ChangeReader reader, Optional<SnapshotReader> snapshots, LinkStore links, NoticeQueue repairs,
            CursorStore cursors, ImportStore imports, Clock clock, Settings settings, SnapshotImport.Sleeper sleeper) {
        this(reader, snapshots, links, repairs, cursors, imports, clock, clock, settings, sleeper);
    }

    /**
     * @param readsUpTo the end of the changes a pass reads (and of an import it begins): the tenants of one org
     *        read up to the same time, so one read of the org's changes serves them all ({@link OrgChanges})
     */
    ReconcilePass(ChangeReader reader, Optional<SnapshotReader> snapshots, LinkStore links, NoticeQueue repairs,
            CursorStore cursors, ImportStore imports, Clock clock, Clock readsUpTo, Settings settings,
            SnapshotImport.Sleeper sleeper) {
        this.readsUpTo = readsUpTo;
        this.reader = reader;
        this.cursors = cursors;
        this.imports = imports;
        this.sweep = new DriftSweep(links, repairs, clock, settings.callsPerRepairNotice());
        this.snapshots = snapshots.map(s -> new SnapshotImport(s, sweep, cursors, imports, clock, sleeper,
                settings.snapshotPageSize()));
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Reconciles one object on one side.
     *
     * @param mappings the mappings of that object (a HubSpot contact maps to a Lead or a Contact; the link says
     *        which)
     * @throws NoticeQueue.EnqueueFailedException when repairs could not be queued (the cursor stays before them)
     */
    public Report run(String tenantId, Side side, List<ObjectMapping> mappings, Owners owners, CallBudget budget) {
        String objectType = DriftSweep.objectOf(side, mappings);
        Optional<Cursor> stored = cursors.load(tenantId, side, objectType);
        Optional<ImportProgress> unfinished = imports.load(tenantId, side, objectType).filter(p -> !p.finished());
        if (stored.isPresent() && unfinished.isEmpty()) {
            return readChanges(tenantId, side, mappings, owners, budget, stored, null, 0);
        }
        int callsSoFar = 0;
        ImportProgress progress;
        if (unfinished.isPresent()) {
            progress = unfinished.get();
        } else {
            // A new import: count what it will read, which also decides how to read it.
            if (!budget.tryReserve(1)) {
                return new Report(0, 0, 0, 0, 0, Cursor.START, Cursor.START, StopReason.BUDGET_SPENT, null);
            }
            Instant until = readsUpTo.instant();
            ChangeReader.Count total;
            try {
                total = reader.countWithCalls(tenantId, objectType, until);
            } catch (CrmUnavailableException e) {
                return new Report(0, 0, 0, 0, 1, Cursor.START, Cursor.START, StopReason.CRM_UNAVAILABLE, null);
            }
            callsSoFar = total.callsMade();
            progress = ImportProgress.begin(clock.instant(), until, total.records(), total.callsMade());
            if (snapshots.isPresent() && total.records() > settings.snapshotAbove()) {
                return snapshots.get().begin(tenantId, side, objectType, mappings, owners, budget, progress,
                        properties(side, mappings));
            }
            imports.save(tenantId, side, objectType, progress);
        }
        if (progress.readsSnapshot()) {
            if (snapshots.isPresent()) {
                return snapshots.get().resume(tenantId, side, objectType, mappings, owners, budget, progress, 0);
            }
            // Snapshots were turned off in the middle of one: read on page by page, from the start.
            progress = progress.withoutSnapshot(0);
            imports.save(tenantId, side, objectType, progress);
        }
        return readChanges(tenantId, side, mappings, owners, budget, stored, progress, callsSoFar);
    }

    /**
     * Keyset pages from the cursor.
     *
     * @param importing the import these pages belong to, kept up to date; null for a pass reading changes
     * @param callsSoFar calls this run already spent on the pass (counting a new import)
     */
    private Report readChanges(String tenantId, Side side, List<ObjectMapping> mappings, Owners owners,
            CallBudget budget, Optional<Cursor> stored, ImportProgress importing, int callsSoFar) {
        String objectType = DriftSweep.objectOf(side, mappings);
        Cursor floor = stored.orElse(Cursor.START);
        // An import reads a fixed span once, so it has nothing to look back on.
        Cursor from = importing != null ? floor
                : stored.map(c -> c.lookback(settings.lookback())).orElse(Cursor.START);
        // An import reads up to where it began; what changed since is the next pass's.
        Instant until = importing != null ? importing.until() : readsUpTo.instant();
        List<String> properties = properties(side, mappings);
        Cursor position = from;
        int checked = 0;
        int drift = 0;
        int neverPaired = 0;
        int repairs = 0;
        int calls = callsSoFar;
        ImportProgress progress = importing;
        StopReason stop;
        while (true) {
            if (!budget.tryReserve(1)) {
                stop = StopReason.BUDGET_SPENT;
                break;
            }
            Page page;
            try {
                page = reader.read(tenantId, objectType, properties, position, settings.pageSize(), until);
            } catch (CrmUnavailableException e) {
                calls++;
                if (progress != null) {
                    progress = progress.checked(0, 1);
                    imports.save(tenantId, side, objectType, progress);
                }
                stop = StopReason.CRM_UNAVAILABLE;
                break;
            }
            calls += page.callsMade();
            DriftSweep.Outcome outcome = sweep.check(tenantId, side, mappings, owners, budget, page.records());
            checked += outcome.checked();
            drift += outcome.drift();
            neverPaired += outcome.neverPaired();
            repairs += outcome.repairsEnqueued();
            if (outcome.checked() > 0) {
                position = Cursor.max(position, page.records().get(outcome.checked() - 1).cursor());
            }
            if (outcome.complete() && page.next().isPresent()) {
                position = Cursor.max(position, page.next().get());
            }
            boolean lastPage = outcome.complete() && page.next().isEmpty();
            if (lastPage && progress != null) {
                // The import read everything up to its start: the next pass reads changes from there.
                position = Cursor.max(position, new Cursor(progress.until(), ""));
            }
            save(tenantId, side, objectType, floor, position);
            if (progress != null) {
                progress = progress.checked(outcome.checked(), page.callsMade());
                if (lastPage) {
                    progress = progress.finish(clock.instant());
                }
                imports.save(tenantId, side, objectType, progress);
            }
            if (!outcome.complete()) {
                stop = StopReason.BUDGET_SPENT;
                break;
            }
            if (lastPage) {
                stop = StopReason.CAUGHT_UP;
                break;
            }
        }
        return new Report(checked, drift, neverPaired, repairs, calls, from, Cursor.max(floor, position), stop,
                progress);
    }

    private void save(String tenantId, Side side, String objectType, Cursor floor, Cursor position) {
        // Re-reading the lookback window must not move the stored cursor back to where reading began.
        if (position.isAfter(floor)) {
            cursors.save(tenantId, side, objectType, position);
        }
    }

    static List<String> properties(Side side, List<ObjectMapping> mappings) {
        Set<String> names = new LinkedHashSet<>();
        for (ObjectMapping m : mappings) {
            names.addAll(side == Side.HUBSPOT ? m.hubSpotProperties() : m.salesforceFields());
            if (side == Side.SALESFORCE) {
                names.add(m.salesforceIdField());
            }
        }
        return List.copyOf(names);
    }
}
