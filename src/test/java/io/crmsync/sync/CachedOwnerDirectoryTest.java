package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.sandbox.http.MutableClock;

class CachedOwnerDirectoryTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    final List<String> hubSpotReads = new ArrayList<>();
    final List<String> salesforceReads = new ArrayList<>();
    Map<String, String> salesforceUsers = Map.of("005A", "ada@example.com");
    RuntimeException salesforceFailure;

    final CachedOwnerDirectory directory = new CachedOwnerDirectory(tenant -> {
        hubSpotReads.add(tenant);
        return Map.of("101", "ada@example.com");
    }, tenant -> {
        salesforceReads.add(tenant);
        if (salesforceFailure != null) {
            throw salesforceFailure;
        }
        return salesforceUsers;
    }, Duration.ofMinutes(10), clock);

    @Test
    void readsBothSidesOncePerTenantWithinTheCacheTime() {
        Owners first = directory.owners("acme");
        clock.advance(Duration.ofMinutes(9));
        Owners again = directory.owners("acme");

        assertThat(again).isSameAs(first);
        assertThat(first.hubSpotOwnerFor("ada@example.com")).contains("101");
        assertThat(first.salesforceUserFor("ada@example.com")).contains("005A");
        assertThat(hubSpotReads).containsExactly("acme");
        assertThat(salesforceReads).containsExactly("acme");
    }

    @Test
    void readsAgainOnceTheCacheTimeHasPassed() {
        directory.owners("acme");
        salesforceUsers = Map.of("005B", "ada@example.com");
        clock.advance(Duration.ofMinutes(10));

        assertThat(directory.owners("acme").salesforceUserFor("ada@example.com")).contains("005B");
        assertThat(hubSpotReads).containsExactly("acme", "acme");
    }

    @Test
    void eachTenantHasItsOwnEntry() {
        directory.owners("acme");
        directory.owners("globex");

        assertThat(salesforceReads).containsExactly("acme", "globex");
    }

    @Test
    void aFailedReadIsNotCached() {
        salesforceFailure = new CrmUnavailableException("Salesforce answered 503", null);
        assertThatThrownBy(() -> directory.owners("acme")).isSameAs(salesforceFailure);

        salesforceFailure = null;
        assertThat(directory.owners("acme").salesforceUserFor("ada@example.com")).contains("005A");
        assertThat(salesforceReads).hasSize(2);
    }
}
