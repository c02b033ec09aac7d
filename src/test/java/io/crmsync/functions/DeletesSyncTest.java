package io.crmsync.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.store.DynamoTenantSettings;
import io.crmsync.tenant.TenantSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Deletes through the sync-worker function, its real adapters, the CRM sandboxes and dynalite: Salesforce
 * deletions reach HubSpot as its connector documents, HubSpot deletions never reach Salesforce.
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
class DeletesSyncTest {

    @Inject
    ObjectMapper json;

    final HubSpotSandbox hubSpot = SharedSandboxes.hubSpot();
    final SalesforceSandbox salesforce = SharedSandboxes.salesforce();

    @BeforeEach
    void clean() {
        SharedLocalAws.get().reset();
        hubSpot.reset();
        salesforce.reset();
    }

    /** Each test has its own tenant: the worker caches settings. */
    void settings(String tenantId, TenantSettings settings) {
        LocalAws aws = SharedLocalAws.get();
        new io.crmsync.store.DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable")).save(
                new io.crmsync.tenant.Tenant(tenantId, 62515, "00D5g000004YzKxEAK", java.util.Optional.empty()));
        new DynamoTenantSettings(aws.dynamo(), aws.tableName("TenantsTable"), json).save(tenantId, settings);
    }

    /** One SQS message: a notice of {@code kind} naming records of one object on one side. */
    List<String> notice(String tenant, String kind, String source, String objectType, String... ids) throws Exception {
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        ObjectNode notice = json.createObjectNode().put("version", 1).put("tenantId", tenant).put("source", source)
                .put("objectType", objectType).put("kind", kind).put("occurredAt", "2026-11-29T10:00:00Z");
        for (String id : ids) {
            notice.withArray("recordIds").add(id);
        }
        records.addObject().put("messageId", "m1").put("receiptHandle", "rh").put("body", notice.toString())
                .put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:0:crmsync-changes")
                .putObject("attributes").put("ApproximateReceiveCount", "1");
        JsonNode answer = json.readTree(given().contentType("application/json").body(json.writeValueAsString(event))
                .post().then().statusCode(200).extract().asString());
        return answer.path("batchItemFailures").findValuesAsText("itemIdentifier");
    }

    String syncedDeal(String tenant) throws Exception {
        String deal = hubSpot.createRecord("deal", Map.of("dealname", "Renewal", "dealstage", "closedwon",
                "pipeline", "default", "closedate", "2026-12-24T00:00:00.000Z"));
        assertThat(notice(tenant, "UPDATED", "HUBSPOT", "deal", deal)).isEmpty();
        return deal;
    }

    String syncedLead(String tenant, String contact) throws Exception {
        assertThat(notice(tenant, "UPDATED", "HUBSPOT", "contact", contact)).isEmpty();
        return (String) salesforce.leadByExternalId("HubSpot_Contact_Id__c", contact).orElseThrow().get("Id");
    }

    @Test
    void anOpportunityDeletedInSalesforceArchivesItsDealOnceHoweverOftenTheNoticeComes() throws Exception {
        settings("deals", TenantSettings.defaults().withDeals(true, Map.of(), Map.of("closedwon", "Closed Won")));
        String deal = syncedDeal("deals");
        String opportunity = (String) salesforce.records("Opportunity").get(0).get("Id");

        salesforce.delete(opportunity);
        assertThat(notice("deals", "DELETED", "SALESFORCE", "Opportunity", opportunity)).isEmpty();

        assertThat(hubSpot.isArchived("deal", deal)).isTrue();
        hubSpot.resetCounters();
        assertThat(notice("deals", "DELETED", "SALESFORCE", "Opportunity", opportunity)).isEmpty();
        assertThat(hubSpot.callCounts()).isEmpty();
    }

    @Test
    void aDeletedLeadKeepsItsContactWithDoNothing() throws Exception {
        settings("keep", TenantSettings.defaults());
        String contact = hubSpot.createContact(Map.of("email", "kept@example.com", "lastname", "Kept"));
        String lead = syncedLead("keep", contact);

        salesforce.delete(lead);
        assertThat(notice("keep", "DELETED", "SALESFORCE", "Lead", lead)).isEmpty();

        assertThat(hubSpot.isArchived("contact", contact)).isFalse();
        assertThat(hubSpot.contact(contact)).isPresent();
    }

    @Test
    void aDeletedLeadArchivesItsContactWithDeleteButNotOnceRestored() throws Exception {
        settings("delete", TenantSettings.defaults().withContactDeletion(true));
        String gone = hubSpot.createContact(Map.of("email", "gone@example.com", "lastname", "Gone"));
        String back = hubSpot.createContact(Map.of("email", "back@example.com", "lastname", "Back"));
        String goneLead = syncedLead("delete", gone);
        String backLead = syncedLead("delete", back);

        salesforce.delete(goneLead);
        salesforce.delete(backLead);
        salesforce.undelete(backLead);
        assertThat(notice("delete", "DELETED", "SALESFORCE", "Lead", goneLead, backLead)).isEmpty();

        assertThat(hubSpot.isArchived("contact", gone)).isTrue();
        assertThat(hubSpot.isArchived("contact", back)).isFalse();
    }

    @Test
    void aDealDeletedInHubSpotLeavesItsOpportunity() throws Exception {
        settings("hs-delete", TenantSettings.defaults().withDeals(true, Map.of(), Map.of("closedwon", "Closed Won")));
        String deal = syncedDeal("hs-delete");
        String opportunity = (String) salesforce.records("Opportunity").get(0).get("Id");

        hubSpot.archiveRecord("deal", deal);
        salesforce.resetCounters();
        assertThat(notice("hs-delete", "DELETED", "HUBSPOT", "deal", deal)).isEmpty();

        assertThat(salesforce.records("Opportunity")).singleElement()
                .satisfies(o -> assertThat(o.get("Id")).isEqualTo(opportunity));
        assertThat(salesforce.callCounts().keySet()).noneMatch(call -> call.startsWith("DELETE"));
    }
}
