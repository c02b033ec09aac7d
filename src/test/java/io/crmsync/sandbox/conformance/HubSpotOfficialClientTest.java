package io.crmsync.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.sandbox.hubspot.HubSpotSandbox;

/** HubSpot's official Node SDK (@hubspot/api-client) against the sandbox: src/test/node/hubspot-client.cjs. */
class HubSpotOfficialClientTest {

    @Test
    void theOfficialSdkWorksAgainstTheSandbox() {
        HubSpotSandbox.Config config = new HubSpotSandbox.Config("pat-sdk-token", 4242, 777, "sdk-client-secret");
        try (HubSpotSandbox sandbox = new HubSpotSandbox(config).start()) {
            NodeScript.Result result = NodeScript.run("hubspot-client.cjs", Map.of("HUBSPOT_BASE_URL", sandbox.baseUrl(),
                    "HUBSPOT_TOKEN", config.accessToken(), "HUBSPOT_CLIENT_SECRET", config.clientSecret()),
                    Duration.ofSeconds(60));
            assertThat(result.succeeded()).as("stdout:%n%s%nstderr:%n%s", result.stdout(), result.stderr()).isTrue();
            assertThat(sandbox.calls("POST /crm/v3/objects/{objectType}/search")).isEqualTo(1);
        }
    }
}
