package io.crmsync.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OrgSharesTest {

    @Test
    void aTenantMayBeGivenWhatTheOthersLeaveOfTheOrgsLimit() {
        OrgShares shares = new OrgShares(100_000, Map.of("acme-us", 50_000L, "acme-eu", 30_000L));
        assertThat(shares.allocatedToPeers()).isEqualTo(80_000);
        assertThat(shares.available()).isEqualTo(20_000);
        assertThat(shares.refusal("acme-apac", 20_000)).isEmpty();
        assertThat(shares.refusal("acme-apac", 20_001)).hasValueSatisfying(m -> assertThat(m).contains(
                "20001 calls per day for acme-apac", "the 80000 allocated to the other tenants on its org"
                        + " (acme-eu: 30000, acme-us: 50000)", "add up to 100001", "at most 20000 is left"));
    }

    @Test
    void overAllocatedPeersLeaveNothingAndAloneTheLimitItselfBounds() {
        assertThat(new OrgShares(100, Map.of("a", 70L, "b", 60L)).available()).isZero();
        assertThat(new OrgShares(100, Map.of("a", 70L, "b", 60L)).refusal("c", 0)).isEmpty();
        assertThat(new OrgShares(100, Map.of()).refusal("c", 100)).isEmpty();
        assertThat(new OrgShares(100, Map.of()).refusal("c", 101))
                .isEqualTo(Optional.of("salesforce: 101 calls per day for c is more than its org's daily limit of 100"));
    }

    @Test
    void aShareIsCallsOverTheLimit() {
        assertThat(OrgShares.shareOf(25_000, 100_000)).isEqualTo(0.25);
        assertThat(OrgShares.shareOf(1, 0)).isZero();
    }

    @Test
    void headroomChargesTheOrgsRoomWithEveryTenantsCalls() {
        OrgObservation header = new OrgObservation(99_700, 100_000, 1_000, java.time.Instant.EPOCH, "b");
        // 300 left when the org's crmsync count was 1,000; the tenants on it have counted 250 more since (this
        // tenant 40 of its allocation of 100): the org has 50 left, so the tenant too.
        assertThat(Headroom.remaining(java.util.OptionalLong.of(100), 40, 1_250, Optional.of(header)))
                .hasValue(50);
        // Alone, its own count is the org's: its 60 left of the allocation are within the org's room.
        assertThat(Headroom.remaining(java.util.OptionalLong.of(100), 40, Optional.of(header))).hasValue(60);
    }
}
