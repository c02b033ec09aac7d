package io.crmsync.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class HeadroomTest {

    static final Instant AT = Instant.parse("2026-11-29T10:15:00Z");

    @Test
    void aHeaderCanOnlyTighten() {
        // Allocation 20,000, 5,000 used: 15,000 left, unless the org has less.
        assertThat(Headroom.effectiveRemaining(20_000, 5_000, 100_000, 10_018)).isEqualTo(15_000);
        assertThat(Headroom.effectiveRemaining(20_000, 5_000, 100_000, 95_000)).isEqualTo(5_000);
        assertThat(Headroom.effectiveRemaining(20_000, 5_000, 100_000, 100_000)).isZero();
        assertThat(Headroom.effectiveRemaining(20_000, 21_000, 100_000, 0)).as("never negative").isZero();
        // An org with all the room in the world does not raise the allocation.
        assertThat(Headroom.effectiveRemaining(20_000, 5_000, 5_000_000, 0)).isEqualTo(15_000);
    }

    @Test
    void callsCountedSinceTheHeaderAreChargedToTheOrgToo() {
        // The header saw 99,000 of 100,000 when the ledger stood at 300; 400 more since then.
        OrgObservation observation = new OrgObservation(99_000, 100_000, 300, AT, "2026112910");
        assertThat(observation.orgRemaining(300)).isEqualTo(1_000);
        assertThat(observation.orgRemaining(700)).isEqualTo(600);
        assertThat(observation.orgRemaining(2_000)).isZero();
        assertThat(Headroom.remaining(OptionalLong.of(20_000), 700, Optional.of(observation))).hasValue(600);
        assertThat(Headroom.remaining(OptionalLong.of(500), 300, Optional.of(observation))).hasValue(200);
        assertThat(Headroom.remaining(OptionalLong.empty(), 700, Optional.of(observation))).hasValue(600);
        assertThat(Headroom.remaining(OptionalLong.of(500), 300, Optional.empty())).hasValue(200);
        assertThat(Headroom.remaining(OptionalLong.empty(), 300, Optional.empty())).as("unlimited").isEmpty();
    }

    @Test
    void ofTwoObservationsTheLowerCeilingIsTheTighter() {
        OrgObservation early = new OrgObservation(50_000, 100_000, 100, AT, "2026112910");
        OrgObservation later = new OrgObservation(50_150, 100_000, 200, AT.plusSeconds(60), "2026112910");
        // 100 of ours and 50 others' calls since: the later one leaves less.
        assertThat(later.ledgerCeiling()).isLessThan(early.ledgerCeiling());
        assertThat(later.appliesIn("2026112910")).isTrue();
        assertThat(later.appliesIn("2026112911")).isFalse();
    }

    @Test
    void retriesStopAtSeventyFivePercentOfTheAllocation() {
        assertThat(Headroom.retriesAllowed(74, OptionalLong.of(100))).isTrue();
        assertThat(Headroom.retriesAllowed(75, OptionalLong.of(100))).isFalse();
        assertThat(Headroom.retriesAllowed(14_999, OptionalLong.of(20_000))).isTrue();
        assertThat(Headroom.retriesAllowed(15_000, OptionalLong.of(20_000))).isFalse();
        assertThat(Headroom.retriesAllowed(0, OptionalLong.of(0))).isFalse();
    }

    @Test
    void withoutAnAllocationRetriesStopAfterFiveThousandCalls() {
        assertThat(Headroom.retriesAllowed(4_999, OptionalLong.empty())).isTrue();
        assertThat(Headroom.retriesAllowed(5_000, OptionalLong.empty())).isFalse();
    }

    @Test
    void activitiesPauseAtSixtyPercentBeforeRetriesAndLiveSync() {
        assertThat(Headroom.activitiesAllowed(59, OptionalLong.of(100), Optional.empty())).isTrue();
        assertThat(Headroom.activitiesAllowed(60, OptionalLong.of(100), Optional.empty())).isFalse();
        // At 60% retries and live sync still run.
        assertThat(Headroom.retriesAllowed(60, OptionalLong.of(100))).isTrue();
        assertThat(Headroom.activitiesAllowed(0, OptionalLong.of(0), Optional.empty())).isFalse();
        // No allocation: the org's own fill, when a header told it.
        assertThat(Headroom.activitiesAllowed(1_000_000, OptionalLong.empty(), Optional.empty())).isTrue();
        java.time.Instant t = java.time.Instant.parse("2026-11-29T10:00:00Z");
        assertThat(Headroom.activitiesAllowed(10, OptionalLong.empty(),
                Optional.of(new OrgObservation(59_999, 100_000, 10, t, "b")))).isTrue();
        assertThat(Headroom.activitiesAllowed(10, OptionalLong.empty(),
                Optional.of(new OrgObservation(60_000, 100_000, 10, t, "b")))).isFalse();
        // An allocation with room does not override an org that is full.
        assertThat(Headroom.activitiesAllowed(10, OptionalLong.of(1_000),
                Optional.of(new OrgObservation(90_000, 100_000, 10, t, "b")))).isFalse();
    }
}
