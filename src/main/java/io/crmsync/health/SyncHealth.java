package io.crmsync.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.function.Function;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.OrgObservation;
import io.crmsync.budget.OrgShares;
import io.crmsync.budget.Usage;
import io.crmsync.budget.UsageHistory;
import io.crmsync.budget.Windows;
import io.crmsync.reconcile.ReconcileReports;
import io.crmsync.reconcile.Reconciler;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.sync.TenantSuspensions;

/**
 * A tenant's sync health, as HubSpot's Sync Health tab shows it (facts §12, §13): per CRM the calls used against
 * the allocation and the org's own limit, calls per hour over the last day, the open sync errors by category,
 * the suspension, and the last reconcile run. Assembled from the ports only; every type here is a plain record
 * that serialises to JSON as it stands (nulls for "not known").
 */
public final class SyncHealth {

    /** Affected records listed per error category; the count covers all of them, the CSV export lists all. */
    public static final int RECORDS_PER_CATEGORY = 50;
    /** The chart's span: the last 24 hours, the current one included. */
    public static final int HOURS = 24;

    public record Report(String tenantId, Instant at, List<CrmCalls> calls, Errors errors, Suspension suspension,
            LastReconcile lastReconcile) {
    }

    /**
     * One CRM's calls.
     *
     * @param usedLast24Hours  calls counted in the last {@link #HOURS} hourly counts (the chart's total)
     * @param usedInWindow     calls the ledger counts against the allocation now (Salesforce: rolling 24 h plus
     *                         the hour before; HubSpot: the account's current day); null when not known
     * @param window           that window in words
     * @param windowResetsAt   HubSpot: the account's next midnight; null for Salesforce's rolling window
     * @param allocatedCalls   "Allocated to crmsync" in calls per day; null when none is set or it is a share of
     *                         a limit never observed
     * @param allocationShare  the allocation as a share (0–1] of the org's limit, when set that way
     * @param allocatedPerHour the allocation spread evenly over the day, the chart's reference line
     * @param remaining        calls left in the window after the org's header; null means unlimited or unknown
     * @param orgLimit         the org's limit as last observed ("Limited by Salesforce", HubSpot's daily limit)
     * @param retriesAllowed   the 75% rule: are errored records still retried automatically?
     * @param note             why something above is not known, or null
     * @param sharedOrg        Salesforce, when other tenants share the org: its one limit and who shares it; else null
     */
    public record CrmCalls(String crm, String label, long usedLast24Hours, Long usedInWindow, String window,
            Instant windowResetsAt, Long allocatedCalls, Double allocationShare, Double allocatedPerHour,
            Long remaining, OrgLimit orgLimit, List<HourCalls> hourly, Boolean retriesAllowed,
            Boolean activitiesAllowed, String note, SharedOrg sharedOrg) {
        public CrmCalls {
            hourly = List.copyOf(hourly);
        }

        CrmCalls sharing(SharedOrg shared) {
            return new CrmCalls(crm, label, usedLast24Hours, usedInWindow, window, windowResetsAt, allocatedCalls,
                    allocationShare, allocatedPerHour, remaining, orgLimit, hourly, retriesAllowed, activitiesAllowed,
                    note, shared);
        }
    }

    /**
     * A Salesforce org several tenants (HubSpot portals) share: its daily limit is one for all of them.
     *
     * @param orgUsed          the org's calls (every integration and tenant) as last observed; null if never
     * @param orgLimit         the org's daily limit as last observed; null if never
     * @param otherTenants     the ids of the other tenants on the org (ids only)
     * @param allocationShare  this tenant's allocation as a share of the org's limit; null without one or a limit
     */
    public record SharedOrg(Long orgUsed, Long orgLimit, Instant observedAt, List<String> otherTenants,
            Double allocationShare) {
        public SharedOrg {
            otherTenants = List.copyOf(otherTenants);
        }
    }

    /** @param used the org's calls (every integration) when observed, of {@code limit} */
    public record OrgLimit(long used, long limit, Instant observedAt) {
    }

    public record HourCalls(Instant hour, long calls) {
    }

    public record Errors(int total, List<ErrorCategory> categories) {
        public Errors {
            categories = List.copyOf(categories);
        }
    }

    /**
     * One error card: the category, how many records it holds, the codes within it, and the first
     * {@link #RECORDS_PER_CATEGORY} records, newest first ({@code more} says how many were left out).
     */
    public record ErrorCategory(String category, int count, Map<String, Integer> codes, List<AffectedRecord> records,
            int more) {
        public ErrorCategory {
            codes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(codes));
            records = List.copyOf(records);
        }
    }

    /** @param record the record key, e.g. {@code hubspot|contact|123} */
    public record AffectedRecord(String record, String code, String message, Instant at) {
    }

    public record Suspension(String reason, Instant since) {
    }

    /** The last reconcile run, with its passes' counts added up; {@code report} is the run's whole report. */
    public record LastReconcile(Instant startedAt, Instant finishedAt, boolean deep, String stop, Instant resumeAt,
            int recordsChecked, int drift, int neverPaired, int repairsEnqueued, int callsUsed,
            Reconciler.TenantReport report) {
    }

    private final Ledger ledger;
    private final UsageHistory history;
    private final SyncErrorLog errors;
    private final TenantSuspensions suspensions;
    private final ReconcileReports reconcileReports;
    private final Clock clock;
    /** A tenant's id → the other tenants on its Salesforce org (none when alone or not connected). */
    private final Function<String, List<String>> othersOnOrg;

    /** The health of tenants each alone on its org. */
    public SyncHealth(Ledger ledger, UsageHistory history, SyncErrorLog errors, TenantSuspensions suspensions,
            ReconcileReports reconcileReports, Clock clock) {
        this(ledger, history, errors, suspensions, reconcileReports, clock, tenantId -> List.of());
    }

    public SyncHealth(Ledger ledger, UsageHistory history, SyncErrorLog errors, TenantSuspensions suspensions,
            ReconcileReports reconcileReports, Clock clock, Function<String, List<String>> othersOnOrg) {
        this.othersOnOrg = othersOnOrg;
        this.ledger = ledger;
        this.history = history;
        this.errors = errors;
        this.suspensions = suspensions;
        this.reconcileReports = reconcileReports;
        this.clock = clock;
    }

    public Report of(String tenantId) {
        Instant now = clock.instant();
        List<CrmCalls> calls = new ArrayList<>();
        for (Crm crm : List.of(Crm.SALESFORCE, Crm.HUBSPOT)) {
            calls.add(calls(tenantId, crm, now));
        }
        List<String> others = othersOnOrg.apply(tenantId);
        if (!others.isEmpty()) {
            calls.set(0, calls.get(0).sharing(sharedOrg(calls.get(0), others)));
        }
        return new Report(tenantId, now, calls, errors(errors.open(tenantId)),
                suspensions.current(tenantId).map(s -> new Suspension(s.reason(), s.since())).orElse(null),
                reconcileReports.last(tenantId).map(SyncHealth::summary).orElse(null));
    }

    private CrmCalls calls(String tenantId, Crm crm, Instant now) {
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        SortedMap<Instant, Long> perHour = history.callsPerHour(tenantId, crm,
                currentHour.minus(Duration.ofHours(HOURS - 1)), currentHour.plus(Duration.ofHours(1)));
        List<HourCalls> hourly = perHour.entrySet().stream().map(e -> new HourCalls(e.getKey(), e.getValue()))
                .toList();
        long last24 = hourly.stream().mapToLong(HourCalls::calls).sum();
        Optional<Allocation> allocation = ledger.allocation(tenantId, crm);
        Optional<OrgObservation> observed = history.lastObservation(tenantId, crm);
        OrgLimit orgLimit = observed.map(o -> new OrgLimit(o.orgUsed(), o.orgLimit(), o.observedAt())).orElse(null);
        Double share = allocation.flatMap(a -> a.shareOfOrgLimit().isPresent()
                ? Optional.of(a.shareOfOrgLimit().getAsDouble()) : Optional.empty()).orElse(null);
        String window = crm == Crm.SALESFORCE ? "rolling 24 hours"
                : "the account's day (" + allocation.map(a -> a.windowZone().getId()).orElse("UTC") + ")";
        Instant resetsAt = crm == Crm.HUBSPOT
                ? Windows.nextBucketAt(crm, now, allocation.map(Allocation::windowZone).orElse(java.time.ZoneOffset.UTC))
                : null;
        if (share != null && observed.isEmpty()) {
            // The ledger cannot count against a share of a limit it has never seen (Ledger.usage would refuse).
            return new CrmCalls(crm.key(), label(crm), last24, null, window, resetsAt, null, share, null, null, null,
                    hourly, null, null, "The allocation is " + percent(share) + " of the org's limit, which has not"
                            + " been observed yet; the next " + label(crm) + " response's limit header (or the"
                            + " limits resource) tells it.", null);
        }
        Usage usage = ledger.usage(tenantId, crm, now);
        Long allocated = boxed(usage.allocatedCalls());
        return new CrmCalls(crm.key(), label(crm), last24, usage.used(), window, resetsAt, allocated, share,
                allocated == null ? null : allocated / (double) HOURS, boxed(usage.remaining()), orgLimit, hourly,
                usage.retriesAllowed(), usage.activitiesAllowed(),
                allocation.isEmpty() ? "No allocation is set: crmsync may use the org's calls without a cap." : null,
                null);
    }

    /** The org's usage as the tenant's ledger sees it: the observation is the org's, whichever tenant made it. */
    private static SharedOrg sharedOrg(CrmCalls salesforce, List<String> others) {
        OrgLimit org = salesforce.orgLimit();
        Double share = salesforce.allocationShare();
        if (share == null && org != null && salesforce.allocatedCalls() != null) {
            share = OrgShares.shareOf(salesforce.allocatedCalls(), org.limit());
        }
        return new SharedOrg(org == null ? null : org.used(), org == null ? null : org.limit(),
                org == null ? null : org.observedAt(), others, share);
    }

    static Errors errors(List<SyncErrorLog.SyncError> open) {
        Map<String, List<SyncErrorLog.SyncError>> byCategory = new LinkedHashMap<>();
        open.forEach(e -> byCategory.computeIfAbsent(e.category(), c -> new ArrayList<>()).add(e));
        List<ErrorCategory> categories = new ArrayList<>();
        byCategory.forEach((category, list) -> {
            list.sort(Comparator.comparing(SyncErrorLog.SyncError::at).reversed()
                    .thenComparing(SyncErrorLog.SyncError::recordKey));
            Map<String, Integer> codes = new LinkedHashMap<>();
            list.forEach(e -> codes.merge(e.code(), 1, Integer::sum));
            List<AffectedRecord> records = list.stream().limit(RECORDS_PER_CATEGORY)
                    .map(e -> new AffectedRecord(e.recordKey(), e.code(), e.message(), e.at())).toList();
            categories.add(new ErrorCategory(category, list.size(), byCount(codes), records,
                    list.size() - records.size()));
        });
        categories.sort(Comparator.comparingInt(ErrorCategory::count).reversed()
                .thenComparing(ErrorCategory::category));
        return new Errors(open.size(), categories);
    }

    private static Map<String, Integer> byCount(Map<String, Integer> codes) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        codes.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static LastReconcile summary(Reconciler.TenantReport report) {
        List<Reconciler.PassReport> passes = report.passes() == null ? List.of() : report.passes();
        return new LastReconcile(report.startedAt(), report.finishedAt(), report.deep(),
                report.stop() == null ? null : report.stop().name(), report.resumeAt(),
                passes.stream().mapToInt(Reconciler.PassReport::recordsChecked).sum(),
                passes.stream().mapToInt(Reconciler.PassReport::drift).sum(),
                passes.stream().mapToInt(Reconciler.PassReport::neverPaired).sum(),
                passes.stream().mapToInt(Reconciler.PassReport::repairsEnqueued).sum(),
                passes.stream().mapToInt(Reconciler.PassReport::callsUsed).sum(), report);
    }

    static String label(Crm crm) {
        return crm == Crm.SALESFORCE ? "Salesforce" : "HubSpot";
    }

    private static String percent(double share) {
        return java.math.BigDecimal.valueOf(share * 100).stripTrailingZeros().toPlainString() + "%";
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
