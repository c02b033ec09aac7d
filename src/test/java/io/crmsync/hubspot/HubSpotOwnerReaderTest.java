package io.crmsync.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.functions.WorkerFunctionProfile;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The owners adapter against the HubSpot sandbox, in the worker's application. */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.HUBSPOT)
class HubSpotOwnerReaderTest {

    static final String LIST_OWNERS = "GET /crm/v3/owners";

    @Inject
    HubSpotOwnerReader reader;

    HubSpotSandbox hubSpot;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot) {
        this.hubSpot = hubSpot;
    }

    @Test
    void readsEveryOwnerAcrossPagesOf500() {
        String ada = hubSpot.addOwner("Ada@Example.com", "Ada", "Lovelace");
        for (int i = 0; i < 1_100; i++) {
            hubSpot.addOwner("owner" + i + "@example.com", "Owner", String.valueOf(i));
        }
        String last = hubSpot.addOwner("grace@example.com", "Grace", "Hopper");

        Map<String, String> emails = reader.ownerEmails("acme");

        assertThat(emails).hasSize(1_102).containsEntry(ada, "Ada@Example.com").containsEntry(last,
                "grace@example.com");
        assertThat(hubSpot.calls(LIST_OWNERS)).isEqualTo(3);
    }

    @Test
    void aPortalWithoutOwnersHasNone() {
        assertThat(reader.ownerEmails("acme")).isEmpty();
        assertThat(hubSpot.calls(LIST_OWNERS)).isEqualTo(1);
    }

    @Test
    void aRateLimitIsTransient() {
        hubSpot.addOwner("ada@example.com", "Ada", "Lovelace");
        hubSpot.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(429), Duration.ZERO, 0, 0));

        assertThatThrownBy(() -> reader.ownerEmails("acme")).isInstanceOf(CrmUnavailableException.class)
                .hasMessageContaining("429");
    }
}
