package io.crmsync.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.crmsync.budget.TenantCalls;
import io.crmsync.crm.TenantNotConnectedException;
import io.crmsync.tenant.SingleTenantMode;
import io.crmsync.connect.InMemoryCredentialStore;
import io.crmsync.tenant.TenantCredentials;
import io.crmsync.tenant.TenantCredentials.HubSpotGrant;
import io.crmsync.tenant.TenantCredentials.Method;
import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.sync.TenantSuspensions;

/**
 * Which token an adapter call carries, and when an OAuth token is refreshed; no HTTP (the refreshes themselves are
 * in io.crmsync.connect.HubSpotConnectorTest, against the sandbox).
 */
class HubSpotTokensTest {

    static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final InMemoryCredentialStore store = new InMemoryCredentialStore();
    final TenantCalls tenants = new TenantCalls();
    final TenantSuspensions noSuspensions = new TenantSuspensions() {
        @Override
        public void suspend(String tenantId, String reason, Instant at) {
            throw new AssertionError("nothing is refused here");
        }

        @Override
        public void clear(String tenantId) {
            throw new AssertionError("nothing is refused here");
        }

        @Override
        public Optional<Suspension> current(String tenantId) {
            return Optional.empty();
        }
    };

    /** No OAuth client: any refresh attempt would fail the test with a NullPointerException. */
    HubSpotTokens tokens(Optional<String> deploymentToken, SingleTenantMode singleTenant) {
        return new HubSpotTokens(store, null, tenants, noSuspensions, deploymentToken, singleTenant,
                Optional.of("client"), Optional.of("secret"), clock);
    }

    static HubSpotGrant oauth(Instant expiresAt) {
        return new HubSpotGrant(Method.HUBSPOT_OAUTH, "oauth-access", "oauth-refresh", expiresAt, 62515,
                List.of("oauth"));
    }

    @Test
    void anOAuthTokenIsRefreshedFromFiveMinutesBeforeItExpires() {
        Instant expiresAt = NOW.plus(Duration.ofMinutes(30));
        assertThat(HubSpotTokens.refreshDue(oauth(expiresAt), NOW)).isFalse();
        clock.advance(Duration.ofMinutes(24).plusSeconds(59));
        assertThat(HubSpotTokens.refreshDue(oauth(expiresAt), clock.instant())).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(HubSpotTokens.refreshDue(oauth(expiresAt), clock.instant())).as("exactly 5 minutes left").isTrue();
        clock.advance(Duration.ofHours(2));
        assertThat(HubSpotTokens.refreshDue(oauth(expiresAt), clock.instant())).as("long expired").isTrue();
        assertThat(HubSpotTokens.refreshDue(oauth(null), NOW)).as("expiry unknown").isTrue();
    }

    @Test
    void aPrivateAppTokenIsNeverRefreshed() {
        HubSpotGrant privateApp = new HubSpotGrant(Method.HUBSPOT_PRIVATE_APP, "pat-na1-x", null, null, 62515,
                List.of());
        assertThat(HubSpotTokens.refreshDue(privateApp, NOW)).isFalse();
        assertThat(HubSpotTokens.refreshDue(privateApp, NOW.plus(Duration.ofDays(365)))).isFalse();
    }

    @Test
    void eachTenantCallsWithItsOwnGrantAndATenantWithoutOneIsNotServed() {
        store.write("acme", TenantCredentials.NONE.withHubSpot(oauth(NOW.plus(Duration.ofMinutes(20)))));
        store.write("globex", TenantCredentials.NONE.withHubSpot(new HubSpotGrant(Method.HUBSPOT_PRIVATE_APP,
                "pat-globex", null, null, 777, List.of())));
        store.write("initech", TenantCredentials.NONE); // e.g. only Salesforce connected so far
        HubSpotTokens tokens = tokens(Optional.of("pat-deployment"), SingleTenantMode.OFF);

        assertThat(tenants.on("acme", tokens::bearer)).isEqualTo("Bearer oauth-access");
        assertThat(tenants.on("globex", tokens::bearer)).isEqualTo("Bearer pat-globex");
        // Before, both fell back to the deployment's token: a write into another account.
        assertThatThrownBy(() -> tenants.on("initech", tokens::bearer))
                .isInstanceOf(TenantNotConnectedException.class)
                .hasMessage("tenant initech has not connected HubSpot: no call is made with any other credentials")
                .satisfies(e -> assertThat(((TenantNotConnectedException) e).suspension())
                        .contains(TenantNotConnectedException.HUBSPOT_NOT_CONNECTED));
        assertThatThrownBy(() -> tenants.on("unknown", tokens::bearer))
                .isInstanceOf(TenantNotConnectedException.class);
        assertThatThrownBy(tokens::bearer).as("no tenant").isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(TenantNotConnectedException.class)
                .hasMessageContaining("outside any tenant");
    }

    @Test
    void onlyTheSingleTenantModesTenantCallsWithTheDeploymentTokenAndOnlyWithoutAGrant() {
        store.write("local", TenantCredentials.NONE);
        HubSpotTokens tokens = tokens(Optional.of("pat-deployment"), SingleTenantMode.of("local"));

        assertThat(tenants.on("local", tokens::bearer)).isEqualTo("Bearer pat-deployment");
        assertThat(tokens.bearer()).as("a local tool, outside any tenant").isEqualTo("Bearer pat-deployment");
        assertThatThrownBy(() -> tenants.on("globex", tokens::bearer))
                .isInstanceOf(TenantNotConnectedException.class);
        store.write("local", TenantCredentials.NONE.withHubSpot(oauth(NOW.plus(Duration.ofMinutes(20)))));
        assertThat(tenants.on("local", tokens::bearer)).as("its own grant, once connected")
                .isEqualTo("Bearer oauth-access");
    }

    @Test
    void withoutTheDeploymentTokenTheSingleTenantModesErrorNamesTheSetting() {
        HubSpotTokens tokens = tokens(Optional.of(" "), SingleTenantMode.of("acme"));

        assertThatThrownBy(() -> tenants.on("acme", tokens::bearer)).isInstanceOf(IllegalStateException.class)
                .hasMessage("tenant acme has not connected HubSpot, and crmsync.hubspot.access-token"
                        + " (CRMSYNC_HUBSPOT_ACCESS_TOKEN) is not set for the single-tenant mode");
    }
}
