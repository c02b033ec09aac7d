package io.crmsync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.Side;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.OwnerDirectory;
import io.crmsync.sync.Owners;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.tenant.TenantScope;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

/**
 * The scheduled reconcile run: for every tenant and every object pair it syncs, one {@link ReconcilePass} per side,
 * each charged to the tenant's allocation and held to a share of what is left of that CRM's window, so drift repair
 * never starves live sync. Each tenant's run ends with a report, logged and stored.
 *
 * <p>A tenant whose budget is spent or whose sync is paused stops there, cleanly: every pass saved its cursor, so
 * the next run resumes exactly where this one stopped. One tenant's trouble never keeps the next from running.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    public enum TenantStop {
        /** Every pass caught up (or stopped only because its CRM could not answer). */
        FINISHED,
        /** A CRM's share of the window is spent; the next run resumes from the cursors. */
        BUDGET_SPENT,
        /** The tenant's sync is paused (allocation reached, org suspended) until {@code resumeAt}. */
        PAUSED,
        /** Something other than a CRM failed (a store, the queue); the cursors stand before what was not done. */
        FAILED
    }

    /**
     * One pass's outcome, ids and counts only (the report is logged).
     *
     * @param cursorFrom where reading began, encoded as {@link Cursor#encode()}; null when the pass never started
     * @param cursorTo the stored cursor after the pass; null when the pass never started
     * @param stopReason a {@link ReconcilePass.StopReason}, or {@code PAUSED} when the CRM refused because the
     *        tenant's sync is paused
     */
    public record PassReport(Side side, String objectType, int recordsChecked, int drift, int neverPaired,
            int repairsEnqueued, int callsUsed, String cursorFrom, String cursorTo, String stopReason,
            ImportReport importProgress) {
    }

    /**
     * How far the import this pass took part in has come, over all its runs.
     *
     * @param done records checked of {@code total} (-1: not counted)
     * @param calls CRM calls the import made so far
     * @param readFrom {@code snapshot} (Salesforce Bulk API 2.0 query job) or {@code pages} (queries)
     */
    public record ImportReport(long done, long total, long calls, String readFrom, Instant startedAt,
            Instant finishedAt) {
        static ImportReport of(ImportProgress progress) {
            return progress == null ? null : new ImportReport(progress.done(), progress.total(), progress.calls(),
                    progress.readsSnapshot() ? "snapshot" : "pages", progress.startedAt(), progress.finishedAt());
        }
    }

    /**
     * @param budgets the calls granted to this run per CRM (reads and the repairs' expected calls)
     * @param resumeAt when a paused tenant's sync may resume; null otherwise
     */
    public record TenantReport(String tenantId, boolean deep, Instant startedAt, Instant finishedAt,
            Map<Crm, Integer> budgets, List<PassReport> passes, TenantStop stop, Instant resumeAt,
            ErroredRetry erroredRetry) {
        public TenantReport {
            budgets = Map.copyOf(budgets);
            passes = List.copyOf(passes);
        }
    }

    /**
     * The automatic retry of records a CRM refused, as HubSpot's connector does it: each one again every
     * {@link #ERRORED_RETRY_EVERY}, and none once either CRM's window is at 75% of its allocation.
     *
     * @param requeued records whose notices were queued again
     * @param open open sync errors found
     * @param stoppedBy why none were retried, or null
     */
    public record ErroredRetry(int requeued, int open, String stoppedBy) {
    }

    /** HubSpot's connector: "Any contact that is related to a sync error will be automatically resynced every 30 minutes." */
    static final Duration ERRORED_RETRY_EVERY = Duration.ofMinutes(30);

    /** What the reconciler reads, writes and asks; the readers and owner directory make CRM calls. */
    public record Ports(TenantDirectory tenants, ChangeReader hubSpot, ChangeReader salesforce,
            Optional<SnapshotReader> salesforceSnapshots, LinkStore links, NoticeQueue repairs, CursorStore cursors,
            ImportStore imports, Ledger ledger, OwnerDirectory owners, TenantScope scope, ReconcileReports reports,
            SyncErrorLog errors, DeletedReader deletions, Optional<ActivityPoll> activities) {
    }

    /**
     * @param budgetShare the share of what remains of a CRM's window one run may use (0.2: a fifth)
     * @param callsWhenUnlimited the calls one run may use on a CRM without an allocation (nothing to take a share of)
     * @param pass page size, lookback and repair cost of the regular (every 15 minutes) run
     * @param deepLookback the lookback of the nightly deep run, which re-reads what a long outage may have hidden
     */
    public record Settings(double budgetShare, int callsWhenUnlimited, ReconcilePass.Settings pass,
            Duration deepLookback, SnapshotImport.Sleeper sleeper) {
        public Settings {
            if (!(budgetShare >= 0 && budgetShare <= 1)) {
                throw new IllegalArgumentException("the budget share must be between 0 and 1: " + budgetShare);
            }
            Objects.requireNonNull(pass, "pass");
            Objects.requireNonNull(deepLookback, "deepLookback");
            Objects.requireNonNull(sleeper, "sleeper");
        }

        public static Settings defaults() {
            return new Settings(0.2, 2_000, ReconcilePass.Settings.defaults(), Duration.ofHours(24),
                    SnapshotImport.Sleeper.REAL);
        }
    }

    /** One pass to run: a side and the mappings of one object there (a HubSpot contact maps to Lead and Contact). */
    private record Target(Side side, List<ObjectPair> pairs) {
    }

    private final Ports ports;
    private final BiFunction<String, ObjectPair, ObjectMapping> mappings;
    private final Function<String, TenantSettings> settings;
    private final Clock clock;
    private final Settings config;

    public Reconciler(Ports ports, BiFunction<String, ObjectPair, ObjectMapping> mappings,
            Function<String, TenantSettings> settings, Clock clock, Settings config) {
        this.ports = ports;
        this.mappings = mappings;
        this.settings = settings;
        this.clock = clock;
        this.config = config;
    }

    /** Reconciles every tenant in turn; {@code deep}: with the nightly run's longer lookback. */
    public List<TenantReport> run(boolean deep) {
        List<TenantReport> reports = new ArrayList<>();
        for (Tenant tenant : ports.tenants().all()) {
            TenantReport report = reconcile(tenant.id(), deep);
            LOG.infof("reconcile %s", report);
            try {
                ports.reports().save(report);
            } catch (RuntimeException e) {
                LOG.warnf("reconcile report of tenant %s not stored: %s", tenant.id(), e.toString());
            }
            reports.add(report);
        }
        return reports;
    }

    /** Reconciles one tenant; never throws, so the next tenant still runs. */
    TenantReport reconcile(String tenantId, boolean deep) {
        Instant startedAt = clock.instant();
        ReconcilePass.Settings base = config.pass();
        ReconcilePass.Settings passSettings = deep ? new ReconcilePass.Settings(base.pageSize(),
                config.deepLookback(), base.callsPerRepairNotice(), base.snapshotAbove(), base.snapshotPageSize())
                : base;
        PauseWatch hubSpot = new PauseWatch(ports.hubSpot(), Optional.empty());
        PauseWatch salesforce = new PauseWatch(ports.salesforce(), ports.salesforceSnapshots());
        Map<Side, ReconcilePass> passes = Map.of(
                Side.HUBSPOT, new ReconcilePass(hubSpot, Optional.empty(), ports.links(), ports.repairs(),
                        ports.cursors(), ports.imports(), clock, passSettings, config.sleeper()),
                Side.SALESFORCE, new ReconcilePass(salesforce, salesforce.snapshots(), ports.links(),
                        ports.repairs(), ports.cursors(), ports.imports(), clock, passSettings, config.sleeper()));
        Map<Crm, Integer> granted = new EnumMap<>(Crm.class);
        List<PassReport> done = new ArrayList<>();
        TenantStop stop = TenantStop.FINISHED;
        Instant resumeAt = null;
        try {
            Map<Side, CallBudget> budgets = new EnumMap<>(Side.class);
            for (Crm crm : Crm.values()) {
                int calls = budgetFor(tenantId, crm, startedAt);
                granted.put(crm, calls);
                budgets.put(crm == Crm.HUBSPOT ? Side.HUBSPOT : Side.SALESFORCE, CallBudget.atMost(calls));
            }
            if (ports.activities().isPresent()) {
                // First, and cheap: a long import must not hold HubSpot activities back for days.
                done.addAll(ports.scope().on(tenantId, () -> ports.activities().get().run(tenantId,
                        settings.apply(tenantId).activities(), budgets.get(Side.HUBSPOT))));
            }
            Owners owners = null;
            // Each CRM has its own budget: one spent stops that side's passes, not the other CRM's.
            java.util.Set<Side> spent = java.util.EnumSet.noneOf(Side.class);
            for (Target target : targets(settings.apply(tenantId))) {
                if (spent.contains(target.side())) {
                    continue;
                }
                List<ObjectMapping> objectMappings = target.pairs().stream()
                        .map(pair -> mappings.apply(tenantId, pair)).toList();
                String objectType = objectOf(target);
                if (owners == null && mapsAnOwner(objectMappings)) {
                    try {
                        owners = ports.scope().on(tenantId, () -> ports.owners().owners(tenantId));
                    } catch (SyncPausedException e) {
                        throw e;
                    } catch (CrmUnavailableException e) {
                        // Without the owners no owner field can be compared: this pass waits for the next run.
                        done.add(new PassReport(target.side(), objectType, 0, 0, 0, 0, 0, null, null,
                                ReconcilePass.StopReason.CRM_UNAVAILABLE.name(), null));
                        continue;
                    }
                }
                Owners known = mapsAnOwner(objectMappings) ? owners : Owners.NONE;
                ReconcilePass.Report report = ports.scope().on(tenantId, () -> passes.get(target.side())
                        .run(tenantId, target.side(), objectMappings, known, budgets.get(target.side())));
                PauseWatch watch = target.side() == Side.HUBSPOT ? hubSpot : salesforce;
                done.add(passReport(target, objectType, report, watch.paused != null));
                if (watch.paused != null) {
                    throw watch.paused;
                }
                if (report.stopReason() == ReconcilePass.StopReason.BUDGET_SPENT) {
                    stop = TenantStop.BUDGET_SPENT;
                    spent.add(target.side());
                }
            }
            if (!spent.contains(Side.SALESFORCE)) {
                for (String sObject : deletionsToRead(settings.apply(tenantId))) {
                    PassReport report = ports.scope().on(tenantId,
                            () -> readDeletions(tenantId, sObject, budgets.get(Side.SALESFORCE), passSettings));
                    done.add(report);
                    if (ReconcilePass.StopReason.BUDGET_SPENT.name().equals(report.stopReason())) {
                        stop = TenantStop.BUDGET_SPENT;
                        break;
                    }
                }
            }
        } catch (SyncPausedException e) {
            stop = TenantStop.PAUSED;
            resumeAt = e.resumeAt();
        } catch (RuntimeException e) {
            LOG.warnf("reconcile of tenant %s failed: %s", tenantId, e.toString());
            stop = TenantStop.FAILED;
        }
        ErroredRetry retried = stop == TenantStop.PAUSED ? new ErroredRetry(0, 0, "sync paused")
                : retryErrored(tenantId, startedAt);
        return new TenantReport(tenantId, deep, startedAt, clock.instant(), granted, done, stop, resumeAt, retried);
    }

    /** Queues notices again for records a CRM refused at least 30 minutes ago, unless the 75% rule stops it. */
    ErroredRetry retryErrored(String tenantId, Instant now) {
        try {
            for (Crm crm : Crm.values()) {
                if (!ports.ledger().usage(tenantId, crm, now).retriesAllowed()) {
                    return new ErroredRetry(0, 0, crm + " window at 75% of its allocation");
                }
            }
            List<SyncErrorLog.SyncError> open = ports.errors().open(tenantId);
            Map<String, List<String>> idsByObject = new java.util.LinkedHashMap<>();
            int requeued = 0;
            for (SyncErrorLog.SyncError error : open) {
                String[] key = error.recordKey().split("\\|", 3);
                if (key.length != 3 || error.at().isAfter(now.minus(ERRORED_RETRY_EVERY))) {
                    continue;
                }
                idsByObject.computeIfAbsent(key[0] + "|" + key[1], k -> new ArrayList<>()).add(key[2]);
                requeued++;
            }
            List<ChangeNotice> notices = new ArrayList<>();
            idsByObject.forEach((object, ids) -> {
                String[] parts = object.split("\\|", 2);
                ChangeNotice.SourceSystem source = "hubspot".equals(parts[0]) ? ChangeNotice.SourceSystem.HUBSPOT
                        : ChangeNotice.SourceSystem.SALESFORCE;
                notices.addAll(ChangeNotice.batches(tenantId, source, parts[1], ids, ChangeNotice.ChangeKind.UPDATED, now,
                        "errored-retry"));
            });
            if (!notices.isEmpty()) {
                ports.repairs().enqueue(notices);
            }
            return new ErroredRetry(requeued, open.size(), null);
        } catch (RuntimeException e) {
            LOG.warnf("tenant %s: errored records not retried this run: %s", tenantId, e.toString());
            return new ErroredRetry(0, 0, "failed: " + e.getClass().getSimpleName());
        }
    }

    /** The cursor key of an object's deletions, beside its changes' cursor. */
    static String deletedCursorKey(String sObject) {
        return sObject + "#deleted";
    }

    /** The first read of an object's deletions looks back this far (Salesforce keeps deleted ids ~15 days). */
    static final Duration FIRST_DELETIONS_WINDOW = Duration.ofDays(1);
    /** getDeleted refuses a start more than 30 days back; an older cursor is brought forward to this. */
    static final Duration OLDEST_DELETIONS_WINDOW = Duration.ofDays(29);

    /** Deletions that do something in HubSpot: opportunities with deal sync, leads and contacts with "Delete". */
    private static List<String> deletionsToRead(TenantSettings settings) {
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
     */
    private PassReport readDeletions(String tenantId, String sObject, CallBudget budget,
            ReconcilePass.Settings passSettings) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String key = deletedCursorKey(sObject);
        Cursor stored = ports.cursors().load(tenantId, Side.SALESFORCE, key)
                .orElse(new Cursor(now.minus(FIRST_DELETIONS_WINDOW), ""));
        Instant start = Collections.max(List.of(stored.modifiedAt(), now.minus(OLDEST_DELETIONS_WINDOW)));
        Cursor from = new Cursor(start, "");
        // Salesforce wants more than a minute between start and end; a run that soon after the last reads nothing.
        if (!start.plus(Duration.ofMinutes(1)).isBefore(now)) {
            return deletionsReport(sObject, 0, 0, 0, from, from, ReconcilePass.StopReason.CAUGHT_UP);
        }
        if (!budget.tryReserve(1)) {
            return deletionsReport(sObject, 0, 0, 0, from, from, ReconcilePass.StopReason.BUDGET_SPENT);
        }
        DeletedReader.Deleted deleted;
        try {
            deleted = ports.deletions().read(tenantId, sObject, start, now);
        } catch (SyncPausedException e) {
            throw e;
        } catch (CrmUnavailableException e) {
            return deletionsReport(sObject, 0, 0, 1, from, from, ReconcilePass.StopReason.CRM_UNAVAILABLE);
        }
        List<String> ids = deleted.ids();
        List<ChangeNotice> notices = ChangeNotice.batches(tenantId, ChangeNotice.SourceSystem.SALESFORCE, sObject, ids,
                ChangeNotice.ChangeKind.DELETED, now, "reconcile-deleted");
        // The worker spends the repairs' calls; a budget without room for them leaves the cursor for the next run.
        if (!budget.tryReserve(notices.size() * passSettings.callsPerRepairNotice())) {
            return deletionsReport(sObject, ids.size(), 0, 1, from, from, ReconcilePass.StopReason.BUDGET_SPENT);
        }
        if (!notices.isEmpty()) {
            ports.repairs().enqueue(notices);
        }
        Cursor to = new Cursor(deleted.latestDateCovered(), "");
        ports.cursors().save(tenantId, Side.SALESFORCE, key, to);
        return deletionsReport(sObject, ids.size(), ids.size(), 1, from, to, ReconcilePass.StopReason.CAUGHT_UP);
    }

    private static PassReport deletionsReport(String sObject, int found, int queued, int calls, Cursor from,
            Cursor to, ReconcilePass.StopReason stop) {
        return new PassReport(Side.SALESFORCE, deletedCursorKey(sObject), found, 0, 0, queued, calls, from.encode(),
                to.encode(), stop.name(), null);
    }

    /** The run's share of what is left of the CRM's window; a CRM without an allocation gets the fixed cap. */
    int budgetFor(String tenantId, Crm crm, Instant now) {
        OptionalLong remaining = ports.ledger().usage(tenantId, crm, now).remaining();
        if (remaining.isEmpty()) {
            return config.callsWhenUnlimited();
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.floor(Math.max(0, remaining.getAsLong())
                * config.budgetShare()));
    }

    /** Contacts always (HubSpot side against both pairs, Salesforce per object); companies and deals when on. */
    private static List<Target> targets(TenantSettings settings) {
        List<Target> targets = new ArrayList<>(List.of(
                new Target(Side.HUBSPOT, List.of(ObjectPair.CONTACT_CONTACT, ObjectPair.CONTACT_LEAD)),
                new Target(Side.SALESFORCE, List.of(ObjectPair.CONTACT_LEAD)),
                new Target(Side.SALESFORCE, List.of(ObjectPair.CONTACT_CONTACT))));
        if (settings.companySync()) {
            targets.add(new Target(Side.HUBSPOT, List.of(ObjectPair.COMPANY_ACCOUNT)));
            targets.add(new Target(Side.SALESFORCE, List.of(ObjectPair.COMPANY_ACCOUNT)));
        }
        if (settings.dealSync()) {
            targets.add(new Target(Side.HUBSPOT, List.of(ObjectPair.DEAL_OPPORTUNITY)));
            targets.add(new Target(Side.SALESFORCE, List.of(ObjectPair.DEAL_OPPORTUNITY)));
        }
        return targets;
    }

    private static String objectOf(Target target) {
        ObjectPair first = target.pairs().get(0);
        return target.side() == Side.HUBSPOT ? first.hubSpotObject() : first.salesforceObject();
    }

    private static boolean mapsAnOwner(List<ObjectMapping> mappings) {
        return mappings.stream().flatMap(m -> m.fields().stream()).anyMatch(f -> f.kind() == FieldKind.OWNER);
    }

    private static PassReport passReport(Target target, String objectType, ReconcilePass.Report report,
            boolean paused) {
        return new PassReport(target.side(), objectType, report.recordsChecked(), report.drift(),
                report.neverPaired(), report.repairsEnqueued(), report.callsUsed(), report.from().encode(),
                report.to().encode(), paused ? TenantStop.PAUSED.name() : report.stopReason().name(),
                ImportReport.of(report.importProgress()));
    }

    /**
     * Remembers a pause the CRM call filter raised: the pass sees it as the CRM being unavailable (a pause is one),
     * but a paused tenant must stop altogether, not go on to its next object.
     */
    private static final class PauseWatch implements ChangeReader {
        private final ChangeReader reader;
        private final Optional<SnapshotReader> snapshotReader;
        SyncPausedException paused;

        PauseWatch(ChangeReader reader, Optional<SnapshotReader> snapshotReader) {
            this.reader = reader;
            this.snapshotReader = snapshotReader;
        }

        @Override
        public Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
                Instant until) {
            return watch(() -> reader.read(tenantId, objectType, properties, after, limit, until));
        }

        @Override
        public long count(String tenantId, String objectType, Instant until) {
            return watch(() -> reader.count(tenantId, objectType, until));
        }

        /** The snapshot reader, watched alike. */
        Optional<SnapshotReader> snapshots() {
            return snapshotReader.map(snapshots -> new SnapshotReader() {
                @Override
                public String start(String tenantId, String objectType, List<String> properties, Instant until) {
                    return watch(() -> snapshots.start(tenantId, objectType, properties, until));
                }

                @Override
                public State state(String tenantId, String snapshot) {
                    return watch(() -> snapshots.state(tenantId, snapshot));
                }

                @Override
                public SnapshotPage page(String tenantId, String snapshot, String locator, int limit) {
                    return watch(() -> snapshots.page(tenantId, snapshot, locator, limit));
                }
            });
        }

        private <T> T watch(java.util.function.Supplier<T> call) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof SyncPausedException pause) {
                        paused = pause;
                        break;
                    }
                }
                throw e;
            }
        }
    }
}
