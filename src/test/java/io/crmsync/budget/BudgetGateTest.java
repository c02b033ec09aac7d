package io.crmsync.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.crm.SyncPausedException;

class BudgetGateTest {

    /** A ledger that grants a fixed number of calls and records what it was asked. */
    static final class CountingLedger implements Ledger {
        long left;
        final List<String> reserved = new ArrayList<>();
        final List<String> observed = new ArrayList<>();

        CountingLedger(long left) {
            this.left = left;
        }

        @Override
        public Reservation reserve(String tenantId, Crm crm, int calls, Instant now) {
            if (calls > left) {
                return new Reservation.Denied(now.plus(Duration.ofHours(1)), "allocation used");
            }
            left -= calls;
            reserved.add(tenantId + " " + crm + " " + calls);
            return new Reservation.Granted(left);
        }

        @Override
        public void observe(String tenantId, Crm crm, long orgUsed, long orgLimit, Instant now) {
            observed.add(tenantId + " " + crm + " " + orgUsed + "/" + orgLimit);
        }

        @Override
        public Usage usage(String tenantId, Crm crm, Instant now) {
            return new Usage(crm, now, reserved.size(), Optional.empty(), java.util.OptionalLong.empty(),
                    java.util.OptionalLong.of(left), new java.util.TreeMap<>(), Optional.empty());
        }

        @Override
        public void setAllocation(String tenantId, Allocation allocation) {
            left = allocation.callsPerDay(java.util.OptionalLong.empty());
        }

        @Override
        public Optional<Allocation> allocation(String tenantId, Crm crm) {
            return Optional.empty();
        }
    }

    final CountingLedger ledger = new CountingLedger(2);
    final TenantCalls tenants = new TenantCalls();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    final BudgetGate gate = new BudgetGate(ledger, tenants, clock);

    static final String QUERY = "salesforce GET /services/data/v62.0/query";

    @Test
    void callsForATenantAreReservedAndOnceTheAllocationIsReachedTheTenantPauses() {
        tenants.on("acme", () -> {
            gate.beforeCall(QUERY);
            gate.beforeCall("hubspot POST /crm/v3/objects/contacts/batch/read");
            return null;
        });
        assertThat(ledger.reserved).containsExactly("acme SALESFORCE 1", "acme HUBSPOT 1");

        assertThatThrownBy(() -> tenants.on("acme", () -> {
            gate.beforeCall(QUERY);
            return null;
        })).isInstanceOfSatisfying(SyncPausedException.class, paused -> {
            assertThat(paused.resumeAt()).isEqualTo(Instant.parse("2026-11-29T11:00:00Z"));
            assertThat(paused.suspension()).isEmpty();
        });
    }

    @Test
    void callsForNoTenantAndTokenCallsAreNotCharged() {
        gate.beforeCall(QUERY);
        tenants.on("acme", () -> {
            gate.beforeCall("salesforce POST /services/oauth2/token");
            return null;
        });
        assertThat(ledger.reserved).isEmpty();
        assertThat(tenants.current()).isEmpty();
    }

    @Test
    void usageHeadersAreRecordedEveryFewMinutesOrAtOnceWhenTheOrgIsNearlyOut() {
        tenants.on("acme", () -> {
            gate.afterCall(QUERY, 1_000, 100_000);
            gate.afterCall(QUERY, 1_001, 100_000);
            clock.advance(BudgetGate.OBSERVE_EVERY);
            gate.afterCall(QUERY, 1_500, 100_000);
            gate.afterCall(QUERY, 95_000, 100_000);
            return null;
        });
        assertThat(ledger.observed).containsExactly("acme SALESFORCE 1000/100000", "acme SALESFORCE 1500/100000",
                "acme SALESFORCE 95000/100000");
    }

    @Test
    void tenantScopesNestAndUnwind() {
        String inner = tenants.on("acme", () -> tenants.on("globex", () -> tenants.current().orElseThrow()));
        assertThat(inner).isEqualTo("globex");
        assertThat(tenants.current()).isEmpty();
    }
}
