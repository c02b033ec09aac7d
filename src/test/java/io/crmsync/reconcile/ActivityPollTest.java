package io.crmsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.crmsync.tenant.ActivitySettings;
import io.crmsync.crm.HubSpotActivity;
import io.crmsync.budget.Crm;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.crm.Side;

/** The HubSpot activity poll with in-memory ports: no history on the first poll, cursors, budget, the 60% pause. */
class ActivityPollTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    final ReconcilePassTest.FakeReader hubSpot = new ReconcilePassTest.FakeReader();
    final ReconcilePassTest.FakeCursors cursors = new ReconcilePassTest.FakeCursors();
    final ReconcilerTest.FakeLedger ledger = new ReconcilerTest.FakeLedger();
    final List<ChangeNotice> queued = new ArrayList<>();
    final ActivitySettings meetingsAndTaskUpdates = new ActivitySettings(Set.of(), true,
            Map.of(HubSpotActivity.MEETING, "Meeting"));

    ActivityPoll poll(Instant now) {
        return new ActivityPoll(hubSpot, cursors, queued::addAll, ledger, Clock.fixed(now, ZoneOffset.UTC), 4);
    }

    void activity(String id, Instant at) {
        hubSpot.records.add(new ChangedRecord(id, at, Map.of()));
    }

    @Test
    void theFirstPollStartsAtNowThenEachPollQueuesWhatChangedSinceOnce() {
        activity("1", NOW.minus(Duration.ofDays(30)));

        List<Reconciler.PassReport> first = poll(NOW).run("acme", meetingsAndTaskUpdates, CallBudget.atMost(100));

        assertThat(first).extracting(Reconciler.PassReport::objectType).containsExactlyInAnyOrder(
                "meeting#activities", "task#activities");
        assertThat(queued).as("turning a type on imports no history").isEmpty();
        assertThat(hubSpot.reads).isZero();

        for (int i = 2; i <= 250; i++) {
            activity(String.valueOf(i), NOW.plusSeconds(i));
        }
        Instant later = NOW.plus(Duration.ofMinutes(15));
        List<Reconciler.PassReport> second = poll(later).run("acme", meetingsAndTaskUpdates, CallBudget.atMost(100));

        // Both types read the same fake: each queued 249 ids, 100 per notice, in two pages of 200.
        assertThat(second).allSatisfy(r -> {
            assertThat(r.recordsChecked()).isEqualTo(249);
            assertThat(r.stopReason()).isEqualTo("CAUGHT_UP");
        });
        assertThat(queued).extracting(ChangeNotice::objectType).containsOnly("meeting", "task");
        assertThat(queued).filteredOn(n -> n.objectType().equals("meeting")).extracting(n -> n.recordIds().size())
                .containsExactly(100, 100, 49);
        assertThat(queued).allSatisfy(n -> assertThat(n.source()).isEqualTo(ChangeNotice.SourceSystem.HUBSPOT));

        queued.clear();
        poll(later.plusSeconds(60)).run("acme", meetingsAndTaskUpdates, CallBudget.atMost(100));
        assertThat(queued).as("nothing changed since").isEmpty();
        assertThat(cursors.load("acme", Side.HUBSPOT, "meeting#activities")).isPresent();
    }

    @Test
    void aSpentBudgetStopsBeforeTheReadAndTheWindowAtSixtyPercentPausesThePoll() {
        poll(NOW).run("acme", meetingsAndTaskUpdates, CallBudget.atMost(100));
        activity("1", NOW.plusSeconds(1));
        Instant later = NOW.plus(Duration.ofMinutes(15));

        List<Reconciler.PassReport> spent = poll(later).run("acme", meetingsAndTaskUpdates, CallBudget.atMost(0));
        assertThat(spent).extracting(Reconciler.PassReport::stopReason).containsOnly("BUDGET_SPENT");
        assertThat(queued).isEmpty();

        ledger.usedOfAllocated.put(Crm.SALESFORCE, new long[] {60, 100});
        List<Reconciler.PassReport> paused = poll(later).run("acme", meetingsAndTaskUpdates, CallBudget.atMost(100));
        assertThat(paused).extracting(Reconciler.PassReport::stopReason).containsOnly("ACTIVITIES_PAUSED");
        assertThat(hubSpot.reads).isZero();

        ledger.usedOfAllocated.put(Crm.SALESFORCE, new long[] {59, 100});
        poll(later).run("acme", meetingsAndTaskUpdates, CallBudget.atMost(100));
        assertThat(queued).extracting(n -> n.recordIds().get(0)).containsExactly("1", "1");
    }

    @Test
    void aTenantWithoutHubSpotActivitiesIsNotPolled() {
        assertThat(poll(NOW).run("acme", new ActivitySettings(Set.of(HubSpotActivity.TASK), false, Map.of()),
                CallBudget.atMost(100))).isEmpty();
        assertThat(cursors.stored).isEmpty();
    }
}
