package io.crmsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

class SandboxCallsTest {

    @Test
    void readsThatArePostsAreNotWrites() {
        assertThat(SandboxCalls.isWrite("hubspot POST /crm/v3/objects/{objectType}/batch/read")).isFalse();
        assertThat(SandboxCalls.isWrite("hubspot POST /crm/v3/objects/{objectType}/search")).isFalse();
        assertThat(SandboxCalls.isWrite("hubspot POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read"))
                .isFalse();
        assertThat(SandboxCalls.isWrite("hubspot GET /crm/v3/owners")).isFalse();
        assertThat(SandboxCalls.isWrite("salesforce GET /services/data/v62.0/query")).isFalse();
        assertThat(SandboxCalls.isWrite("salesforce POST /services/data/v62.0/jobs/query")).isFalse();
    }

    @Test
    void everyWayOfChangingRecordsIsAWrite() {
        assertThat(SandboxCalls.isWrite("hubspot POST /crm/v3/objects/{objectType}/batch/update")).isTrue();
        assertThat(SandboxCalls.isWrite("hubspot POST /crm/v3/objects/{objectType}/batch/upsert")).isTrue();
        assertThat(SandboxCalls.isWrite("hubspot POST /crm/v3/objects/{objectType}")).isTrue();
        assertThat(SandboxCalls.isWrite("hubspot PATCH /crm/v3/objects/{objectType}/{objectId}")).isTrue();
        assertThat(SandboxCalls.isWrite(
                "hubspot PUT /crm/v4/objects/{objectType}/{objectId}/associations/default/{toObjectType}/{toObjectId}"))
                .isTrue();
        assertThat(SandboxCalls.isWrite("salesforce PATCH /services/data/v62.0/composite/sobjects")).isTrue();
        assertThat(SandboxCalls.isWrite(
                "salesforce PATCH /services/data/v62.0/composite/sobjects/{sObject}/{externalIdField}")).isTrue();
        assertThat(SandboxCalls.isWrite("salesforce POST /services/data/v62.0/composite/sobjects")).isTrue();
        assertThat(SandboxCalls.isWrite("salesforce DELETE /services/data/v62.0/sobjects/{sObject}/{id}")).isTrue();
    }

    @Test
    void countsWhatBothSandboxesAnsweredSinceASnapshotWithoutTheToken() throws Exception {
        try (HubSpotSandbox hubSpot = new HubSpotSandbox(new HubSpotSandbox.Config(LocalDeployment.HUBSPOT_TOKEN,
                LocalDeployment.PORTAL_ID, LocalDeployment.APP_ID, LocalDeployment.HUBSPOT_CLIENT_SECRET)).start();
                SalesforceSandbox salesforce = new SalesforceSandbox(new SalesforceSandbox.Config(
                        LocalDeployment.SALESFORCE_CLIENT_ID, LocalDeployment.SALESFORCE_CLIENT_SECRET)).start()) {
            String contact = hubSpot.createContact(Map.of("email", "a@example.com"));
            salesforce.insert("Lead", Map.of("LastName", "A", "Company", "B"));
            SandboxCalls before = SandboxCalls.of(hubSpot, salesforce);

            HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    hubSpot.baseUrl() + "/crm/v3/objects/contacts/batch/read"))
                    .header("Authorization", "Bearer " + LocalDeployment.HUBSPOT_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[{\"id\":\"" + contact + "\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            // An OAuth token call and one collection update.
            assertThat(SyncCallsBenchmark.bulkUpdateLeads(salesforce, "Title", "T")).isEqualTo(1);

            SandboxCalls made = SandboxCalls.of(hubSpot, salesforce).since(before);
            assertThat(made.byEndpoint()).containsOnlyKeys("hubspot POST /crm/v3/objects/{objectType}/batch/read",
                    "salesforce PATCH /services/data/v62.0/composite/sobjects");
            assertThat(made.total()).isEqualTo(2);
            assertThat(made.writes()).isEqualTo(1);
            assertThat(made.plus(made).total()).isEqualTo(4);
        }
    }
}
