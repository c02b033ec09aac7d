package io.crmsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.Reservation;
import io.crmsync.budget.TenantCalls;
import io.crmsync.budget.Usage;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.SyncRule;
import io.crmsync.reconcile.ReconcilePassTest.FakeCursors;
import io.crmsync.reconcile.ReconcilePassTest.FakeLinks;
import io.crmsync.reconcile.Reconciler.PassReport;
import io.crmsync.reconcile.Reconciler.TenantReport;
import io.crmsync.reconcile.Reconciler.TenantStop;
import io.crmsync.sync.FieldResolver;
import io.crmsync.crm.Side;
import io.crmsync.sync.Link;
import io.crmsync.sync.OwnerDirectory;
import io.crmsync.sync.Owners;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

/** The run over every tenant with in-memory ports: budget shares, pauses, which passes run, the reports. */
class ReconcilerTest {

    static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-04-01T12:00:00Z");

    final TenantCalls tenantCalls = new TenantCalls();
    final ScopedReader hubSpot = new ScopedReader(tenantCalls);
    final ScopedReader salesforce = new ScopedReader(tenantCalls);
    final FakeLinks links = new FakeLinks();
    final FakeCursors cursors = new FakeCursors();
    final ReconcilePassTest.FakeImports imports = new ReconcilePassTest.FakeImports();
    final List<ChangeNotice> queued = new ArrayList<>();
    final NoticeQueue queue = queued::addAll;
    final FakeLedger ledger = new FakeLedger();
    final List<TenantReport> stored = new ArrayList<>();
    final List<String> tenantIds = new ArrayList<>();
    final Map<String, TenantSettings> settings = new HashMap<>();
    final Map<String, SyncErrorLog.SyncError> errors = new java.util.LinkedHashMap<>();
    final SyncErrorLog errorLog = new SyncErrorLog() {
        @Override
        public void record(List<SyncError> more) {
            more.forEach(e -> errors.put(e.recordKey(), e));
        }

        @Override
        public void clear(String tenantId, java.util.Collection<String> recordKeys) {
            recordKeys.forEach(errors::remove);
        }

        @Override
        public List<SyncError> open(String tenantId) {
            return errors.values().stream().filter(e -> e.tenantId().equals(tenantId)).toList();
        }
    };
    int ownerReads;
    /** Salesforce's recycle bin per object: deleted ids with when; each getDeleted call is logged. */
    final Map<String, Map<String, Instant>> recycleBin = new HashMap<>();
    final List<String> deletedReads = new ArrayList<>();
    boolean deletedUnavailable;
    final DeletedReader deletions = (tenantId, objectType, start, end) -> {
        deletedReads.add(objectType + " " + start + " " + end);
        if (deletedUnavailable) {
            throw new io.crmsync.crm.CrmUnavailableException("Salesforce answered 503 (test)", null);
        }
        List<String> ids = recycleBin.getOrDefault(objectType, Map.of()).entrySet().stream()
                .filter(e -> !e.getValue().isBefore(start) && e.getValue().isBefore(end)).map(Map.Entry::getKey)
                .sorted().toList();
        return new DeletedReader.Deleted(ids, end);
    };

    Reconciler reconciler(Duration lookback) {
        TenantDirectory tenants = new TenantDirectory() {
            @Override
            public Optional<Tenant> byId(String tenantId) {
                return Optional.empty();
            }

            @Override
            public Optional<Tenant> byHubSpotPortal(long portalId) {
                return Optional.empty();
            }

            @Override
            public java.util.List<Tenant> tenantsOnOrg(String orgId) {
                return java.util.List.of();
            }

            @Override
            public List<Tenant> all() {
                return tenantIds.stream().map(id -> new Tenant(id, 1, "00D000000000001", Optional.empty())).toList();
            }
        };
        OwnerDirectory owners = tenant -> {
            ownerReads++;
            return Owners.NONE;
        };
        return new Reconciler(new Reconciler.Ports(tenants, hubSpot, salesforce, Optional.empty(), links, queue,
                cursors, imports, ledger, owners, tenantCalls, reportsInto(stored), errorLog, deletions, Optional.empty(),
                tenant -> Optional.of("005000000000001AAA")),
                ReconcilerTest::mapping, tenant -> settings.getOrDefault(tenant, TenantSettings.defaults()),
                Clock.fixed(NOW, ZoneOffset.UTC), new Reconciler.Settings(0.2, 50,
                        new ReconcilePass.Settings(5, lookback, 4), Duration.ofHours(24), d -> { }));
    }

    static ObjectMapping mapping(String tenant, ObjectPair pair) {
        String hubSpot = pair.hubSpotObject().equals("contact") ? "email" : "name";
        String salesforce = pair.hubSpotObject().equals("contact") ? "Email" : "Name";
        return new ObjectMapping(pair, List.of(FieldMapping.text(hubSpot, salesforce, SyncRule.TWO_WAY)), Map.of());
    }

    /** A HubSpot contact changed at T0 + seconds; linked to Contact 003{id} as holding {@code linked} (null: none). */
    void contact(String tenant, String id, int seconds, String email, String linked) {
        hubSpot.add(tenant, "contact", new ChangedRecord(id, T0.plusSeconds(seconds), Map.of("email", email)));
        if (linked != null) {
            links.save(new Link(tenant, "contact", id, "Contact", "003" + id, "h", T0,
                    Map.of("Email", FieldResolver.fingerprint(linked))));
        }
    }

    static PassReport pass(TenantReport report, Side side, String objectType) {
        return report.passes().stream().filter(p -> p.side() == side && p.objectType().equals(objectType))
                .findFirst().orElseThrow(() -> new AssertionError("no pass " + side + " " + objectType));
    }

    @Test
    void aRunTakesAtMostItsShareOfWhatRemainsOfTheWindowAndStopsTheTenantWhenItIsSpent() {
        tenantIds.add("acme");
        for (int i = 1; i <= 100; i++) {
            contact("acme", String.valueOf(i), i, "c" + i + "@example.com", "c" + i + "@example.com");
        }
        ledger.remaining.put(Crm.HUBSPOT, OptionalLong.of(53)); // 20%: 10 calls
        ledger.remaining.put(Crm.SALESFORCE, OptionalLong.empty()); // unlimited: the cap of 50

        TenantReport report = reconciler(Duration.ZERO).run(false).get(0);

        assertThat(report.budgets()).isEqualTo(Map.of(Crm.HUBSPOT, 10, Crm.SALESFORCE, 50));
        // The first run is an import: one count, then nine pages of five.
        assertThat(hubSpot.reads).isEqualTo(10);
        assertThat(report.stop()).isEqualTo(TenantStop.BUDGET_SPENT);
        PassReport contacts = pass(report, Side.HUBSPOT, "contact");
        assertThat(contacts.callsUsed()).isEqualTo(10);
        assertThat(contacts.recordsChecked()).isEqualTo(45);
        assertThat(contacts.stopReason()).isEqualTo("BUDGET_SPENT");
        assertThat(contacts.cursorTo()).isEqualTo(new Cursor(T0.plusSeconds(45), "45").encode());
        assertThat(contacts.importProgress()).extracting(Reconciler.ImportReport::done,
                Reconciler.ImportReport::total, Reconciler.ImportReport::calls, Reconciler.ImportReport::readFrom,
                Reconciler.ImportReport::finishedAt).containsExactly(45L, 100L, 10L, "pages", null);
        // HubSpot's budget is spent, Salesforce's is not: its passes still ran, on their own budget.
        assertThat(report.passes()).extracting(p -> p.side() + " " + p.objectType()).containsExactly(
                "HUBSPOT contact", "SALESFORCE Lead", "SALESFORCE Contact", "SALESFORCE Account");
        assertThat(salesforce.reads).isPositive();
        assertThat(cursors.load("acme", Side.HUBSPOT, "contact")).contains(new Cursor(T0.plusSeconds(45), "45"));
    }

    @Test
    void anEmptyWindowGrantsNothingAndReadsNothing() {
        tenantIds.add("acme");
        contact("acme", "1", 1, "a@example.com", null);
        ledger.remaining.put(Crm.HUBSPOT, OptionalLong.of(4)); // 20% of 4 rounds down to 0

        TenantReport report = reconciler(Duration.ZERO).run(false).get(0);

        assertThat(report.budgets()).containsEntry(Crm.HUBSPOT, 0);
        assertThat(report.stop()).isEqualTo(TenantStop.BUDGET_SPENT);
        assertThat(hubSpot.reads).isZero();
        assertThat(queued).isEmpty();
    }

    @Test
    void aPausedTenantStopsAndTheNextTenantStillRuns() {
        tenantIds.addAll(List.of("paused", "fine"));
        contact("paused", "1", 1, "a@example.com", null);
        contact("fine", "2", 1, "b@example.com", "old@example.com");
        Instant resumeAt = NOW.plus(Duration.ofHours(1));
        hubSpot.pausedTenants.put("paused", resumeAt);

        List<TenantReport> reports = reconciler(Duration.ZERO).run(false);

        assertThat(reports).extracting(TenantReport::tenantId).containsExactly("paused", "fine");
        TenantReport paused = reports.get(0);
        assertThat(paused.stop()).isEqualTo(TenantStop.PAUSED);
        assertThat(paused.resumeAt()).isEqualTo(resumeAt);
        assertThat(paused.passes()).singleElement().satisfies(p -> {
            assertThat(p.stopReason()).isEqualTo("PAUSED");
            assertThat(p.recordsChecked()).isZero();
        });
        assertThat(salesforce.readTenants).doesNotContain("paused");
        assertThat(cursors.load("paused", Side.HUBSPOT, "contact")).isEmpty();

        TenantReport fine = reports.get(1);
        assertThat(fine.stop()).isEqualTo(TenantStop.FINISHED);
        assertThat(queued).singleElement().satisfies(n -> {
            assertThat(n.tenantId()).isEqualTo("fine");
            assertThat(n.recordIds()).containsExactly("2");
        });
        assertThat(stored).extracting(TenantReport::stop).containsExactly(TenantStop.PAUSED, TenantStop.FINISHED);
    }

    @Test
    void theReportCountsEachSideAndObjectAndOnlyEnabledPairsAreReconciled() {
        tenantIds.add("acme");
        settings.put("acme", TenantSettings.defaults().withDeals(true, Map.of(), Map.of()));
        contact("acme", "1", 1, "a@example.com", "a@example.com"); // in sync
        contact("acme", "2", 2, "b@example.com", "old@example.com"); // drifted
        contact("acme", "3", 3, "c@example.com", null); // never paired
        salesforce.add("acme", "Contact", new ChangedRecord("0032", T0.plusSeconds(4),
                Map.of("Email", "b-sf@example.com", "HubSpot_Contact_Id__c", "2")));
        salesforce.add("acme", "Lead", new ChangedRecord("00Q9", T0.plusSeconds(5), Map.of("Email", "l@example.com")));

        TenantReport report = reconciler(Duration.ZERO).run(false).get(0);

        assertThat(report.stop()).isEqualTo(TenantStop.FINISHED);
        assertThat(report.deep()).isFalse();
        assertThat(report.passes()).extracting(p -> p.side() + " " + p.objectType()).containsExactly(
                "HUBSPOT contact", "SALESFORCE Lead", "SALESFORCE Contact", "HUBSPOT company", "SALESFORCE Account",
                "HUBSPOT deal", "SALESFORCE Opportunity", "SALESFORCE Opportunity#deleted");
        PassReport contacts = pass(report, Side.HUBSPOT, "contact");
        assertThat(contacts).extracting(PassReport::recordsChecked, PassReport::drift, PassReport::neverPaired,
                PassReport::repairsEnqueued, PassReport::callsUsed, PassReport::stopReason)
                .containsExactly(3, 1, 1, 2, 2, "CAUGHT_UP");
        assertThat(contacts.cursorFrom()).isEqualTo(Cursor.START.encode());
        // A first run is an import: it counted (1 call), read everything up to its start, and the cursor stands there.
        assertThat(contacts.cursorTo()).isEqualTo(new Cursor(NOW, "").encode());
        assertThat(contacts.importProgress()).extracting(Reconciler.ImportReport::done,
                Reconciler.ImportReport::total, Reconciler.ImportReport::finishedAt).containsExactly(3L, 3L, NOW);
        assertThat(pass(report, Side.SALESFORCE, "Contact")).extracting(PassReport::drift, PassReport::neverPaired)
                .containsExactly(1, 0);
        assertThat(pass(report, Side.SALESFORCE, "Lead")).extracting(PassReport::drift, PassReport::neverPaired)
                .containsExactly(0, 1);
        assertThat(queued).extracting(n -> n.source() + " " + n.objectType() + " " + n.recordIds()).containsExactly(
                "HUBSPOT contact [2, 3]", "SALESFORCE Lead [00Q9]", "SALESFORCE Contact [0032]");
        assertThat(stored).containsExactly(report);
        assertThat(ownerReads).as("no mapping maps an owner").isZero();
        // Every read was made on the tenant's behalf, so the call filter charged it to the tenant's allocation.
        assertThat(hubSpot.readTenants).containsOnly("acme");
    }

    @Test
    void theDeepRunRereadsItsLongerLookback() {
        tenantIds.add("acme");
        settings.put("acme", new TenantSettings(TenantSettings.SalesforceToHubSpot.DO_NOTHING,
                TenantSettings.HubSpotToSalesforce.CREATE_OR_UPDATE_THE_LEAD, false, Side.SALESFORCE));
        Cursor stored = new Cursor(NOW.minus(Duration.ofHours(1)), "9");
        cursors.save("acme", Side.HUBSPOT, "contact", stored);

        TenantReport regular = reconciler(Duration.ofMinutes(10)).run(false).get(0);
        TenantReport deep = reconciler(Duration.ofMinutes(10)).run(true).get(0);

        assertThat(pass(regular, Side.HUBSPOT, "contact").cursorFrom())
                .isEqualTo(stored.lookback(Duration.ofMinutes(10)).encode());
        assertThat(pass(deep, Side.HUBSPOT, "contact").cursorFrom())
                .isEqualTo(stored.lookback(Duration.ofHours(24)).encode());
        assertThat(deep.deep()).isTrue();
        assertThat(deep.passes()).extracting(PassReport::objectType).containsExactly("contact", "Lead", "Contact");
    }

    @Test
    void deletionsAreReadFromWhereTheLastRunStoppedAndQueuedAsDeletedRepairs() {
        tenantIds.add("acme");
        settings.put("acme", TenantSettings.defaults().withDeals(true, Map.of(), Map.of()));
        recycleBin.put("Opportunity", Map.of("006000000000001AAA", NOW.minus(Duration.ofHours(2)),
                "006000000000002AAA", NOW.minus(Duration.ofDays(3))));
        recycleBin.put("Lead", Map.of("00Q000000000001AAA", NOW.minus(Duration.ofHours(1))));

        TenantReport first = reconciler(Duration.ofMinutes(10)).run(false).get(0);

        // First run: the last day only; leads are not read while deleting contacts is "Do nothing".
        assertThat(deletedReads).containsExactly("Opportunity " + NOW.minus(Duration.ofDays(1)) + " " + NOW);
        assertThat(queued).filteredOn(n -> n.kind() == ChangeNotice.ChangeKind.DELETED).singleElement()
                .satisfies(n -> {
                    assertThat(n.source()).isEqualTo(ChangeNotice.SourceSystem.SALESFORCE);
                    assertThat(n.objectType()).isEqualTo("Opportunity");
                    assertThat(n.recordIds()).containsExactly("006000000000001AAA");
                });
        PassReport deletions = pass(first, Side.SALESFORCE, "Opportunity#deleted");
        assertThat(List.of(deletions.recordsChecked(), deletions.repairsEnqueued(), deletions.callsUsed()))
                .containsExactly(1, 1, 1);
        assertThat(cursors.load("acme", Side.SALESFORCE, "Opportunity#deleted")).contains(new Cursor(NOW, ""));

        // The next run starts where this one stopped, and with "Delete" reads leads and contacts too.
        settings.put("acme", settings.get("acme").withContactDeletion(true));
        // (as if the last run had been half an hour ago; a stored cursor never moves back through save)
        cursors.stored.put("acme" + Side.SALESFORCE + "Opportunity#deleted",
                new Cursor(NOW.minus(Duration.ofMinutes(30)), ""));
        deletedReads.clear();
        queued.clear();
        reconciler(Duration.ofMinutes(10)).run(false);
        assertThat(deletedReads).containsExactly("Opportunity " + NOW.minus(Duration.ofMinutes(30)) + " " + NOW,
                "Lead " + NOW.minus(Duration.ofDays(1)) + " " + NOW,
                "Contact " + NOW.minus(Duration.ofDays(1)) + " " + NOW);
        assertThat(queued).filteredOn(n -> n.kind() == ChangeNotice.ChangeKind.DELETED)
                .extracting(n -> n.objectType() + " " + n.recordIds()).containsExactly("Lead [00Q000000000001AAA]");
    }

    @Test
    void deletionsWaitWhenSalesforceCannotAnswerOrTheBudgetIsSpent() {
        tenantIds.add("acme");
        settings.put("acme", TenantSettings.defaults().withDeals(true, Map.of(), Map.of()));
        recycleBin.put("Opportunity", Map.of("006000000000001AAA", NOW.minus(Duration.ofHours(2))));
        deletedUnavailable = true;

        TenantReport report = reconciler(Duration.ofMinutes(10)).run(false).get(0);

        assertThat(pass(report, Side.SALESFORCE, "Opportunity#deleted").stopReason()).isEqualTo("CRM_UNAVAILABLE");
        assertThat(cursors.load("acme", Side.SALESFORCE, "Opportunity#deleted")).isEmpty();
        assertThat(queued).noneMatch(n -> n.kind() == ChangeNotice.ChangeKind.DELETED);
    }

    /** Serves records per tenant and object in cursor order; refuses a paused tenant as the call filter does. */
    static final class ScopedReader implements ChangeReader {
        final TenantCalls scope;
        final Map<String, List<ChangedRecord>> records = new HashMap<>();
        final Map<String, Instant> pausedTenants = new HashMap<>();
        final List<String> readTenants = new ArrayList<>();
        int reads;

        @Override
        public long count(String tenantId, String objectType, Instant until) {
            readTenants.add(scope.current().orElse("nobody"));
            if (pausedTenants.containsKey(tenantId)) {
                throw new SyncPausedException("allocation reached (test)", pausedTenants.get(tenantId),
                        Optional.empty());
            }
            reads++;
            return records.getOrDefault(tenantId + "|" + objectType, List.of()).stream()
                    .filter(r -> !r.modifiedAt().isAfter(until)).count();
        }

        ScopedReader(TenantCalls scope) {
            this.scope = scope;
        }

        void add(String tenant, String objectType, ChangedRecord record) {
            records.computeIfAbsent(tenant + "|" + objectType, k -> new ArrayList<>()).add(record);
        }

        @Override
        public Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
                Instant until) {
            // The call filter charges whoever TenantCalls names; a read outside it would be charged to no one.
            readTenants.add(scope.current().orElse("nobody"));
            if (pausedTenants.containsKey(tenantId)) {
                throw new SyncPausedException("allocation reached (test)", pausedTenants.get(tenantId),
                        Optional.empty());
            }
            reads++;
            List<ChangedRecord> changed = records.getOrDefault(tenantId + "|" + objectType, List.of()).stream()
                    .filter(r -> r.cursor().isAfter(after)).filter(r -> !r.modifiedAt().isAfter(until))
                    .sorted((a, b) -> a.cursor().compareTo(b.cursor())).toList();
            List<ChangedRecord> page = changed.subList(0, Math.min(limit, changed.size()));
            return new Page(page, changed.size() > limit ? Optional.of(page.get(page.size() - 1).cursor())
                    : Optional.empty());
        }
    }

    /** Only {@link #usage} matters here: what remains of each CRM's window (empty: unlimited). */
    /** Keeps every report saved, in order; the last one is what a reader gets back. */
    static ReconcileReports reportsInto(List<TenantReport> stored) {
        return new ReconcileReports() {
            @Override
            public void save(TenantReport report) {
                stored.add(report);
            }

            @Override
            public Optional<TenantReport> last(String tenantId) {
                return stored.stream().filter(r -> r.tenantId().equals(tenantId)).reduce((a, b) -> b);
            }
        };
    }

    static final class FakeLedger implements Ledger {
        final Map<Crm, OptionalLong> remaining = new HashMap<>();
        /** Used in the window and the allocation, for the 75% rule. */
        final Map<Crm, long[]> usedOfAllocated = new HashMap<>();

        @Override
        public Usage usage(String tenantId, Crm crm, Instant now) {
            long[] used = usedOfAllocated.get(crm);
            return new Usage(crm, now, used == null ? 0 : used[0], Optional.empty(),
                    used == null ? OptionalLong.empty() : OptionalLong.of(used[1]),
                    remaining.getOrDefault(crm, OptionalLong.empty()), new TreeMap<>(), Optional.empty());
        }

        /** The reconciler itself never reserves (the REST door does): every reservation is granted. */
        @Override
        public Reservation reserve(String tenantId, Crm crm, int calls, Instant now) {
            return new Reservation.Granted(Long.MAX_VALUE);
        }

        @Override
        public void observe(String tenantId, Crm crm, long orgUsed, long orgLimit, Instant now) {
            remaining.put(crm, OptionalLong.of(Math.max(0, orgLimit - orgUsed)));
        }

        @Override
        public void setAllocation(String tenantId, Allocation allocation) {
            allocation.callsPerDay().ifPresent(calls -> remaining.put(allocation.crm(), OptionalLong.of(calls)));
        }

        @Override
        public Optional<Allocation> allocation(String tenantId, Crm crm) {
            return Optional.empty();
        }
    }

    @Test
    void recordsACrmRefusedAreRetriedEveryThirtyMinutesUntilAWindowReachesThreeQuarters() {
        tenantIds.add("acme");
        errorLog.record(List.of(
                new SyncErrorLog.SyncError("acme", "hubspot|contact|11", "Custom code", "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                        "Title is required", NOW.minus(Duration.ofMinutes(31))),
                new SyncErrorLog.SyncError("acme", "salesforce|Lead|00Q000000000001AAA", "Property values", "INVALID",
                        "bad", NOW.minus(Duration.ofHours(2))),
                new SyncErrorLog.SyncError("acme", "hubspot|contact|12", "Custom code", "X", "just now",
                        NOW.minus(Duration.ofMinutes(5)))));

        TenantReport report = reconciler(Duration.ZERO).run(false).get(0);

        assertThat(report.erroredRetry()).isEqualTo(new Reconciler.ErroredRetry(2, 3, null));
        assertThat(queued).filteredOn(n -> "errored-retry".equals(n.hints().get("via")))
                .extracting(n -> n.source() + " " + n.objectType() + " " + n.recordIds())
                .containsExactly("HUBSPOT contact [11]", "SALESFORCE Lead [00Q000000000001AAA]");

        queued.clear();
        ledger.usedOfAllocated.put(Crm.SALESFORCE, new long[] {750, 1000});
        TenantReport stopped = reconciler(Duration.ZERO).run(false).get(0);
        assertThat(stopped.erroredRetry().stoppedBy()).isEqualTo("SALESFORCE window at 75% of its allocation");
        assertThat(queued).noneMatch(n -> "errored-retry".equals(n.hints().get("via")));
    }
}
