package io.crmsync.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.budget.Breaker;
import io.crmsync.budget.Crm;
import io.crmsync.budget.CrmBreakers;
import io.crmsync.budget.TenantCalls;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.functions.WorkerFunctionProfile;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sync.HubSpotAssociations;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The breaker as deployed: the real REST client, its call filter and the HubSpot sandbox answering 503 to
 * everything. The answers reach the breaker although the client may read them on its I/O thread.
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.HUBSPOT)
class CrmBreakerThroughTheDoorTest {

    static final String READ = "POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read";
    /** A tenant of its own: the breakers live as long as the application. */
    static final String TENANT = "breaker-door-test";

    @Inject
    HubSpotAssociations associations;

    @Inject
    TenantCalls tenants;

    @Inject
    CrmBreakers breakers;

    @Inject
    io.crmsync.budget.Ledger ledger;

    HubSpotSandbox hubSpot;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot, io.crmsync.testing.TenantSetup setup) {
        this.hubSpot = hubSpot;
        hubSpot.resetCounters();
        setup.connect(TENANT).connect("usage-door-test");
    }

    @AfterEach
    void noFaults() {
        hubSpot.faults().configure(FaultInjector.Settings.none());
    }

    @Test
    void anOutageOpensTheTenantsBreakerAndItsCallsStopBeforeTheyAreSent() {
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com"));
        hubSpot.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(503), Duration.ZERO, 0, 0));

        // Three attempts per call (two retries): the tenth failed attempt, in the fourth call, opens the breaker.
        for (int call = 1; call <= 3; call++) {
            assertThatThrownBy(this::read).isInstanceOf(CrmUnavailableException.class)
                    .isNotInstanceOf(SyncPausedException.class);
        }
        assertThatThrownBy(this::read).isInstanceOfSatisfying(SyncPausedException.class,
                pause -> assertThat(pause.suspension()).contains("HubSpot unreachable"));
        assertThat(hubSpot.calls(READ)).isEqualTo(10);
        assertThat(breakers.state(TENANT, Crm.HUBSPOT).phase()).isEqualTo(Breaker.Phase.OPEN);

        assertThatThrownBy(this::read).isInstanceOf(SyncPausedException.class);
        assertThat(hubSpot.calls(READ)).as("no call sent while open").isEqualTo(10);
        // Other tenants still call.
        assertThatThrownBy(() -> associations.read("t1", "contact", "company", List.of(ada)))
                .isNotInstanceOf(SyncPausedException.class);
    }

    /** The same I/O thread question for the usage headers: HubSpot's daily figures reach the tenant's budget. */
    @Test
    void anAnswersUsageHeadersAreRecordedForTheTenantThatCalled() {
        String tenant = "usage-door-test";
        hubSpot.createContact(Map.of("email", "grace@example.com"));

        tenants.on(tenant, () -> associations.read(tenant, "contact", "company", List.of("1")));

        assertThat(ledger.usage(tenant, Crm.HUBSPOT, java.time.Instant.now()).observation())
                .as("X-HubSpot-RateLimit-Daily seen for %s", tenant).isPresent();
    }

    private Object read() {
        return tenants.on(TENANT, () -> associations.read(TENANT, "contact", "company", List.of("1")));
    }
}
