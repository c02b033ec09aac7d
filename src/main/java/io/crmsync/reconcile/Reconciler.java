package io.crmsync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 *
 * <p>Several tenants (HubSpot portals) may share one Salesforce org: each still runs its own passes, from its own
 * cursors, on its own budget, but the org's changes, counts and deletions are read once for all of them in a run
 * ({@link OrgReads}); a tenant that stops (paused, budget spent) takes nothing from the others.
 *
 * <p>The steps after the record passes have their own classes: {@link DeletionsPass} (what Salesforce deleted) and
 * {@link ErroredRecordsRetry} (records a CRM refused); {@link PauseWatch} tells a pause from an outage.
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
     * {@link ErroredRecordsRetry#EVERY}, and none once either CRM's window is at 75% of its allocation.
     *
     * @param requeued records whose notices were queued again
     * @param open open sync errors found
     * @param stoppedBy why none were retried, or null
     */
    public record ErroredRetry(int requeued, int open, String stoppedBy) {
    }

    /** What the reconciler reads, writes and asks; the readers and owner directory make CRM calls. */
    /**
     * @param salesforceUser the Salesforce user a tenant's grant acts as (empty when it cannot be told): tenants
     *        share an org's read only when they act as one user, since what a user may see is what its tenant
     *        may read (regional integration users restricted by sharing rules see different records)
     */
    public record Ports(TenantDirectory tenants, ChangeReader hubSpot, ChangeReader salesforce,
            Optional<SnapshotReader> salesforceSnapshots, LinkStore links, NoticeQueue repairs, CursorStore cursors,
            ImportStore imports, Ledger ledger, OwnerDirectory owners, TenantScope scope, ReconcileReports reports,
            SyncErrorLog errors, DeletedReader deletions, Optional<ActivityPoll> activities,
            Function<String, Optional<String>> salesforceUser) {
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

    private final Ports ports;
    private final BiFunction<String, ObjectPair, ObjectMapping> mappings;
    private final Function<String, TenantSettings> settings;
    private final Clock clock;
    private final Settings config;
    private final ErroredRecordsRetry erroredRetry;

    public Reconciler(Ports ports, BiFunction<String, ObjectPair, ObjectMapping> mappings,
            Function<String, TenantSettings> settings, Clock clock, Settings config) {
        this.ports = ports;
        this.mappings = mappings;
        this.settings = settings;
        this.clock = clock;
        this.config = config;
        this.erroredRetry = new ErroredRecordsRetry(ports.ledger(), ports.errors(), ports.repairs());
    }

    /**
     * Reconciles every tenant in turn; {@code deep}: with the nightly run's longer lookback. The tenants of one
     * Salesforce org share one read of its changes and deletions ({@link OrgReads}), kept until the org's last tenant
     * in the list has run.
     */
    public List<TenantReport> run(boolean deep) {
        List<Tenant> tenants = ports.tenants().all();
        Map<Tenant, String> readers = readers(tenants);
        Map<String, List<Tenant>> byOrg = new LinkedHashMap<>();
        tenants.forEach(t -> byOrg.computeIfAbsent(readers.get(t), k -> new ArrayList<>()).add(t));
        Map<String, OrgReads> reads = new HashMap<>();
        List<TenantReport> reports = new ArrayList<>();
        for (Tenant tenant : tenants) {
            List<Tenant> onOrg = byOrg.get(readers.get(tenant));
            OrgReads org = reads.computeIfAbsent(readers.get(tenant), k -> orgReads(onOrg));
            TenantReport report = reconcile(tenant.id(), deep, org);
            if (tenant == onOrg.get(onOrg.size() - 1)) {
                reads.remove(readers.get(tenant)); // what the org's tenants read is let go with the last of them
            }
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

    /**
     * Who reads for each tenant: its org and the Salesforce user its grant acts as. Tenants with the same reader
     * share a read; a tenant without an org, or whose user cannot be told now (its login failed: its own run will
     * say why), shares nothing.
     */
    private Map<Tenant, String> readers(List<Tenant> tenants) {
        Map<String, Long> perOrg = tenants.stream().filter(Tenant::salesforceConnected).collect(
                java.util.stream.Collectors.groupingBy(t -> Tenant.orgKey(t.salesforceOrgId()),
                        java.util.stream.Collectors.counting()));
        Map<Tenant, String> readers = new HashMap<>();
        for (Tenant tenant : tenants) {
            String alone = "tenant " + tenant.id();
            if (!tenant.salesforceConnected() || perOrg.get(Tenant.orgKey(tenant.salesforceOrgId())) < 2) {
                readers.put(tenant, alone); // alone on its org: no need to ask who it logs in as
                continue;
            }
            Optional<String> user;
            try {
                user = ports.salesforceUser().apply(tenant.id());
            } catch (RuntimeException e) {
                LOG.warnf("tenant %s: its Salesforce user is unknown (%s); it reads its org alone", tenant.id(),
                        e.toString());
                user = Optional.empty();
            }
            readers.put(tenant, user.map(u -> Tenant.orgKey(tenant.salesforceOrgId()) + " as " + u).orElse(alone));
        }
        return readers;
    }

    /**
     * How the tenants of one org read Salesforce in this run. Alone on its org, a tenant reads as it always did.
     * Several share {@link OrgChanges} and {@link OrgDeletions} and read up to one time, the moment the first of them
     * starts, so their passes ask for the same changes (a change after it is read by the next run, after each
     * cursor). The calls a shared read makes are charged to the tenant whose pass made them (see {@link OrgChanges}).
     */
    record OrgReads(ChangeReader changes, DeletedReader deletions, Clock readsUpTo) {
    }

    private OrgReads orgReads(List<Tenant> onOrg) {
        if (onOrg.size() < 2) {
            return new OrgReads(ports.salesforce(), ports.deletions(), clock);
        }
        Map<String, java.util.Set<String>> fields = new LinkedHashMap<>();
        for (Tenant tenant : onOrg) {
            try {
                for (PassTarget target : PassTarget.of(settings.apply(tenant.id()))) {
                    if (target.side() == Side.SALESFORCE) {
                        List<ObjectMapping> objectMappings = target.pairs().stream()
                                .map(pair -> mappings.apply(tenant.id(), pair)).toList();
                        fields.computeIfAbsent(target.objectType(), k -> new java.util.LinkedHashSet<>())
                                .addAll(ReconcilePass.properties(Side.SALESFORCE, objectMappings));
                    }
                }
            } catch (RuntimeException e) {
                // Its own run will meet the same trouble; its fields outside the union are read for it alone.
                LOG.warnf("tenant %s: its Salesforce fields could not be read for the org's shared read: %s",
                        tenant.id(), e.toString());
            }
        }
        Map<String, List<String>> union = new LinkedHashMap<>();
        fields.forEach((object, names) -> union.put(object, List.copyOf(names)));
        return new OrgReads(new OrgChanges(ports.salesforce(), union, OrgChanges.DEFAULT_MAX_RECORDS),
                new OrgDeletions(ports.deletions()), Clock.fixed(clock.instant(), java.time.ZoneOffset.UTC));
    }

    /** Reconciles one tenant; never throws, so the next tenant still runs. */
    TenantReport reconcile(String tenantId, boolean deep, OrgReads org) {
        Instant startedAt = clock.instant();
        ReconcilePass.Settings base = config.pass();
        ReconcilePass.Settings passSettings = deep ? new ReconcilePass.Settings(base.pageSize(),
                config.deepLookback(), base.callsPerRepairNotice(), base.snapshotAbove(), base.snapshotPageSize())
                : base;
        PauseWatch hubSpot = new PauseWatch(ports.hubSpot(), Optional.empty());
        PauseWatch salesforce = new PauseWatch(org.changes(), ports.salesforceSnapshots());
        Map<Side, ReconcilePass> passes = Map.of(
                Side.HUBSPOT, new ReconcilePass(hubSpot, Optional.empty(), ports.links(), ports.repairs(),
                        ports.cursors(), ports.imports(), clock, passSettings, config.sleeper()),
                Side.SALESFORCE, new ReconcilePass(salesforce, salesforce.snapshots(), ports.links(),
                        ports.repairs(), ports.cursors(), ports.imports(), clock, org.readsUpTo(), passSettings,
                        config.sleeper()));
        DeletionsPass deletions = new DeletionsPass(org.deletions(), ports.cursors(), ports.repairs(),
                org.readsUpTo());
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
            for (PassTarget target : PassTarget.of(settings.apply(tenantId))) {
                if (spent.contains(target.side())) {
                    continue;
                }
                List<ObjectMapping> objectMappings = target.pairs().stream()
                        .map(pair -> mappings.apply(tenantId, pair)).toList();
                String objectType = target.objectType();
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
                for (String sObject : DeletionsPass.objectsToRead(settings.apply(tenantId))) {
                    PassReport report = ports.scope().on(tenantId, () -> deletions.run(tenantId, sObject,
                            budgets.get(Side.SALESFORCE), passSettings.callsPerRepairNotice()));
                    done.add(report);
                    if (ReconcilePass.StopReason.BUDGET_SPENT.name().equals(report.stopReason())) {
                        stop = TenantStop.BUDGET_SPENT;
                        break;
                    }
                }
            }
        } catch (SyncPausedException e) {
            // Also how a CRM whose circuit breaker is open for the tenant stops the run: no call was sent.
            LOG.infof("tenant %s: reconcile skipped until %s: %s", tenantId, e.resumeAt(), e.getMessage());
            stop = TenantStop.PAUSED;
            resumeAt = e.resumeAt();
        } catch (RuntimeException e) {
            LOG.warnf("reconcile of tenant %s failed: %s", tenantId, e.toString());
            stop = TenantStop.FAILED;
        }
        ErroredRetry retried = stop == TenantStop.PAUSED ? new ErroredRetry(0, 0, "sync paused")
                : erroredRetry.run(tenantId, startedAt);
        return new TenantReport(tenantId, deep, startedAt, clock.instant(), granted, done, stop, resumeAt, retried);
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

    private static boolean mapsAnOwner(List<ObjectMapping> mappings) {
        return mappings.stream().flatMap(m -> m.fields().stream()).anyMatch(f -> f.kind() == FieldKind.OWNER);
    }

    private static PassReport passReport(PassTarget target, String objectType, ReconcilePass.Report report,
            boolean paused) {
        return new PassReport(target.side(), objectType, report.recordsChecked(), report.drift(),
                report.neverPaired(), report.repairsEnqueued(), report.callsUsed(), report.from().encode(),
                report.to().encode(), paused ? TenantStop.PAUSED.name() : report.stopReason().name(),
                ImportReport.of(report.importProgress()));
    }
}
