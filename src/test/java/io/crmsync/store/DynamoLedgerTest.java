package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Reservation;
import io.crmsync.budget.Usage;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;

/** The API-call ledger against dynalite, on the budget table created from infra/aws-resources.json. */
class DynamoLedgerTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    final LocalAws aws = SharedLocalAws.get();
    DynamoLedger ledger;
    ExecutorService threads;

    @BeforeEach
    void emptyTable() {
        aws.reset();
        ledger = new DynamoLedger(aws.dynamo(), aws.tableName("BudgetTable"));
    }

    @AfterEach
    void stopThreads() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    /** What one reserver got: calls granted, and every denial. */
    record Outcome(long granted, List<Reservation.Denied> denials) {
    }

    @Test
    void concurrentReserversNeverTakeMoreThanTheBudgetAndUseAllOfIt() throws Exception {
        long budget = 500;
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, budget));

        List<Outcome> outcomes = race(16, thread -> reserveUntilDenied(Crm.SALESFORCE, attempt -> NOW));

        long granted = outcomes.stream().mapToLong(Outcome::granted).sum();
        assertThat(granted).as("calls granted to 16 workers asking for ~1,600").isEqualTo(budget);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).used()).isEqualTo(budget);
        assertThat(outcomes.stream().flatMap(o -> o.denials().stream()))
                .isNotEmpty()
                .allSatisfy(denied -> assertThat(denied.retryAt()).isAfter(NOW));
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 1, NOW).granted()).isFalse();
    }

    /**
     * Workers whose clocks straddle the hour: some still write 10:59:59.999 while others are at 11:00. Calls
     * that reach the 10:00 bucket after the 11:00 readers counted it would be counted by nobody; sealing the
     * bucket sends them to 11:00 instead, so the total still never passes the budget.
     */
    @Test
    void workersStraddlingTheHourNeverTakeMoreThanTheBudget() throws Exception {
        long budget = 400;
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, budget));
        Instant before = Instant.parse("2026-11-29T10:59:59.999Z");
        Instant after = Instant.parse("2026-11-29T11:00:00Z");

        List<Outcome> outcomes = race(16, thread -> reserveUntilDenied(Crm.SALESFORCE,
                attempt -> (attempt + thread) % 2 == 0 ? before : after));

        long granted = outcomes.stream().mapToLong(Outcome::granted).sum();
        Usage usage = ledger.usage("acme", Crm.SALESFORCE, after);
        assertThat(granted).isEqualTo(budget);
        assertThat(usage.used()).isEqualTo(budget);
        assertThat(usage.usedByBucket().get("2026112910") + usage.usedByBucket().get("2026112911")).isEqualTo(budget);
    }

    @Test
    void aWriterBehindTheHourCountsItsCallsInTheNextBucket() {
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 100));
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 5, Instant.parse("2026-11-29T10:59:00Z")).granted()).isTrue();
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 3, Instant.parse("2026-11-29T11:00:00Z")).granted()).isTrue();

        Reservation late = ledger.reserve("acme", Crm.SALESFORCE, 2, Instant.parse("2026-11-29T10:59:59.990Z"));

        assertThat(late).isEqualTo(new Reservation.Granted(90));
        Usage usage = ledger.usage("acme", Crm.SALESFORCE, Instant.parse("2026-11-29T11:00:00Z"));
        assertThat(usage.usedByBucket()).containsEntry("2026112910", 5L).containsEntry("2026112911", 5L);
    }

    @Test
    void callsTwentyThreeHoursAgoCountAndTwentyFiveHoursAgoDoNot() {
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 100));
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 30, NOW.minus(HOUR.multipliedBy(25))).granted()).isTrue();
        // Then, the calls of two hours before still counted.
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 40, NOW.minus(HOUR.multipliedBy(23)))).isEqualTo(
                new Reservation.Granted(30));

        Usage usage = ledger.usage("acme", Crm.SALESFORCE, NOW);
        assertThat(usage.used()).isEqualTo(40);
        assertThat(usage.remaining()).hasValue(60);
        assertThat(usage.usedByBucket()).hasSize(25).containsEntry("2026112811", 40L)
                .doesNotContainKey("2026112809");

        Reservation denied = ledger.reserve("acme", Crm.SALESFORCE, 61, NOW);
        assertThat(denied).isInstanceOf(Reservation.Denied.class);
        // The 40 calls of 11:00 yesterday leave the (25-bucket) window at 12:00 today.
        assertThat(((Reservation.Denied) denied).retryAt()).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
        assertThat(((Reservation.Denied) denied).reason()).contains("allocation reached", "40 of 100");
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 60, NOW)).isEqualTo(new Reservation.Granted(0));
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 1, Instant.parse("2026-11-29T11:59:59Z")).granted()).isFalse();
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 40, Instant.parse("2026-11-29T12:00:00Z")))
                .isEqualTo(new Reservation.Granted(0));
    }

    @Test
    void aHeaderTightensButNeverLoosens() {
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 1_000));
        ledger.reserve("acme", Crm.SALESFORCE, 100, NOW);

        // The whole org has 50 calls left.
        ledger.observe("acme", Crm.SALESFORCE, 99_950, 100_000, NOW);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).remaining()).hasValue(50);
        // A later, looser header (another integration's calls left the window) changes nothing within the hour.
        ledger.observe("acme", Crm.SALESFORCE, 10, 100_000, NOW.plusSeconds(60));
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).remaining()).hasValue(50);
        // A tighter one does.
        ledger.observe("acme", Crm.SALESFORCE, 99_970, 100_000, NOW.plusSeconds(90));
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).remaining()).hasValue(30);

        Reservation denied = ledger.reserve("acme", Crm.SALESFORCE, 31, NOW);
        assertThat(denied).isInstanceOf(Reservation.Denied.class);
        assertThat(((Reservation.Denied) denied).reason()).contains("org");
        assertThat(((Reservation.Denied) denied).retryAt()).isEqualTo(Instant.parse("2026-11-29T11:00:00Z"));
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 20, NOW)).isEqualTo(new Reservation.Granted(10));

        // A header never raises the room above the allocation, and the hour's observation expires with it.
        Instant nextHour = NOW.plus(HOUR);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, nextHour).remaining()).hasValue(1_000 - 120);
        ledger.observe("acme", Crm.SALESFORCE, 0, 100_000, nextHour);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, nextHour).remaining()).hasValue(1_000 - 120);
        // An old response's header arriving late does not replace the newer bucket's observation.
        ledger.observe("acme", Crm.SALESFORCE, 100_000, 100_000, NOW);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, nextHour).remaining()).hasValue(1_000 - 120);
    }

    @Test
    void aShareOfTheOrgLimitNeedsTheLimitObservedFirst() {
        ledger.setAllocation("acme", Allocation.shareOfOrgLimit(Crm.SALESFORCE, 0.2));
        assertThatThrownBy(() -> ledger.reserve("acme", Crm.SALESFORCE, 1, NOW))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not known");

        ledger.observe("acme", Crm.SALESFORCE, 0, 15_000, NOW);
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 3_000, NOW)).isEqualTo(new Reservation.Granted(0));
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 1, NOW).granted()).isFalse();
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).allocatedCalls()).hasValue(3_000);
    }

    @Test
    void hubSpotsDayEndsAtTheAccountsMidnightAcrossTheClockChange() {
        ZoneId newYork = ZoneId.of("America/New_York");
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.HUBSPOT, 10).inZone(newYork));
        assertThat(ledger.reserve("acme", Crm.HUBSPOT, 10, Instant.parse("2026-11-01T04:30:00Z")).granted()).isTrue();

        // 23:30 EST on 1 November: the 25th hour of the same local day.
        Reservation denied = ledger.reserve("acme", Crm.HUBSPOT, 1, Instant.parse("2026-11-02T04:30:00Z"));
        assertThat(denied).isEqualTo(new Reservation.Denied(Instant.parse("2026-11-02T05:00:00Z"),
                "allocation reached: 10 of 10 calls used, 1 more asked"));
        assertThat(ledger.reserve("acme", Crm.HUBSPOT, 1, Instant.parse("2026-11-02T05:00:00Z")))
                .isEqualTo(new Reservation.Granted(9));
        assertThat(ledger.usage("acme", Crm.HUBSPOT, Instant.parse("2026-11-02T05:00:00Z")).usedByBucket())
                .containsExactly(java.util.Map.entry("20261102", 1L));
        // The other CRM's count is its own.
        assertThat(ledger.usage("acme", Crm.SALESFORCE, Instant.parse("2026-11-01T04:30:00Z")).used()).isZero();
    }

    @Test
    void withoutAnAllocationCallsAreCountedButNotLimited() {
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 4_999, NOW)).isEqualTo(new Reservation.Granted(Long.MAX_VALUE));
        Usage usage = ledger.usage("acme", Crm.SALESFORCE, NOW);
        assertThat(usage.used()).isEqualTo(4_999);
        assertThat(usage.remaining()).isEmpty();
        assertThat(usage.retriesAllowed()).isTrue();
        ledger.reserve("acme", Crm.SALESFORCE, 1, NOW);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).retriesAllowed()).as("5,000 calls without allocation").isFalse();
    }

    @Test
    void retriesStopAtThreeQuartersOfTheAllocation() {
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 100));
        ledger.reserve("acme", Crm.SALESFORCE, 74, NOW);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).retriesAllowed()).isTrue();
        ledger.reserve("acme", Crm.SALESFORCE, 1, NOW);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).retriesAllowed()).isFalse();
    }

    @Test
    void aReservationLargerThanTheWholeAllocationIsDeniedWithThatReason() {
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 10));
        Reservation denied = ledger.reserve("acme", Crm.SALESFORCE, 11, NOW);
        assertThat(denied).isInstanceOf(Reservation.Denied.class);
        assertThat(((Reservation.Denied) denied).reason()).contains("more than the whole allocation");
        assertThat(((Reservation.Denied) denied).retryAt()).isAfter(NOW);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).used()).as("a denial counts nothing").isZero();
    }

    @Test
    void allocationsRoundTripPerTenantAndCrm() {
        assertThat(ledger.allocation("acme", Crm.SALESFORCE)).isEmpty();

        ledger.setAllocation("acme", Allocation.shareOfOrgLimit(Crm.SALESFORCE, 0.25));
        Allocation hubSpot = Allocation.callsPerDay(Crm.HUBSPOT, 40_000).inZone(ZoneId.of("Europe/Berlin"));
        ledger.setAllocation("acme", hubSpot);
        assertThat(ledger.allocation("acme", Crm.SALESFORCE)).contains(Allocation.shareOfOrgLimit(Crm.SALESFORCE, 0.25));
        assertThat(ledger.allocation("acme", Crm.HUBSPOT)).contains(hubSpot);
        assertThat(ledger.allocation("globex", Crm.HUBSPOT)).isEmpty();

        // Replacing a share by calls per day leaves no share behind, and keeps the counts and observations.
        ledger.observe("acme", Crm.SALESFORCE, 10, 100_000, NOW);
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 20_000));
        assertThat(ledger.allocation("acme", Crm.SALESFORCE)).contains(Allocation.callsPerDay(Crm.SALESFORCE, 20_000));
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW).observation()).map(o -> o.orgUsed()).isEqualTo(Optional.of(10L));
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    interface Instants {
        Instant at(int attempt);
    }

    interface Worker {
        Outcome run(int thread) throws Exception;
    }

    /**
     * 50 reservations of 1–3 calls, then single calls until one is denied: once every worker has been denied a
     * single call, the window was full when each stopped, so the granted calls must add up to the budget exactly.
     */
    Outcome reserveUntilDenied(Crm crm, Instants instants) {
        long granted = 0;
        List<Reservation.Denied> denials = new ArrayList<>();
        for (int attempt = 0;; attempt++) {
            int calls = attempt < 50 ? ThreadLocalRandom.current().nextInt(1, 4) : 1;
            Reservation reservation = ledger.reserve("acme", crm, calls, instants.at(attempt));
            if (reservation instanceof Reservation.Granted) {
                granted += calls;
            } else {
                denials.add((Reservation.Denied) reservation);
                if (attempt >= 50) {
                    return new Outcome(granted, denials);
                }
            }
        }
    }

    List<Outcome> race(int workers, Worker worker) throws Exception {
        threads = Executors.newFixedThreadPool(workers);
        List<Callable<Outcome>> tasks = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            int thread = i;
            tasks.add(() -> worker.run(thread));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : threads.invokeAll(tasks)) {
            outcomes.add(future.get());
        }
        return outcomes;
    }
}
