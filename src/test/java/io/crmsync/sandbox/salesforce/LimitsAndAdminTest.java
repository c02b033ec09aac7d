package io.crmsync.sandbox.salesforce;

import io.crmsync.sandbox.http.MutableClock;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.SandboxHttpServer;

class LimitsAndAdminTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private SalesforceSandbox sandbox;

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theDailyAllocationIsARolling24HourWindow() throws Exception {
        sandbox = new SalesforceSandbox(SalesforceTestClient.config(2), StandardObjects.ALL, clock).start();
        SalesforceTestClient client = new SalesforceTestClient(sandbox).login();
        client.ok(client.send("GET", V + "/limits", null), 200);
        clock.advance(Duration.ofHours(12));
        JsonNode limits = client.ok(client.send("GET", V + "/limits", null), 200);
        assertThat(limits.get("DailyApiRequests").get("Max").asLong()).isEqualTo(2);
        assertThat(limits.get("DailyApiRequests").get("Remaining").asLong()).isZero();
        assertThat(limits.has("DailyBulkV2QueryJobs")).isTrue();
        assertThat(client.error(client.send("GET", V + "/limits", null), 403).get("errorCode").asText())
                .isEqualTo("REQUEST_LIMIT_EXCEEDED");
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        var response = client.send("GET", V + "/limits", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=2/2");
    }

    @Test
    void controlEndpointsSeedCountResetAndInjectFaultsInSalesforcesShape() throws Exception {
        sandbox = new SalesforceSandbox(SalesforceTestClient.config(100), StandardObjects.ALL, clock).start();
        SalesforceTestClient client = new SalesforceTestClient(sandbox).login();
        String admin = SandboxHttpServer.ADMIN_PREFIX;
        JsonNode seeded = client.ok(client.send("POST", admin + "seed",
                "{\"Account\":[{\"Name\":\"Acme\"}],\"Lead\":[{\"LastName\":\"A\",\"Company\":\"C\"},"
                        + "{\"LastName\":\"B\",\"Company\":\"C\"}]}"), 201);
        assertThat(seeded.get("Lead")).hasSize(2);
        assertThat(sandbox.count("Lead")).isEqualTo(2);
        assertThat(client.error(client.send("POST", admin + "seed", "{\"Lead\":[{\"LastName\":\"NoCompany\"}]}"), 400)
                .get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");

        client.ok(client.query("SELECT Id FROM Lead"), 200);
        JsonNode counters = client.ok(client.send("GET", admin + "counters", null), 200);
        assertThat(counters.get("calls").get("GET " + V + "/query").asLong()).isEqualTo(1);
        assertThat(counters.get("apiUsage").asLong()).isEqualTo(1);

        assertThat(client.send("PUT", admin + "faults",
                "{\"seed\":1,\"errorShare\":1.0,\"errorStatuses\":[503]}").statusCode()).isEqualTo(204);
        JsonNode fault = client.error(client.query("SELECT Id FROM Lead"), 503);
        assertThat(fault.get("errorCode").asText()).isEqualTo("SERVER_UNAVAILABLE");
        assertThat(client.send("GET", admin + "counters", null).statusCode()).isEqualTo(200);
        client.ok(client.send("PUT", admin + "faults", "{\"errorShare\":0}"), 204);

        client.ok(client.send("POST", admin + "reset", null), 204);
        assertThat(sandbox.count("Lead")).isZero();
        assertThat(sandbox.count("User")).as("the integration user and the org's other users")
                .isEqualTo(1 + sandbox.config().users().size());
        assertThat(sandbox.apiUsage()).isZero();
    }
}
