package io.crmsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.SyncRule;
import io.crmsync.reconcile.ReconcilePass.Report;
import io.crmsync.reconcile.ReconcilePass.StopReason;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.sync.FieldResolver;
import io.crmsync.crm.Side;
import io.crmsync.sync.Link;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.Owners;

/** The pass with in-memory ports: budget stops, resumption, lookback, batching of repairs. */
class ReconcilePassTest {

    static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-04-01T12:00:00Z");
    static final ObjectMapping MAPPING = new ObjectMapping(ObjectPair.CONTACT_CONTACT,
            List.of(FieldMapping.text("email", "Email", SyncRule.TWO_WAY)), Map.of());

    final FakeReader hubSpot = new FakeReader();
    final FakeLinks links = new FakeLinks();
    final List<ChangeNotice> queued = new ArrayList<>();
    final NoticeQueue queue = queued::addAll;
    final FakeCursors cursors = new FakeCursors();
    final FakeImports imports = new FakeImports();

    ReconcilePass pass(int pageSize, Duration lookback) {
        return new ReconcilePass(hubSpot, Optional.empty(), links, queue, cursors, imports,
                Clock.fixed(NOW, ZoneOffset.UTC), new ReconcilePass.Settings(pageSize, lookback, 4), d -> { });
    }

    /** HubSpot contact {@code id} changed at T0 + seconds, linked as holding {@code linkedEmail} (null: no link). */
    void contact(String id, int seconds, String email, String linkedEmail) {
        hubSpot.records.add(new ChangedRecord(id, T0.plusSeconds(seconds), Map.of("email", email)));
        if (linkedEmail != null) {
            links.save(new Link("acme", "contact", id, "Contact", "003" + id, "h", T0,
                    Map.of("Email", FieldResolver.fingerprint(linkedEmail))));
        }
    }

    Report run(ReconcilePass pass, CallBudget budget) {
        return pass.run("acme", Side.HUBSPOT, List.of(MAPPING), Owners.NONE, budget);
    }

    List<String> repairedIds() {
        return queued.stream().flatMap(n -> n.recordIds().stream()).toList();
    }

    @Test
    void stopsWhenTheBudgetRunsOutMidPageAndTheNextPassFinishesWithNothingSkippedOrRepairedTwice() {
        for (int i = 1; i <= 10; i++) {
            String email = "c" + i + "@example.com";
            contact(String.valueOf(i), i, email, i == 3 || i == 8 ? "old@example.com" : email);
        }
        // Two ties in one second, ordered by id: 11 before 12.
        contact("12", 10, "c12@example.com", null);
        contact("11", 10, "c11@example.com", "c11@example.com");
        ReconcilePass pass = pass(5, Duration.ZERO);

        // The first pass is an import. A count (1), a read (1), the repair of 3 (4), a read (1): no room left for
        // the repair of 8.
        Report first = run(pass, CallBudget.atMost(7));

        assertThat(first.stopReason()).isEqualTo(StopReason.BUDGET_SPENT);
        assertThat(first.recordsChecked()).isEqualTo(7);
        assertThat(first.drift()).isEqualTo(1);
        assertThat(first.repairsEnqueued()).isEqualTo(1);
        assertThat(first.callsUsed()).isEqualTo(3);
        assertThat(first.importProgress()).extracting(ImportProgress::done, ImportProgress::total,
                ImportProgress::calls, ImportProgress::finished).containsExactly(7L, 12L, 3L, false);
        assertThat(first.from()).isEqualTo(Cursor.START);
        assertThat(first.to()).isEqualTo(new Cursor(T0.plusSeconds(7), "7"));
        assertThat(cursors.load("acme", Side.HUBSPOT, "contact")).contains(first.to());
        assertThat(repairedIds()).containsExactly("3");

        Report second = run(pass, CallBudget.atMost(100));

        assertThat(second.stopReason()).isEqualTo(StopReason.CAUGHT_UP);
        assertThat(second.from()).isEqualTo(first.to());
        assertThat(second.recordsChecked()).isEqualTo(5);
        assertThat(second.drift()).isEqualTo(1);
        assertThat(second.neverPaired()).isEqualTo(1);
        // The import read everything up to its start: the next pass reads changes from there.
        assertThat(second.to()).isEqualTo(new Cursor(NOW, ""));
        assertThat(second.importProgress()).extracting(ImportProgress::done, ImportProgress::total,
                ImportProgress::calls, ImportProgress::finishedAt).containsExactly(12L, 12L, 4L, NOW);
        assertThat(hubSpot.counts).isEqualTo(1);
        assertThat(repairedIds()).containsExactly("3", "8", "12");
        // 8 to 10 were read but not checked by the first pass, so the second reads them again.
        assertThat(hubSpot.readIds).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "8", "9", "10",
                "11", "12");
        assertThat(queued).allSatisfy(n -> {
            assertThat(n.version()).isEqualTo(1);
            assertThat(n.kind()).isEqualTo(ChangeNotice.ChangeKind.UPDATED);
            assertThat(n.source()).isEqualTo(ChangeNotice.SourceSystem.HUBSPOT);
            assertThat(n.objectType()).isEqualTo("contact");
        });
    }

    @Test
    void noRoomForAReadReadsNothingAndKeepsTheCursor() {
        contact("1", 1, "a@example.com", null);
        cursors.save("acme", Side.HUBSPOT, "contact", new Cursor(T0, "0"));

        Report report = run(pass(5, Duration.ZERO), CallBudget.atMost(0));

        assertThat(report.stopReason()).isEqualTo(StopReason.BUDGET_SPENT);
        assertThat(report.callsUsed()).isZero();
        assertThat(report.to()).isEqualTo(new Cursor(T0, "0"));
        assertThat(hubSpot.readIds).isEmpty();
    }

    @Test
    void anUnavailableCrmStopsAfterTheLastWholePage() {
        for (int i = 1; i <= 8; i++) {
            contact(String.valueOf(i), i, "c" + i + "@example.com", null);
        }
        hubSpot.failAfterReads = 1;

        Report report = run(pass(5, Duration.ZERO), CallBudget.atMost(100));

        assertThat(report.stopReason()).isEqualTo(StopReason.CRM_UNAVAILABLE);
        // The count, a page, the failed read.
        assertThat(report.callsUsed()).isEqualTo(3);
        assertThat(report.to()).isEqualTo(new Cursor(T0.plusSeconds(5), "5"));
        assertThat(repairedIds()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void theLookbackFindsALateChangeWithoutMovingTheCursorBack() {
        cursors.save("acme", Side.HUBSPOT, "contact", new Cursor(T0, ""));
        contact("1", 100, "a@example.com", "a@example.com");
        ReconcilePass pass = pass(5, Duration.ofMinutes(10));
        Report first = run(pass, CallBudget.atMost(100));
        assertThat(first.to()).isEqualTo(new Cursor(T0.plusSeconds(100), "1"));

        // Became visible after the first pass, with a modstamp before its cursor.
        contact("2", 60, "b@example.com", "old@example.com");
        Report second = run(pass, CallBudget.atMost(100));

        assertThat(second.from()).isEqualTo(new Cursor(T0.plusSeconds(100).minus(Duration.ofMinutes(10)), ""));
        assertThat(second.drift()).isEqualTo(1);
        assertThat(repairedIds()).containsExactly("2");
        assertThat(second.to()).isEqualTo(first.to());
        assertThat(cursors.load("acme", Side.HUBSPOT, "contact")).contains(first.to());
    }

    @Test
    void salesforceRecordsFindTheirLinksThroughTheExternalIdAndRepairsGoOutAHundredIdsANotice() {
        ObjectMapping mapping = MAPPING;
        FakeReader salesforce = new FakeReader();
        for (int i = 1; i <= 250; i++) {
            String id = String.format("003%015d", i);
            // Record 1 is linked and in sync; the rest name no twin.
            salesforce.records.add(new ChangedRecord(id, T0.plusSeconds(i), i == 1
                    ? Map.of("Email", "a@example.com", "HubSpot_Contact_Id__c", "501")
                    : Map.of("Email", "x" + i + "@example.com")));
        }
        links.save(new Link("acme", "contact", "501", "Contact", String.format("003%015d", 1), "h", T0,
                Map.of("Email", FieldResolver.fingerprint("a@example.com"))));
        ReconcilePass pass = new ReconcilePass(salesforce, Optional.empty(), links, queue, cursors, imports,
                Clock.fixed(NOW, ZoneOffset.UTC), new ReconcilePass.Settings(2_000, Duration.ZERO, 4), d -> { });

        Report report = pass.run("acme", Side.SALESFORCE, List.of(mapping), Owners.NONE, CallBudget.atMost(100));

        assertThat(report.stopReason()).isEqualTo(StopReason.CAUGHT_UP);
        assertThat(report.recordsChecked()).isEqualTo(250);
        assertThat(report.neverPaired()).isEqualTo(249);
        assertThat(report.callsUsed()).isEqualTo(2);
        assertThat(salesforce.lastProperties).containsExactly("Email", "HubSpot_Contact_Id__c");
        assertThat(queued).extracting(n -> n.recordIds().size()).containsExactly(100, 100, 49);
        assertThat(queued).allSatisfy(n -> {
            assertThat(n.source()).isEqualTo(ChangeNotice.SourceSystem.SALESFORCE);
            assertThat(n.objectType()).isEqualTo("Contact");
        });
        assertThat(links.bySalesforceIdLookups).isEqualTo(249);
        assertThat(cursors.load("acme", Side.SALESFORCE, "Contact")).contains(report.to());
    }

    /** Salesforce Contacts 003…{i}, modified at T0 + i seconds, all linked and in sync except those in drifted. */
    FakeReader salesforceContacts(int count, java.util.Set<Integer> drifted) {
        FakeReader salesforce = new FakeReader();
        for (int i = 1; i <= count; i++) {
            String id = String.format("003%015d", i);
            String email = "c" + i + "@example.com";
            salesforce.records.add(new ChangedRecord(id, T0.plusSeconds(i),
                    Map.of("Email", email, "HubSpot_Contact_Id__c", String.valueOf(i))));
            links.save(new Link("acme", "contact", String.valueOf(i), "Contact", id, "h", T0,
                    Map.of("Email", FieldResolver.fingerprint(drifted.contains(i) ? "old@example.com" : email))));
        }
        return salesforce;
    }

    static String contactId(int i) {
        return String.format("003%015d", i);
    }

    ReconcilePass snapshotPass(FakeReader salesforce, FakeSnapshots snapshots, List<Duration> sleeps) {
        return new ReconcilePass(salesforce, Optional.of(snapshots), links, queue, cursors, imports,
                Clock.fixed(NOW, ZoneOffset.UTC), new ReconcilePass.Settings(2_000, Duration.ofMinutes(10), 4, 20, 10),
                sleeps::add);
    }

    Report runSalesforce(ReconcilePass pass, CallBudget budget) {
        return pass.run("acme", Side.SALESFORCE, List.of(MAPPING), Owners.NONE, budget);
    }

    @Test
    void aLargeImportReadsOneSnapshotAcrossRunsResumingInsideAPageWithNothingCheckedOrRepairedTwice() {
        FakeReader salesforce = salesforceContacts(35, java.util.Set.of(3, 12, 14, 33));
        FakeSnapshots snapshots = new FakeSnapshots(salesforce.records);
        snapshots.preparingPolls = 2;
        List<Duration> sleeps = new ArrayList<>();
        ReconcilePass pass = snapshotPass(salesforce, snapshots, sleeps);

        // The snapshot's pages of 10: 35-26, 25-16, 15-6, 5-1. Count (1), start (1), three polls (3), page 1 (1),
        // the repair of 33 (4), pages 2 and 3 (2): 12 of 15. No room for the repair of 14, the second record of
        // page 3, so the run stops inside that page.
        Report first = runSalesforce(pass, CallBudget.atMost(15));

        assertThat(first.stopReason()).isEqualTo(StopReason.BUDGET_SPENT);
        assertThat(first.callsUsed()).as("the repair's calls are the worker's").isEqualTo(8);
        assertThat(first.recordsChecked()).isEqualTo(21);
        assertThat(repairedIds()).containsExactly(contactId(33));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(salesforce.counts).isEqualTo(1);
        assertThat(salesforce.reads).as("no page is read by query").isZero();
        assertThat(snapshots.started).containsExactly("acme Contact until " + NOW + " " + List.of("Email",
                "HubSpot_Contact_Id__c"));
        assertThat(first.importProgress()).extracting(ImportProgress::done, ImportProgress::total,
                ImportProgress::calls, ImportProgress::snapshotLocator, ImportProgress::snapshotOffset,
                ImportProgress::finished).containsExactly(21L, 35L, 8L, "20", 1, false);
        assertThat(cursors.load("acme", Side.SALESFORCE, "Contact")).as("no cursor inside a snapshot").isEmpty();

        Report second = runSalesforce(pass, CallBudget.atMost(100));

        assertThat(second.stopReason()).isEqualTo(StopReason.CAUGHT_UP);
        assertThat(second.recordsChecked()).isEqualTo(14);
        assertThat(snapshots.started).as("the same snapshot").hasSize(1);
        assertThat(repairedIds()).containsExactly(contactId(33), contactId(14), contactId(12), contactId(3));
        assertThat(second.importProgress()).extracting(ImportProgress::done, ImportProgress::total,
                ImportProgress::calls, ImportProgress::finishedAt).containsExactly(35L, 35L, 11L, NOW);
        assertThat(cursors.load("acme", Side.SALESFORCE, "Contact")).contains(new Cursor(NOW, ""));
        // Page 3 was read again from its locator, then page 4.
        assertThat(snapshots.pagesRead).containsExactly("first", "10", "20", "20", "30");

        Report third = runSalesforce(pass, CallBudget.atMost(100));
        assertThat(third.importProgress()).as("an import runs once").isNull();
        assertThat(third.from()).isEqualTo(new Cursor(NOW.minus(Duration.ofMinutes(10)), ""));
        assertThat(salesforce.reads).isEqualTo(1);
    }

    @Test
    void aSnapshotStillPreparingAfterFiveMinutesOfDoublingWaitsIsPolledAgainByTheNextRun() {
        FakeReader salesforce = salesforceContacts(25, java.util.Set.of());
        FakeSnapshots snapshots = new FakeSnapshots(salesforce.records);
        snapshots.preparingPolls = 1_000;
        List<Duration> sleeps = new ArrayList<>();
        ReconcilePass pass = snapshotPass(salesforce, snapshots, sleeps);

        Report first = runSalesforce(pass, CallBudget.atMost(1_000));

        assertThat(first.stopReason()).isEqualTo(StopReason.CRM_UNAVAILABLE);
        assertThat(sleeps).startsWith(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))
                .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)));
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThanOrEqualTo(Duration.ofMinutes(5))
                .isLessThan(Duration.ofMinutes(6));
        assertThat(first.importProgress().readsSnapshot()).isTrue();
        assertThat(first.callsUsed()).isEqualTo(2 + sleeps.size() + 1);

        snapshots.preparingPolls = 0;
        Report second = runSalesforce(pass, CallBudget.atMost(1_000));

        assertThat(second.stopReason()).isEqualTo(StopReason.CAUGHT_UP);
        assertThat(second.recordsChecked()).isEqualTo(25);
        assertThat(snapshots.started).hasSize(1);
    }

    @Test
    void aSnapshotThatIsGoneHandsTheImportToQueriesFromTheStart() {
        FakeReader salesforce = salesforceContacts(25, java.util.Set.of(7));
        FakeSnapshots snapshots = new FakeSnapshots(salesforce.records);
        snapshots.fail = true;
        ReconcilePass pass = snapshotPass(salesforce, snapshots, new ArrayList<>());

        Report first = runSalesforce(pass, CallBudget.atMost(100));

        assertThat(first.stopReason()).isEqualTo(StopReason.CRM_UNAVAILABLE);
        assertThat(first.importProgress().readsSnapshot()).isFalse();
        assertThat(first.recordsChecked()).isZero();

        Report second = runSalesforce(pass, CallBudget.atMost(100));

        assertThat(second.stopReason()).isEqualTo(StopReason.CAUGHT_UP);
        assertThat(second.recordsChecked()).isEqualTo(25);
        assertThat(salesforce.counts).as("the import was counted once").isEqualTo(1);
        assertThat(snapshots.started).hasSize(1);
        assertThat(second.importProgress()).extracting(ImportProgress::done, ImportProgress::total,
                ImportProgress::finished).containsExactly(25L, 25L, true);
        assertThat(repairedIds()).containsExactly(String.format("003%015d", 7));
    }

    @Test
    void aSmallImportReadsPagesAndAnEmptyObjectIsImportedOnce() {
        FakeReader salesforce = salesforceContacts(20, java.util.Set.of());
        FakeSnapshots snapshots = new FakeSnapshots(salesforce.records);
        ReconcilePass pass = snapshotPass(salesforce, snapshots, new ArrayList<>());

        Report report = runSalesforce(pass, CallBudget.atMost(100));

        assertThat(report.importProgress().readsSnapshot()).isFalse();
        assertThat(report.importProgress().done()).isEqualTo(20);
        assertThat(snapshots.started).as("20 records are not above 20").isEmpty();

        // An object with nothing in it: counted once, then read as changes.
        ReconcilePass nothing = pass(5, Duration.ZERO);
        Report empty = run(nothing, CallBudget.atMost(100));
        assertThat(empty.importProgress()).extracting(ImportProgress::total, ImportProgress::finished)
                .containsExactly(0L, true);
        assertThat(cursors.load("acme", Side.HUBSPOT, "contact")).contains(new Cursor(NOW, ""));
        run(nothing, CallBudget.atMost(100));
        assertThat(hubSpot.counts).isEqualTo(1);
    }

    /** Serves a snapshot of the given records in pages (in reverse order: a snapshot has none). */
    static final class FakeSnapshots implements SnapshotReader {
        final List<ChangedRecord> records;
        final List<String> started = new ArrayList<>();
        final List<String> pagesRead = new ArrayList<>();
        int preparingPolls;
        boolean fail;
        List<ChangedRecord> snapshot;

        FakeSnapshots(List<ChangedRecord> records) {
            this.records = records;
        }

        @Override
        public String start(String tenantId, String objectType, List<String> properties, Instant until) {
            started.add(tenantId + " " + objectType + " until " + until + " " + properties);
            snapshot = new ArrayList<>(records.stream().filter(r -> !r.modifiedAt().isAfter(until)).toList());
            java.util.Collections.reverse(snapshot);
            return "750" + started.size();
        }

        @Override
        public State state(String tenantId, String snapshotId) {
            if (fail) {
                return State.gone("Failed (test)");
            }
            if (preparingPolls-- > 0) {
                return State.preparing();
            }
            return State.ready(java.util.OptionalLong.of(snapshot.size()));
        }

        @Override
        public SnapshotPage page(String tenantId, String snapshotId, String locator, int limit) {
            pagesRead.add(locator == null ? "first" : locator);
            int from = locator == null ? 0 : Integer.parseInt(locator);
            int to = Math.min(snapshot.size(), from + limit);
            return new SnapshotPage(snapshot.subList(from, to), to < snapshot.size() ? Optional.of(Integer.toString(to))
                    : Optional.empty());
        }
    }

    /** Serves its records in cursor order, like the CRM readers. */
    static final class FakeReader implements ChangeReader {
        final List<ChangedRecord> records = new ArrayList<>();
        final List<String> readIds = new ArrayList<>();
        List<String> lastProperties;
        int reads;
        int counts;
        int failAfterReads = Integer.MAX_VALUE;

        @Override
        public long count(String tenantId, String objectType, Instant until) {
            counts++;
            return records.stream().filter(r -> !r.modifiedAt().isAfter(until)).count();
        }

        @Override
        public Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
                Instant until) {
            if (reads++ >= failAfterReads) {
                throw new CrmUnavailableException("429 (test)", null);
            }
            lastProperties = properties;
            List<ChangedRecord> changed = records.stream().filter(r -> r.cursor().isAfter(after))
                    .filter(r -> !r.modifiedAt().isAfter(until)).sorted((a, b) -> a.cursor().compareTo(b.cursor()))
                    .toList();
            List<ChangedRecord> page = changed.subList(0, Math.min(limit, changed.size()));
            page.forEach(r -> readIds.add(r.id()));
            return new Page(page, changed.size() > limit ? Optional.of(page.get(page.size() - 1).cursor())
                    : Optional.empty());
        }
    }

    static final class FakeLinks implements LinkStore {
        final Map<String, Link> byHubSpotId = new HashMap<>();
        int bySalesforceIdLookups;

        @Override
        public Map<String, Link> findByHubSpotIds(String tenantId, String hubSpotObject, Collection<String> ids) {
            Map<String, Link> found = new HashMap<>();
            ids.forEach(id -> Optional.ofNullable(byHubSpotId.get(id)).ifPresent(l -> found.put(id, l)));
            return found;
        }

        @Override
        public Optional<Link> findBySalesforceId(String tenantId, String salesforceObject, String salesforceId) {
            bySalesforceIdLookups++;
            return byHubSpotId.values().stream().filter(l -> l.salesforceId().equals(salesforceId)).findFirst();
        }

        @Override
        public boolean save(Link link) {
            byHubSpotId.put(link.hubSpotId(), link);
            return true;
        }

        @Override
        public void delete(String tenantId, String hubSpotObject, String hubSpotId) {
            byHubSpotId.remove(hubSpotId);
        }
    }

    static final class FakeCursors implements CursorStore {
        final Map<String, Cursor> stored = new HashMap<>();

        @Override
        public Optional<Cursor> load(String tenantId, Side side, String objectType) {
            return Optional.ofNullable(stored.get(tenantId + side + objectType));
        }

        @Override
        public void save(String tenantId, Side side, String objectType, Cursor cursor) {
            stored.merge(tenantId + side + objectType, cursor, Cursor::max);
        }
    }

    static final class FakeImports implements ImportStore {
        final Map<String, ImportProgress> stored = new HashMap<>();

        @Override
        public Optional<ImportProgress> load(String tenantId, Side side, String objectType) {
            return Optional.ofNullable(stored.get(tenantId + side + objectType));
        }

        @Override
        public void save(String tenantId, Side side, String objectType, ImportProgress progress) {
            stored.put(tenantId + side + objectType, progress);
        }
    }
}
