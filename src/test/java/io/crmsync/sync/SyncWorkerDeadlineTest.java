package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.tenant.TenantScope;
import io.crmsync.tenant.TenantSettings;

/**
 * The worker under its invocation's deadline: a clock that the fake CRM calls advance, so the deadline passes in
 * the middle of a batch as it does when a bulk change lands in one invocation.
 */
class SyncWorkerDeadlineTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    /** sync-worker's Timeout and the configured margin (application.properties): 12 s of 60 s. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * Salesforce Tasks as the worker hands them on (the activity path takes the same steps as records): counts
     * each id it syncs and takes {@code perRecord} of the clock for each record of a call.
     */
    static class TimedActivities implements ActivityNotices {
        final MutableClock clock;
        final Duration perRecord;
        final Map<String, Integer> synced = new HashMap<>();
        final List<Integer> callSizes = new ArrayList<>();

        TimedActivities(MutableClock clock, Duration perRecord) {
            this.clock = clock;
            this.perRecord = perRecord;
        }

        @Override
        public boolean handles(boolean fromHubSpot, String objectType) {
            return objectType.equals("Task");
        }

        @Override
        public Map<String, RecordOutcome> sync(String tenantId, boolean fromHubSpot, String objectType,
                Collection<String> ids) {
            clock.advance(perRecord.multipliedBy(ids.size()));
            callSizes.add(ids.size());
            Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
            ids.forEach(id -> {
                synced.merge(id, 1, Integer::sum);
                outcomes.put(id, RecordOutcome.of(RecordOutcome.Status.SYNCED));
            });
            return outcomes;
        }
    }

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final MutableClock clock = new MutableClock(NOW);
    final SyncWorkerTest.RecordingDisposition queue = new SyncWorkerTest.RecordingDisposition();
    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();

    SyncWorker worker(ActivityNotices activities, HubSpotRecords hubSpotPort) {
        SyncEngine engine = new SyncEngine(new SyncEngine.Ports(hubSpotPort, salesforce, new InMemoryPorts.OwnerBook(),
                new InMemoryPorts.Lists(), new InMemoryPorts.Associations(), new InMemoryPorts.Links(),
                new InMemoryPorts.Audit(), new InMemoryPorts.Errors(), new InMemoryPorts.Waits()),
                (tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow(), tenant -> TenantSettings.defaults(),
                clock);
        return new SyncWorker(json, engine, activities, Map::of, queue, RetryBackoff.standard(() -> 0.0), 5,
                new SuspensionTracker(new NoSuspensions(), clock, Duration.ofMinutes(5)), clock, TenantScope.NONE);
    }

    /** Lambda's deadline for an invocation starting now: the Timeout, margin max(10 s, 20%). */
    Deadline deadlineFromNow() {
        return Deadline.after(clock.instant(), TIMEOUT, Duration.ofSeconds(10), 0.2);
    }

    static ChangeNotice tasks(List<String> ids) {
        return new ChangeNotice(1, "acme", SourceSystem.SALESFORCE, "Task", ids, ChangeKind.UPDATED,
                Instant.parse("2026-12-07T11:00:00Z"), List.of(), null, Map.of("via", "cdc"));
    }

    static List<String> ids(String prefix, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> prefix + i).toList();
    }

    /**
     * The bulk case: 100 notices of up to 200 ids (one group, 19,850 records). One leading notice of 50 ids puts the
     * 600-record steps across notice boundaries, so the notice the deadline falls in is cut.
     */
    List<QueuedMessage> bulkBatch() throws Exception {
        List<QueuedMessage> batch = new ArrayList<>();
        batch.add(message("m0", tasks(ids("t", 0, 50))));
        for (int n = 1; n < 100; n++) {
            batch.add(message("m" + n, tasks(ids("t", 50 + (n - 1) * 200, 200))));
        }
        return batch;
    }

    QueuedMessage message(String id, ChangeNotice notice) throws Exception {
        return new QueuedMessage(id, "rh-" + id, json.writeValueAsString(notice), 1, 0);
    }

    @Test
    void stopsStartingStepsBeforeTheDeadlineAndRequeuesTheRestWithoutSpendingAReceive() throws Exception {
        TimedActivities activities = new TimedActivities(clock, Duration.ofMillis(10));
        SyncWorker worker = worker(activities, hubSpot);
        Deadline deadline = deadlineFromNow();

        List<String> handBack = worker.handle(bulkBatch(), deadline);

        assertThat(handBack).as("nothing reported as a failure").isEmpty();
        assertThat(queue.delayed).as("no visibility change: no receive spent").isEmpty();
        assertThat(queue.quarantined).isEmpty();
        // 100 first (1 s); then at 15 ms a record (10 ms and half again) what fits before the 12 s margin:
        // 47 s → 3,000; 17 s → 600; 11 s → 600; 5 s → 300; 2 s → 100; at 47 s, 1 s fits no step of 100.
        assertThat(activities.callSizes).containsExactly(100, 3000, 600, 600, 300, 100);
        assertThat(clock.instant()).isEqualTo(NOW.plusSeconds(47))
                .isBefore(deadline.at().minus(deadline.margin()));
        // 4,700 records done: m0 (50) and m1..m23 (4,600) whole, m24's first 50; m24 goes back cut, m25..m99 whole.
        List<MessageDisposition.Deferral> copies = queue.deferred;
        assertThat(copies).extracting(MessageDisposition.Deferral::messageId)
                .containsExactlyElementsOf(IntStream.range(24, 100).mapToObj(n -> "m" + n).toList());
        assertThat(copies).allSatisfy(c -> {
            assertThat(c.delay()).isZero();
            assertThat(c.deferrals()).as("a re-queue is no deferral").isZero();
        });
        ChangeNotice cut = json.readValue(copies.get(0).body(), ChangeNotice.class);
        assertThat(cut.recordIds()).containsExactlyElementsOf(ids("t", 4700, 150));
        assertThat(cut.hints()).containsEntry("via", "cdc");
        assertThat(cut.occurredAt()).isEqualTo(Instant.parse("2026-12-07T11:00:00Z"));
        assertThat(copies.get(1).body()).as("a notice not started goes back unchanged")
                .isEqualTo(bulkBatch().get(25).body());
    }

    @Test
    void onALoadedMachineSmallStepsRunAndTheRestIsRequeued() throws Exception {
        // 115 ms a record, as a bench run measured on a loaded 2-core machine: a 600-record step would take 69 s.
        // 100 first (11.5 s); then 36.5 s fit 211 records at 172.5 ms: 200 (23 s); then 13.5 s fit no step of 100.
        TimedActivities activities = new TimedActivities(clock, Duration.ofMillis(115));
        SyncWorker worker = worker(activities, hubSpot);
        Deadline deadline = deadlineFromNow();

        assertThat(worker.handle(bulkBatch(), deadline)).isEmpty();

        assertThat(activities.callSizes).containsExactly(100, 200);
        assertThat(clock.instant()).isEqualTo(NOW.plusMillis(34_500)).isBefore(deadline.at());
        assertThat(queue.deferred).hasSize(98);
    }

    @Test
    void withAQuarterOfACoreTheNextInvocationsFirstStepIsSizedByTheLastOnesPace() throws Exception {
        // 450 ms a record: the first step of a fresh environment (100 records) takes 45 s, inside the 60 s.
        TimedActivities activities = new TimedActivities(clock, Duration.ofMillis(450));
        SyncWorker worker = worker(activities, hubSpot);
        assertThat(worker.handle(bulkBatch(), deadlineFromNow())).isEmpty();
        assertThat(activities.callSizes).containsExactly(100);
        activities.callSizes.clear();

        // The next invocation knows: 48 s before the margin fit 71 records at 675 ms, so it starts 71, not 100.
        Instant start = clock.instant();
        Deadline next = deadlineFromNow();
        assertThat(worker.handle(bulkBatch().subList(10, 20), next)).isEmpty();
        assertThat(activities.callSizes).containsExactly(71);
        assertThat(clock.instant()).isBefore(next.at().minus(next.margin())).isEqualTo(start.plusMillis(71 * 450));
    }

    @Test
    void requeuedCopiesSyncEveryRecordExactlyOnceOverTheInvocations() throws Exception {
        TimedActivities activities = new TimedActivities(clock, Duration.ofMillis(10));
        SyncWorker worker = worker(activities, hubSpot);
        List<QueuedMessage> batch = bulkBatch();
        int invocations = 0;
        while (!batch.isEmpty()) {
            invocations++;
            queue.deferred.clear();
            assertThat(worker.handle(batch, deadlineFromNow())).isEmpty();
            assertThat(queue.delayed).isEmpty();
            // SQS delivers the copies as new messages, on their first receive.
            List<QueuedMessage> next = new ArrayList<>();
            for (MessageDisposition.Deferral copy : queue.deferred) {
                next.add(new QueuedMessage(copy.messageId() + "'", "rh", copy.body(), 1, copy.deferrals()));
            }
            batch = next;
            clock.advance(Duration.ofSeconds(1));
            assertThat(invocations).as("each invocation makes progress").isLessThan(10);
        }
        assertThat(activities.synced).hasSize(50 + 99 * 200);
        assertThat(activities.synced.values()).as("every record synced exactly once").containsOnly(1);
        // 19,850 records at about 4,700 per invocation.
        assertThat(invocations).isEqualTo(5);
    }

    @Test
    void aBatchThatFitsRunsWhole() throws Exception {
        TimedActivities activities = new TimedActivities(clock, Duration.ofMillis(1));
        SyncWorker worker = worker(activities, hubSpot);

        assertThat(worker.handle(bulkBatch(), deadlineFromNow())).isEmpty();

        assertThat(activities.callSizes).containsExactly(100, 19_750);
        assertThat(activities.synced).hasSize(19_850);
        assertThat(queue.deferred).isEmpty();
        assertThat(queue.delayed).isEmpty();
    }

    @Test
    void theFirstStepAlwaysStartsSoRequeuedWorkShrinks() throws Exception {
        TimedActivities activities = new TimedActivities(clock, Duration.ofMillis(1));
        SyncWorker worker = worker(activities, hubSpot);
        Deadline passed = new Deadline(clock.instant().minusSeconds(1), Duration.ofSeconds(10));

        assertThat(worker.handle(bulkBatch(), passed)).isEmpty();

        assertThat(activities.callSizes).containsExactly(InvocationPace.FIRST_STEP_RECORDS);
        assertThat(queue.deferred).hasSize(99);
    }

    @Test
    void aMessageThatCannotBeRequeuedIsHandedBackWithItsBackoff() throws Exception {
        TimedActivities activities = new TimedActivities(clock, Duration.ofMillis(10));
        SyncWorker worker = worker(activities, hubSpot);
        queue.deferFails.add("m24");
        queue.deferFails.add("m50");

        List<String> handBack = worker.handle(bulkBatch(), deadlineFromNow());

        assertThat(handBack).containsExactlyInAnyOrder("m24", "m50");
        assertThat(queue.delayed).extracting(MessageDisposition.Delay::messageId)
                .containsExactlyInAnyOrder("m24", "m50");
        assertThat(queue.delayed).extracting(MessageDisposition.Delay::visibilityTimeout)
                .containsOnly(RetryBackoff.standard(() -> 0.0).delayAfter(1));
    }

    @Test
    void aMessageToRetryIsHandedBackWholeNotRequeued() throws Exception {
        // The first step's CRM call fails for good measure: its messages are retried, and they come back whole.
        TimedActivities failing = new TimedActivities(clock, Duration.ofMillis(10)) {
            int calls;

            @Override
            public Map<String, RecordOutcome> sync(String tenantId, boolean fromHubSpot, String objectType,
                    Collection<String> ids) {
                if (calls++ == 2) {
                    clock.advance(perRecord.multipliedBy(ids.size()));
                    throw new IllegalStateException("CRM answered nonsense (test)");
                }
                return super.sync(tenantId, fromHubSpot, objectType, ids);
            }
        };
        SyncWorker worker = worker(failing, hubSpot);

        List<String> handBack = worker.handle(bulkBatch(), deadlineFromNow());

        // The 3rd step (records 3,100..3,699: m16's last 150 to m19's first 50) failed: those go back whole.
        assertThat(handBack).containsExactly("m16", "m17", "m18", "m19");
        assertThat(queue.deferred).extracting(MessageDisposition.Deferral::messageId).first().isEqualTo("m24");
    }

    @Test
    void recordsOfTheEngineAreSteppedAndSyncedOnceAcrossTheRequeue() throws Exception {
        // The record path (HubSpot contacts to Leads), HubSpot reads taking 40 ms a record: 100 (4 s), then at 60 ms
        // a record 600 (24 s), 300 (12 s) and 100 (4 s); at 44 s, 4 s before the margin fit no step.
        for (int i = 0; i < 1300; i++) {
            hubSpot.put("c" + i, Map.of("email", "c" + i + "@example.com", "lastname", "L" + i));
        }
        HubSpotRecords slowHubSpot = new SlowReads(hubSpot, clock, Duration.ofMillis(40));
        SyncWorker worker = worker(ActivityNotices.NONE, slowHubSpot);
        List<QueuedMessage> batch = new ArrayList<>();
        for (int n = 0; n < 13; n++) {
            batch.add(message("m" + n, new ChangeNotice(1, "acme", SourceSystem.HUBSPOT, "contact",
                    ids("c", n * 100, 100), ChangeKind.UPDATED, NOW, List.of(), null, Map.of())));
        }

        assertThat(worker.handle(batch, deadlineFromNow())).isEmpty();

        assertThat(salesforce.written).hasSize(1100);
        assertThat(queue.deferred).extracting(MessageDisposition.Deferral::messageId)
                .containsExactly("m11", "m12");
        clock.advance(Duration.ofSeconds(1));
        List<QueuedMessage> copies = queue.deferred.stream()
                .map(c -> new QueuedMessage(c.messageId() + "'", "rh", c.body(), 1, 0)).toList();
        assertThat(worker.handle(copies, deadlineFromNow())).isEmpty();
        assertThat(salesforce.written).extracting(RecordWrite::key).doesNotHaveDuplicates().hasSize(1300);
    }

    @Test
    void theMarginIsTheLargerOfItsMinimumAndItsShare() {
        assertThat(Deadline.after(NOW, Duration.ofSeconds(60), Duration.ofSeconds(10), 0.2).margin())
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(Deadline.after(NOW, Duration.ofSeconds(30), Duration.ofSeconds(10), 0.2).margin())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSlowSmallStepDoesNotStopTheNextSmallGroup() {
        // One record that took 2 s (a cold first call) counts as a 200-record step: 10 ms a record, not 2 s.
        InvocationPace pace = new InvocationPace(deadlineFromNow(), clock);
        PendingWork.Group group = new PendingWork.Group("acme", SourceSystem.HUBSPOT, "contact", false);
        assertThat(pace.nextStep(1)).isEqualTo(1);
        Instant started = pace.start(group, List.of("c1"));
        clock.advance(Duration.ofSeconds(2));
        pace.finished(started, 1);
        assertThat(pace.nextStep(50)).isEqualTo(50);
        assertThat(pace.stopped()).isFalse();
    }

    @Test
    void withoutADeadlineAGroupIsOneStepAsBefore() {
        InvocationPace pace = new InvocationPace(Deadline.NONE, clock);
        assertThat(pace.nextStep(20_000)).isEqualTo(20_000);
    }

    /** HubSpot whose record reads take {@code perRecord} for each id. */
    record SlowReads(InMemoryPorts.HubSpot hubSpot, MutableClock clock, Duration perRecord) implements HubSpotRecords {
        @Override
        public Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties) {
            clock.advance(perRecord.multipliedBy(ids.size()));
            return hubSpot.read(tenantId, objectType, ids, properties);
        }

        @Override
        public Map<String, CrmRecord> readWithHistory(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties, Collection<String> withHistory) {
            return hubSpot.readWithHistory(tenantId, objectType, ids, properties, withHistory);
        }

        @Override
        public Map<String, CrmRecord> readContactsByEmail(String tenantId, Collection<String> emails,
                Collection<String> properties) {
            return hubSpot.readContactsByEmail(tenantId, emails, properties);
        }

        @Override
        public List<WriteResult> update(String tenantId, String objectType, List<RecordWrite> writes) {
            return hubSpot.update(tenantId, objectType, writes);
        }

        @Override
        public List<WriteResult> upsert(String tenantId, String objectType, String idProperty,
                List<RecordWrite> writes) {
            return hubSpot.upsert(tenantId, objectType, idProperty, writes);
        }

        @Override
        public void archive(String tenantId, String objectType, Collection<String> ids) {
            hubSpot.archive(tenantId, objectType, ids);
        }
    }

    static final class NoSuspensions implements TenantSuspensions {
        @Override
        public void suspend(String tenantId, String reason, Instant at) {
        }

        @Override
        public void clear(String tenantId) {
        }

        @Override
        public java.util.Optional<Suspension> current(String tenantId) {
            return java.util.Optional.empty();
        }
    }
}
