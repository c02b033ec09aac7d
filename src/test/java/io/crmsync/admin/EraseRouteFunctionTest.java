package io.crmsync.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.localaws.LocalAws;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.store.DynamoAssociationWaits;
import io.crmsync.store.DynamoAuditLog;
import io.crmsync.store.DynamoLinkStore;
import io.crmsync.store.DynamoSyncErrorLog;
import io.crmsync.sync.AuditLog;
import io.crmsync.sync.Link;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.testing.Events;
import io.crmsync.testing.SyncStack;
import io.crmsync.testing.TenantSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code POST /tenants/{id}/erase} through the admin-api function with its own role behind the local IAM check:
 * an email found in both CRM sandboxes is erased from every table, the other person stays, and the answer holds
 * counts and ids, never the email. Bad requests say what is wrong.
 */
@QuarkusTest
@TestProfile(AdminApiFunctionProfile.class)
@SyncStack
class EraseRouteFunctionTest {

    static final Instant NOW = Instant.now();

    @Inject
    ObjectMapper json;

    LocalAws aws;
    HubSpotSandbox hubSpot;
    SalesforceSandbox salesforce;
    TenantSetup tenants;

    @BeforeEach
    void stack(LocalAws aws, HubSpotSandbox hubSpot, SalesforceSandbox salesforce, TenantSetup tenants) {
        this.aws = aws;
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.tenants = tenants;
    }

    record Answer(int status, JsonNode body, String text) {
    }

    Answer erase(String tenant, String body) throws Exception {
        JsonNode event = Events.functionUrl(Events.ADMIN_API_IAM).request("POST", "/tenants/" + tenant + "/erase")
                .receivedAt(Instant.now()).requestId("r-" + System.nanoTime())
                .header("content-type", "application/json").body(body).json();
        JsonNode response = json.readTree(given().contentType("application/json").body(event.toString())
                .post().then().statusCode(200).extract().asString());
        String text = response.path("body").asText("");
        return new Answer(response.path("statusCode").asInt(), json.readTree(text), text);
    }

    /** A person synced as the worker leaves them: link, audit rows, a refused update, a wait for their company. */
    void synced(String hubSpotId, String leadId, String email) {
        new DynamoLinkStore(aws.dynamo(), aws.tableName("LinksTable"))
                .save(new Link("erase", "contact", hubSpotId, "Lead", leadId, "h", NOW));
        List<AuditLog.Entry> rows = new ArrayList<>();
        for (String field : List.of("email", "lastname", "firstname")) {
            rows.add(new AuditLog.Entry("erase", "contact", hubSpotId, "Lead", leadId, field, email, email, email,
                    "SALESFORCE", "HUBSPOT", "TWO_WAY", "changed", NOW));
        }
        new DynamoAuditLog(aws.dynamo(), aws.tableName("AuditTable")).append(rows);
        new DynamoSyncErrorLog(aws.dynamo(), aws.tableName("SyncErrorsTable")).record(List.of(
                new SyncErrorLog.SyncError("erase", "hubspot|contact|" + hubSpotId, "Data", "INVALID_EMAIL_ADDRESS",
                        "Email: invalid email address: " + email, NOW)));
        new DynamoAssociationWaits(aws.dynamo(), aws.tableName("SyncErrorsTable"))
                .await("erase", "hubspot|company|990", "hubspot|contact|" + hubSpotId);
    }

    String everything() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("LinksTable", "AuditTable", "SyncErrorsTable", "TenantsTable", "BudgetTable",
                "MappingsTable")) {
            aws.dynamo().scanPaginator(b -> b.tableName(aws.tableName(table))).items().forEach(i -> all.append(i)
                    .append('\n'));
        }
        return all.toString();
    }

    @Test
    void anEmailIsErasedFromEveryTableWithItsRecordsOnBothSides() throws Exception {
        tenants.register("erase", TenantSettings.defaults());
        String ana = hubSpot.createContact(Map.of("email", "ana.erase@privacy.example", "lastname", "Quill"));
        String anaLead = salesforce.insert("Lead", Map.of("LastName", "Quill", "Company", "Quill Ltd",
                "Email", "ana.erase@privacy.example"));
        String bob = hubSpot.createContact(Map.of("email", "bob.keep@privacy.example", "lastname", "Stay"));
        String bobLead = salesforce.insert("Lead", Map.of("LastName", "Stay", "Company", "Stay Ltd",
                "Email", "bob.keep@privacy.example"));
        synced(ana, anaLead, "ana.erase@privacy.example");
        synced(bob, bobLead, "bob.keep@privacy.example");
        assertThat(everything()).contains("ana.erase@privacy.example", anaLead);

        Answer answer = erase("erase", "{\"email\": \"Ana.Erase@privacy.example\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).doesNotContainIgnoringCase("ana.erase@privacy.example");
        assertThat(answer.body().get("records")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("hubspot|contact|" + ana, "salesforce|Lead|" + anaLead);
        assertThat(answer.body().get("erased").get("audit").asInt()).isEqualTo(3);
        assertThat(answer.body().get("erased").get("links").asInt()).isEqualTo(1);
        assertThat(answer.body().get("erased").get("sync-errors").asInt()).isEqualTo(1);
        assertThat(answer.body().get("erased").get("sync-errors (waits)").asInt()).isEqualTo(1);
        String left = everything();
        assertThat(left).doesNotContain("ana.erase@privacy.example").doesNotContain(anaLead)
                .doesNotContain("contact|" + ana + "\"").doesNotContain("contact|" + ana + ",")
                .contains("bob.keep@privacy.example", bobLead, "hubspot|contact|" + bob);
        // The CRM records are the tenant's to delete.
        assertThat(hubSpot.contact(ana)).isPresent();
        assertThat(salesforce.record(anaLead)).isPresent();
    }

    @Test
    void aRequestNamesExactlyOnePersonOfAKnownTenant() throws Exception {
        tenants.register("erase", TenantSettings.defaults());

        assertThat(erase("nobody", "{\"hubSpotId\": \"101\"}").status()).isEqualTo(404);
        assertThat(erase("erase", "{\"hubSpotId\": \"101\", \"email\": \"a@b.example\"}").status()).isEqualTo(400);
        Answer account = erase("erase", "{\"salesforceId\": \"001000000000001AAA\"}");
        assertThat(account.status()).isEqualTo(400);
        assertThat(account.text()).contains("salesforceId");
        Answer unknown = erase("erase", "{\"hubSpotId\": \"999999\"}");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body().get("erasedItems").asInt()).isZero();
    }
}
