package io.crmsync.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.SyncPausedException;
import io.crmsync.sandbox.http.MutableClock;

/** The breaker's state machine, and its per-tenant, per-CRM keeping in {@link CrmBreakers}. */
class BreakerTest {

    static final Breaker.Settings SETTINGS = new Breaker.Settings(3, Duration.ofSeconds(30), Duration.ofMinutes(5));
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final String HUBSPOT_CALL = "hubspot POST /crm/v3/objects/{objectType}/batch/read";
    static final String SALESFORCE_CALL = "salesforce GET /services/data/{version}/query";

    @Test
    void opensAfterTheThresholdOfFailuresInARowAndRefusesUntilTheCoolDownEnds() {
        Breaker b = Breaker.CLOSED.failed(T0, SETTINGS).failed(T0.plusSeconds(1), SETTINGS);
        assertThat(b.phase()).isEqualTo(Breaker.Phase.CLOSED);
        assertThat(b.admit(T0.plusSeconds(1), SETTINGS).refusal()).isEmpty();

        b = b.failed(T0.plusSeconds(2), SETTINGS);

        assertThat(b.phase()).isEqualTo(Breaker.Phase.OPEN);
        assertThat(b.since()).isEqualTo(T0);
        assertThat(b.admit(T0.plusSeconds(31), SETTINGS).refusal()).contains(
                new Breaker.Refusal(T0, T0.plusSeconds(32)));
    }

    @Test
    void anAnswerBetweenFailuresStartsTheCountAgain() {
        Breaker b = Breaker.CLOSED.failed(T0, SETTINGS).failed(T0, SETTINGS).answered().failed(T0, SETTINGS)
                .failed(T0, SETTINGS);
        assertThat(b.phase()).isEqualTo(Breaker.Phase.CLOSED);
    }

    @Test
    void afterTheCoolDownOneProbeGoesAndTheOthersWait() {
        Breaker open = opened();
        Instant due = T0.plusSeconds(30);

        Breaker.Admission probe = open.admit(due, SETTINGS);
        Breaker.Admission other = probe.next().admit(due.plusSeconds(1), SETTINGS);

        assertThat(probe.refusal()).isEmpty();
        assertThat(probe.next().phase()).isEqualTo(Breaker.Phase.HALF_OPEN);
        assertThat(other.refusal()).contains(new Breaker.Refusal(T0, due.plusSeconds(30)));
        // A probe that never reports is given up after one base cool-down: the next caller probes.
        assertThat(probe.next().admit(due.plusSeconds(30), SETTINGS).refusal()).isEmpty();
    }

    @Test
    void aProbeAnsweredClosesTheBreaker() {
        Breaker probing = opened().admit(T0.plusSeconds(30), SETTINGS).next();
        assertThat(probing.answered()).isEqualTo(Breaker.CLOSED);
    }

    @Test
    void aFailedProbeReopensForTwiceAsLongUpToTheCap() {
        Breaker b = opened();
        Instant now = T0;
        Duration[] expected = {Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240),
            Duration.ofMinutes(5), Duration.ofMinutes(5)};
        for (Duration coolDown : expected) {
            now = b.until();
            b = b.admit(now, SETTINGS).next().failed(now, SETTINGS);
            assertThat(b.phase()).isEqualTo(Breaker.Phase.OPEN);
            assertThat(Duration.between(now, b.until())).isEqualTo(coolDown);
            assertThat(b.since()).as("the outage's start stays").isEqualTo(T0);
        }
    }

    @Test
    void failuresOfCallsStartedBeforeItOpenedChangeNothing() {
        Breaker open = opened();
        assertThat(open.failed(T0.plusSeconds(10), SETTINGS)).isEqualTo(open);
    }

    @Test
    void crmBreakersHoldOneTenantsCallsToOneCrmBackWithAPauseNamingTheOutage() {
        MutableClock clock = new MutableClock(T0);
        TenantCalls tenants = new TenantCalls();
        CrmBreakers breakers = new CrmBreakers(tenants, SETTINGS, clock);
        tenants.on("t1", () -> {
            for (int i = 0; i < 3; i++) {
                breakers.answered("t1", HUBSPOT_CALL, 503);
            }
            return null;
        });

        assertThatThrownBy(() -> tenants.on("t1", () -> {
            breakers.beforeCall(HUBSPOT_CALL);
            return null;
        })).isInstanceOfSatisfying(SyncPausedException.class, pause -> {
            assertThat(pause.resumeAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(pause.suspension()).contains("HubSpot unreachable");
            assertThat(pause.getMessage()).contains("HubSpot unreachable since " + T0);
        });
        // Salesforce for the same tenant, HubSpot for another tenant, and calls outside a tenant still go.
        tenants.on("t1", () -> {
            breakers.beforeCall(SALESFORCE_CALL);
            return null;
        });
        tenants.on("t2", () -> {
            breakers.beforeCall(HUBSPOT_CALL);
            return null;
        });
        breakers.beforeCall(HUBSPOT_CALL);
        assertThat(breakers.state("t1", Crm.HUBSPOT).phase()).isEqualTo(Breaker.Phase.OPEN);
        assertThat(breakers.state("t1", Crm.SALESFORCE)).isEqualTo(Breaker.CLOSED);
    }

    @Test
    void rateLimitsCountNeitherWayAndAnAnswerClosesAgain() {
        MutableClock clock = new MutableClock(T0);
        TenantCalls tenants = new TenantCalls();
        CrmBreakers breakers = new CrmBreakers(tenants, SETTINGS, clock);
        tenants.on("t1", () -> {
            breakers.answered("t1", SALESFORCE_CALL, 500);
            breakers.answered("t1", SALESFORCE_CALL, 429);
            breakers.failed(Crm.SALESFORCE);
            breakers.answered("t1", SALESFORCE_CALL, 429);
            return null;
        });
        assertThat(breakers.state("t1", Crm.SALESFORCE).failures()).isEqualTo(2);
        tenants.on("t1", () -> {
            breakers.failed(Crm.SALESFORCE);
            return null;
        });
        assertThat(breakers.state("t1", Crm.SALESFORCE).phase()).isEqualTo(Breaker.Phase.OPEN);

        clock.advance(Duration.ofSeconds(30));
        tenants.on("t1", () -> {
            breakers.beforeCall(SALESFORCE_CALL);
            breakers.answered("t1", SALESFORCE_CALL, 404);
            return null;
        });
        assertThat(breakers.state("t1", Crm.SALESFORCE)).isEqualTo(Breaker.CLOSED);
    }

    private static Breaker opened() {
        Breaker b = Breaker.CLOSED;
        for (int i = 0; i < SETTINGS.threshold(); i++) {
            b = b.failed(T0, SETTINGS);
        }
        return b;
    }
}
