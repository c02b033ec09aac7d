package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.crm.SyncPausedException;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.tenant.TenantScope;
import io.crmsync.tenant.TenantSettings;

class SyncWorkerTest {

    static final int MAX_RECEIVE_COUNT = 5;

    /** Records what the worker asked of the queue; answers with the failures a test scripts. */
    static final class RecordingDisposition implements MessageDisposition {
        final List<Delay> delayed = new ArrayList<>();
        final List<Poison> quarantined = new ArrayList<>();
        final Set<String> delayFails = new HashSet<>();
        final Set<String> quarantineFails = new HashSet<>();
        final List<Deferral> deferred = new ArrayList<>();
        final Set<String> deferFails = new HashSet<>();

        @Override
        public Set<String> defer(List<Deferral> deferrals) {
            deferred.addAll(deferrals);
            return deferrals.stream().map(Deferral::messageId).filter(deferFails::contains)
                    .collect(java.util.stream.Collectors.toSet());
        }

        @Override
        public Set<String> delay(List<Delay> delays) {
            delayed.addAll(delays);
            return delays.stream().map(Delay::messageId).filter(delayFails::contains)
                    .collect(java.util.stream.Collectors.toSet());
        }

        @Override
        public Set<String> quarantine(List<Poison> poisons) {
            quarantined.addAll(poisons);
            return poisons.stream().map(Poison::messageId).filter(quarantineFails::contains)
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
    final RecordingDisposition queue = new RecordingDisposition();
    static final java.time.Instant NOW = java.time.Instant.parse("2026-11-29T12:00:00Z");
    final Map<String, String> suspended = new java.util.LinkedHashMap<>();
    final List<String> clears = new ArrayList<>();
    final TenantSuspensions suspensionStore = new TenantSuspensions() {
        @Override
        public void suspend(String tenantId, String reason, java.time.Instant at) {
            suspended.put(tenantId, reason);
        }

        @Override
        public void clear(String tenantId) {
            clears.add(tenantId);
            suspended.remove(tenantId);
        }

        @Override
        public java.util.Optional<Suspension> current(String tenantId) {
            return java.util.Optional.ofNullable(suspended.get(tenantId)).map(reason -> new Suspension(reason, NOW));
        }
    };
    final SyncWorker worker = new SyncWorker(json, new SyncEngine(InMemoryPorts.ports(hubSpot, salesforce),
            (tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow(), tenant -> {
                if (tenant.equals("broken")) {
                    throw new IllegalStateException("settings unreadable (test)");
                }
                return TenantSettings.defaults();
            }, Clock.systemUTC()), java.util.Map::of, queue, RetryBackoff.standard(() -> 0.0), MAX_RECEIVE_COUNT,
            new SuspensionTracker(suspensionStore, Clock.fixed(NOW, java.time.ZoneOffset.UTC),
                    java.time.Duration.ofMinutes(5)), Clock.fixed(NOW, java.time.ZoneOffset.UTC), TenantScope.NONE);

    QueuedMessage message(String id, ChangeNotice notice) throws Exception {
        return message(id, notice, 1);
    }

    QueuedMessage message(String id, ChangeNotice notice, int receiveCount) throws Exception {
        return raw(id, json.writeValueAsString(notice), receiveCount);
    }

    static QueuedMessage raw(String id, String body, int receiveCount) {
        return new QueuedMessage(id, "rh-" + id, body, receiveCount, 0);
    }

    static ChangeNotice contact(String... ids) {
        return contactOf("acme", ids);
    }

    static ChangeNotice contactOf(String tenant, String... ids) {
        return new ChangeNotice(1, tenant, SourceSystem.HUBSPOT, "contact", List.of(ids), ChangeKind.UPDATED,
                Instant.parse("2026-11-29T10:00:00Z"), List.of(), null, Map.of());
    }

    @Test
    void syncsEachRecordOnceHoweverManyNoticesNameIt() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        hubSpot.put("2", Map.of("email", "two@example.com"));
        List<QueuedMessage> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(message("m" + i, contact(i % 2 == 0 ? "1" : "2")));
        }

        List<String> retry = worker.handle(messages);

        assertThat(retry).isEmpty();
        assertThat(hubSpot.readCalls).isEqualTo(1);
        assertThat(salesforce.written).extracting(RecordWrite::key).containsExactlyInAnyOrder("1", "2");
        assertThat(queue.delayed).isEmpty();
        assertThat(queue.quarantined).isEmpty();
    }

    @Test
    void deletionsTakeTheDeletePathAndNeverReReadTheDeletedRecord() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        worker.handle(List.of(message("m1", contact("1"))));
        int hubSpotReads = hubSpot.readCalls;
        int salesforceQueries = salesforce.queries;
        int salesforceWrites = salesforce.writeCalls;
        ChangeNotice deleted = new ChangeNotice(1, "acme", SourceSystem.HUBSPOT, "contact", List.of("1"),
                ChangeKind.DELETED, Instant.parse("2026-11-29T10:05:00Z"), List.of(), null, Map.of());

        assertThat(worker.handle(List.of(message("m2", deleted)))).isEmpty();

        // The update path would have read both CRMs; the delete path only forgets the link.
        assertThat(hubSpot.readCalls).isEqualTo(hubSpotReads);
        assertThat(salesforce.queries).isEqualTo(salesforceQueries);
        assertThat(salesforce.writeCalls).isEqualTo(salesforceWrites);
        assertThat(salesforce.of("Lead")).hasSize(1);
    }

    @Test
    void aSalesforceDeletionThatHubSpotCannotTakeNowIsRetried() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        worker.handle(List.of(message("m1", contact("1"))));
        String lead = salesforce.of("Lead").keySet().iterator().next();
        salesforce.of("Lead").clear();
        ChangeNotice deleted = new ChangeNotice(1, "acme", SourceSystem.SALESFORCE, "Lead", List.of(lead),
                ChangeKind.DELETED, Instant.parse("2026-11-29T10:05:00Z"), List.of(), null, Map.of());
        hubSpot.unavailable = true;

        // Default settings keep the contact, so HubSpot is not even asked: nothing to retry.
        assertThat(worker.handle(List.of(message("m2", deleted)))).isEmpty();
        assertThat(hubSpot.archiveCalls).isZero();
    }

    @Test
    void handsBackOnlyTheMessagesOfRecordsThatMayStillSucceed() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        hubSpot.put("2", Map.of("email", "two@example.com"));
        hubSpot.put("3", Map.of("email", "three@example.com"));
        salesforce.scripted.put("2", new WriteResult.Retry("2", "UNABLE_TO_LOCK_ROW"));
        salesforce.scripted.put("3", new WriteResult.Refused("3", "REQUIRED_FIELD_MISSING", "x", "Property values"));

        List<String> retry = worker.handle(List.of(message("a", contact("1")),
                message("b", contact("2")), message("c", contact("2", "3")), message("d", contact("3"))));

        assertThat(retry).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void retriedMessagesStayAwayLongerWithEachReceive() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        hubSpot.put("2", Map.of("email", "two@example.com"));
        hubSpot.put("3", Map.of("email", "three@example.com"));
        salesforce.scripted.put("1", new WriteResult.Retry("1", "UNABLE_TO_LOCK_ROW"));
        salesforce.scripted.put("2", new WriteResult.Retry("2", "UNABLE_TO_LOCK_ROW"));

        List<String> retry = worker.handle(List.of(message("first", contact("1"), 1),
                message("third", contact("2"), 3), message("fine", contact("3"), 2)));

        assertThat(retry).containsExactlyInAnyOrder("first", "third");
        assertThat(queue.delayed).containsExactlyInAnyOrder(
                new MessageDisposition.Delay("first", "rh-first", Duration.ofSeconds(30)),
                new MessageDisposition.Delay("third", "rh-third", Duration.ofSeconds(120)));
    }

    @Test
    void aCrmThatIsDownDelaysEveryMessageOfTheBatch() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        hubSpot.unavailable = true;

        List<String> retry = worker.handle(List.of(message("a", contact("1"), 2),
                message("b", contact("1"), 4)));

        assertThat(retry).containsExactlyInAnyOrder("a", "b");
        assertThat(queue.delayed).extracting(MessageDisposition.Delay::visibilityTimeout)
                .containsExactlyInAnyOrder(Duration.ofSeconds(60), Duration.ofSeconds(240));
    }

    @Test
    void aGroupThatFailsUnexpectedlyIsDelayedLikeAnyRetry() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));

        List<String> retry = worker.handle(List.of(message("ok", contact("1")),
                message("broken", contactOf("broken", "1"), 2)));

        assertThat(retry).containsExactly("broken");
        assertThat(queue.delayed).containsExactly(
                new MessageDisposition.Delay("broken", "rh-broken", Duration.ofSeconds(60)));
        assertThat(salesforce.written).hasSize(1);
    }

    @Test
    void aMessageFailingOnItsLastReceiveIsLeftToTheRedrivePolicy() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        salesforce.scripted.put("1", new WriteResult.Retry("1", "UNABLE_TO_LOCK_ROW"));

        List<String> retry = worker.handle(List.of(message("last", contact("1"),
                MAX_RECEIVE_COUNT), message("earlier", contact("1"), MAX_RECEIVE_COUNT - 1)));

        // Handed back (SQS moves it to the dead-letter queue on its next receive), but not delayed.
        assertThat(retry).containsExactlyInAnyOrder("last", "earlier");
        assertThat(queue.delayed).extracting(MessageDisposition.Delay::messageId).containsExactly("earlier");
        assertThat(queue.quarantined).isEmpty();
    }

    @Test
    void aMessageWhoseDelayFailsIsStillHandedBack() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        salesforce.scripted.put("1", new WriteResult.Retry("1", "UNABLE_TO_LOCK_ROW"));
        queue.delayFails.add("a");

        List<String> retry = worker.handle(List.of(message("a", contact("1"))));

        assertThat(queue.delayed).extracting(MessageDisposition.Delay::messageId).containsExactly("a");
        assertThat(retry).containsExactly("a");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad JSON                | {not json, ada@example.com                                                      | not JSON
            a JSON array            | ["ada@example.com"]                                                             | not a change notice object
            JSON null               | null                                                                            | not a change notice object
            an unknown version      | {"version":2,"tenantId":"acme","source":"HUBSPOT","objectType":"contact","kind":"UPDATED","recordIds":["ada@example.com"]} | unsupported notice version 2
            an unknown version without v1 fields | {"version":2,"tenant":"acme"}                                      | unsupported notice version 2
            no version              | {"tenantId":"acme","source":"HUBSPOT","objectType":"contact","kind":"UPDATED"}  | missing version
            a version that is text  | {"version":"ada@example.com","tenantId":"acme"}                                 | invalid version
            no tenant               | {"version":1,"source":"HUBSPOT","objectType":"contact","kind":"UPDATED","recordIds":["ada@example.com"]} | missing tenantId
            an unknown source       | {"version":1,"tenantId":"acme","source":"ada@example.com","objectType":"contact","kind":"UPDATED"} | invalid source
            record ids not a list   | {"version":1,"tenantId":"acme","source":"HUBSPOT","objectType":"contact","kind":"UPDATED","recordIds":{"ada@example.com":1}} | invalid recordIds
            """)
    void aMessageThatIsNotANoticeGoesToTheDeadLetterQueueWithTheReasonAndIsAcknowledged(String what, String body,
            String reason) throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));

        List<String> retry = worker.handle(List.of(message("ok", contact("1")),
                raw("bad", body, 2)));

        assertThat(retry).isEmpty();
        assertThat(queue.quarantined).containsExactly(new MessageDisposition.Poison("bad", body, 2, reason));
        // The reason is stored beside the message: nothing of the body may leak into it.
        assertThat(reason).doesNotContain("ada");
        assertThat(queue.delayed).isEmpty();
        assertThat(salesforce.written).hasSize(1);
    }

    @Test
    void anEmptyBodyIsQuarantinedToo() {
        assertThat(worker.handle(List.of(raw("blank", " ", 1)))).isEmpty();
        assertThat(queue.quarantined).extracting(MessageDisposition.Poison::reason).containsExactly("empty body");
    }

    @Test
    void aPoisonMessageTheDeadLetterQueueDidNotTakeIsHandedBackForTheRedrive() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        queue.quarantineFails.add("bad");

        List<String> retry = worker.handle(List.of(raw("bad", "{not json", 1),
                raw("worse", "[]", 1), message("ok", contact("1"))));

        assertThat(queue.quarantined).extracting(MessageDisposition.Poison::messageId)
                .containsExactlyInAnyOrder("bad", "worse");
        assertThat(retry).containsExactly("bad");
        // Its redelivery comes with the queue's default visibility; only retried notices get a backoff.
        assertThat(queue.delayed).isEmpty();
    }

    @Test
    void objectsWithoutAMappingAreNotSynced() throws Exception {
        ChangeNotice company = new ChangeNotice(1, "acme", SourceSystem.HUBSPOT, "deal", List.of("9"),
                ChangeKind.CREATED, Instant.now(), List.of(), null, Map.of());
        assertThat(worker.handle(List.of(message("x", company)))).isEmpty();
        assertThat(hubSpot.readCalls).isZero();
    }

    @Test
    void aPausedTenantsMessagesAreRequeuedForWhenItMayRunAndTheSuspensionIsRecordedThenCleared() throws Exception {
        hubSpot.paused = new SyncPausedException("Salesforce answered 403 REQUEST_LIMIT_EXCEEDED",
                NOW.plus(java.time.Duration.ofHours(2)), java.util.Optional.of(SyncPausedException.ORG_API_LIMIT_EXCEEDED));

        List<String> handedBack = worker.handle(List.of(message("m1", contact("1", "2")),
                message("m2", contact("3"))));

        // Not failures: SQS must not count these receives toward the dead-letter queue.
        assertThat(handedBack).isEmpty();
        assertThat(queue.deferred).extracting(MessageDisposition.Deferral::messageId).containsExactly("m1", "m2");
        assertThat(queue.deferred).allSatisfy(d -> assertThat(d.delay()).isEqualTo(SyncWorker.MAX_DEFERRAL));
        assertThat(queue.delayed).isEmpty();
        assertThat(suspended).containsEntry("acme", "Salesforce Organization API limit exceeded");

        hubSpot.paused = null;
        hubSpot.put("1", Map.of("email", "a@example.com", "lastname", "A"));
        worker.handle(List.of(message("m3", contact("1"))));
        assertThat(suspended).isEmpty();
    }

    @Test
    void aDeferralThatCannotBeRequeuedIsHandedBackSoNothingIsLost() throws Exception {
        hubSpot.paused = new SyncPausedException("allocation used up", NOW.plusSeconds(30), java.util.Optional.empty());
        queue.deferFails.add("m1");

        assertThat(worker.handle(List.of(message("m1", contact("1"))))).containsExactly("m1");
        assertThat(queue.deferred).singleElement().satisfies(d -> assertThat(d.delay()).hasSeconds(30));
        assertThat(suspended).isEmpty();
    }

    static QueuedMessage deferredBefore(QueuedMessage m, int deferrals) {
        return m.withDeferrals(deferrals);
    }

    @Test
    void eachDeferralCountsOnTheCopySoTheChainOfOneNoticeIsBounded() throws Exception {
        hubSpot.paused = new SyncPausedException("org suspended", NOW.plus(java.time.Duration.ofHours(24)),
                java.util.Optional.of(SyncPausedException.ORG_API_LIMIT_EXCEEDED));

        assertThat(worker.handle(List.of(message("m1", contact("1")),
                deferredBefore(message("m2", contact("2")), 95)))).isEmpty();

        assertThat(queue.deferred).extracting(MessageDisposition.Deferral::messageId, MessageDisposition.Deferral::deferrals)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", 1), org.assertj.core.groups.Tuple.tuple("m2", 96));
        assertThat(queue.quarantined).isEmpty();
    }

    @Test
    void aNoticeDeferredTheMostTimesGoesToTheDeadLetterQueueWithTheReasonNotAgainToItsOwnQueue() throws Exception {
        hubSpot.paused = new SyncPausedException("org suspended", NOW.plus(java.time.Duration.ofHours(24)),
                java.util.Optional.of(SyncPausedException.ORG_API_LIMIT_EXCEEDED));

        assertThat(worker.handle(List.of(deferredBefore(message("m1", contact("1")),
                SyncWorker.MAX_DEFERRALS)))).isEmpty();

        assertThat(queue.deferred).isEmpty();
        assertThat(queue.quarantined).singleElement().satisfies(p -> {
            assertThat(p.messageId()).isEqualTo("m1");
            assertThat(p.reason()).contains("deferred " + SyncWorker.MAX_DEFERRALS + " times");
        });
        // If the dead-letter queue cannot take it, SQS gets it back: still nothing lost.
        queue.quarantined.clear();
        queue.quarantineFails.add("m2");
        assertThat(worker.handle(List.of(deferredBefore(message("m2", contact("2")),
                SyncWorker.MAX_DEFERRALS)))).containsExactly("m2");
    }

    @Test
    void aDeferralNeverComesBackSoonerThanTheFloorSoAChainCannotSpin() {
        assertThat(SyncWorker.deferralDelay(NOW, NOW.minusSeconds(5))).isEqualTo(SyncWorker.MIN_DEFERRAL);
        assertThat(SyncWorker.deferralDelay(NOW, NOW.plusSeconds(3))).isEqualTo(SyncWorker.MIN_DEFERRAL);
        assertThat(SyncWorker.deferralDelay(NOW, NOW.plusSeconds(40))).hasSeconds(40);
        assertThat(SyncWorker.deferralDelay(NOW, NOW.plus(java.time.Duration.ofDays(1)))).isEqualTo(SyncWorker.MAX_DEFERRAL);
    }
}
