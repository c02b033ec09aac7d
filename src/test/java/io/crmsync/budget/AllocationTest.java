package io.crmsync.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class AllocationTest {

    @Test
    void callsPerDayAreTakenAsSet() {
        Allocation allocation = Allocation.callsPerDay(Crm.SALESFORCE, 20_000);
        assertThat(allocation.callsPerDay(OptionalLong.empty())).isEqualTo(20_000);
        assertThat(allocation.callsPerDay(OptionalLong.of(100_000))).isEqualTo(20_000);
        assertThat(allocation.windowZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void aShareIsOfTheOrgsLimitRoundedDown() {
        Allocation allocation = Allocation.shareOfOrgLimit(Crm.SALESFORCE, 0.2);
        assertThat(allocation.callsPerDay(OptionalLong.of(100_000))).isEqualTo(20_000);
        assertThat(allocation.callsPerDay(OptionalLong.of(15_004))).isEqualTo(3_000);
        assertThat(Allocation.shareOfOrgLimit(Crm.SALESFORCE, 1).callsPerDay(OptionalLong.of(15_000))).isEqualTo(15_000);
    }

    @Test
    void aShareOfAnUnknownLimitSaysWhatIsMissing() {
        assertThatThrownBy(() -> Allocation.shareOfOrgLimit(Crm.SALESFORCE, 0.2).callsPerDay(OptionalLong.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DailyApiRequests.Max")
                .hasMessageContaining("not known");
    }

    @Test
    void invalidAllocationsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Allocation.shareOfOrgLimit(Crm.SALESFORCE, 0)).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> Allocation.shareOfOrgLimit(Crm.SALESFORCE, 1.5)).hasMessageContaining("at most 1");
        assertThatThrownBy(() -> Allocation.shareOfOrgLimit(Crm.SALESFORCE, Double.NaN)).hasMessageContaining("at most 1");
        assertThatThrownBy(() -> Allocation.callsPerDay(Crm.HUBSPOT, -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Allocation(Crm.HUBSPOT, OptionalLong.of(5), OptionalDouble.of(0.5)))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new Allocation(Crm.HUBSPOT, OptionalLong.empty(), OptionalDouble.empty()))
                .hasMessageContaining("not neither");
    }

    @Test
    void aHubSpotAllocationKeepsTheAccountsZone() {
        Allocation allocation = Allocation.callsPerDay(Crm.HUBSPOT, 50_000).inZone(ZoneId.of("Europe/Berlin"));
        assertThat(allocation.windowZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(allocation.callsPerDay()).hasValue(50_000);
    }
}
