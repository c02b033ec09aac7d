package io.crmsync.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/** The Salesforce sandbox as jsforce sees it: the ecosystem's client must work against it unchanged. */
class SalesforceOfficialClientTest {

    private static final String CLIENT_ID = "3MVG9jsforce.conformance";
    private static final String CLIENT_SECRET = "jsforce-secret";
    private static final int SEEDED_LEADS = 2_100;

    @Test
    void jsforceWorksAgainstTheSandbox() {
        try (SalesforceSandbox sandbox = new SalesforceSandbox(new SalesforceSandbox.Config(CLIENT_ID, CLIENT_SECRET))
                .start()) {
            for (int i = 0; i < SEEDED_LEADS; i++) {
                sandbox.insert("Lead", Map.of("LastName", "Seeded " + i, "Company", "Seed Co"));
            }
            NodeScript.Result result = NodeScript.run("salesforce-jsforce.cjs", Map.of(
                    "SF_LOGIN_URL", sandbox.baseUrl(),
                    "SF_CLIENT_ID", CLIENT_ID,
                    "SF_CLIENT_SECRET", CLIENT_SECRET,
                    "SF_SEEDED_LEADS", String.valueOf(SEEDED_LEADS)), Duration.ofSeconds(60));
            assertThat(result.succeeded()).as("stdout:%n%s%nstderr:%n%s", result.stdout(), result.stderr()).isTrue();
            assertThat(result.stdout()).contains("\"ok\":true");
            assertThat(sandbox.lastCallOptions()).hasValue("client=jsforce-conformance");
            // One collection request is one API call.
            assertThat(sandbox.calls("POST /services/data/v62.0/composite/sobjects")).isEqualTo(2);
        }
    }
}
