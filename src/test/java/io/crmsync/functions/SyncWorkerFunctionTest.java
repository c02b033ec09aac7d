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

import io.crmsync.crm.Side;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The sync-worker function as Lambda invokes it with an SQS batch (through the Lambda mock event server), with
 * its real adapters against the CRM sandboxes and dynalite.
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
class SyncWorkerFunctionTest {

    static final String BATCH_READ = "POST /crm/v3/objects/{objectType}/batch/read";

    @Inject
    ObjectMapper json;

    @Inject
    io.crmsync.budget.CrmCalls calls;

    final HubSpotSandbox hubSpot = SharedSandboxes.hubSpot();
    final SalesforceSandbox salesforce = SharedSandboxes.salesforce();

    @BeforeEach
    void clean() {
        SharedLocalAws.get().reset();
        hubSpot.reset();
        salesforce.reset();
    }

    /** Invokes the function with one SQS message per (messageId → contact ids) entry, for tenant acme. */
    JsonNode invoke(Map<String, List<String>> messages) throws Exception {
        return invoke("acme", messages);
    }

    JsonNode invoke(String tenant, Map<String, List<String>> messages) throws Exception {
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        messages.forEach((messageId, ids) -> {
            ObjectNode notice = json.createObjectNode().put("version", 1).put("tenantId", tenant)
                    .put("source", "HUBSPOT").put("objectType", "contact").put("kind", "UPDATED")
                    .put("occurredAt", "2026-11-29T10:00:00Z");
            ids.forEach(notice.putArray("recordIds")::add);
            records.addObject().put("messageId", messageId).put("receiptHandle", "rh").put("body", notice.toString())
                    .put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:0:crmsync-changes")
                    .putObject("attributes").put("ApproximateReceiveCount", "1");
        });
        String answer = given().contentType("application/json").body(json.writeValueAsString(event)).post()
                .then().statusCode(200).extract().asString();
        return json.readTree(answer);
    }

    static List<String> failures(JsonNode response) {
        return response.path("batchItemFailures").findValuesAsText("itemIdentifier");
    }

    @Test
    void syncsABatchWithOneHubSpotReadAndOneUpsertPerRecord() throws Exception {
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        String alan = hubSpot.createContact(Map.of("email", "alan@example.com", "lastname", "Turing",
                "company", "Bletchley Park"));
        hubSpot.resetCounters();
        salesforce.resetCounters();
        Map<String, Long> before = calls.snapshot();

        JsonNode response = invoke(Map.of("m1", List.of(ada), "m2", List.of(alan), "m3", List.of(ada, alan)));

        // The one door saw exactly the calls the CRMs counted.
        long counted = calls.snapshot().entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(
                e.getKey(), 0L)).sum();
        assertThat(counted).isEqualTo(hubSpot.totalCalls() + salesforce.totalCalls());
        assertThat(calls.snapshot().get("hubspot POST /crm/v3/objects/contacts/batch/read")
                - before.getOrDefault("hubspot POST /crm/v3/objects/contacts/batch/read", 0L)).isEqualTo(1);

        assertThat(failures(response)).isEmpty();
        assertThat(hubSpot.calls(BATCH_READ)).isEqualTo(1);
        // Identity queries for Contact and Lead, then one collection upsert for both new Leads.
        assertThat(salesforce.callCounts()).containsKey("PATCH /services/data/v62.0/composite/sobjects/{sObject}/{externalIdField}");
        assertThat(salesforce.callCounts().values().stream().mapToLong(Long::longValue).sum() - salesforce.calls(
                "POST /services/oauth2/token")).isEqualTo(3);
        assertThat(salesforce.count("Lead")).isEqualTo(2);
        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", alan).orElseThrow())
                .containsEntry("Company", "Bletchley Park").containsEntry("LastName", "Turing");
        assertThat(salesforce.lastCallOptions()).contains("client=crmsync");
    }

    @Test
    void anUnchangedRecordIsNotWrittenAgain() throws Exception {
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        invoke(Map.of("m1", List.of(ada)));
        // The Lead now has an owner (Salesforce assigned one), so this run also reads the owner directory, which
        // the worker then keeps for 10 minutes; the next run is the one measured.
        invoke(Map.of("m1b", List.of(ada)));
        salesforce.resetCounters();

        assertThat(failures(invoke(Map.of("m2", List.of(ada))))).isEmpty();

        // One SOQL read of the linked Lead, no write.
        assertThat(salesforce.callCounts().keySet()).allMatch(endpoint -> endpoint.startsWith("GET "));
        assertThat(salesforce.totalCalls()).isEqualTo(1);
    }

    @Test
    void valuesSalesforceRefusesAreNotRetried() throws Exception {
        String tooLong = hubSpot.createContact(Map.of("email", "long@example.com", "lastname", "x".repeat(81)));

        assertThat(failures(invoke(Map.of("m1", List.of(tooLong))))).isEmpty();

        assertThat(salesforce.count("Lead")).isZero();
    }

    @Test
    void anExpiredSalesforceTokenIsRenewedOnce() throws Exception {
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        invoke(Map.of("m1", List.of(ada)));
        salesforce.expireTokens();
        hubSpot.updateContact(ada, Map.of("lastname", "King"));

        assertThat(failures(invoke(Map.of("m2", List.of(ada))))).isEmpty();

        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", ada).orElseThrow())
                .containsEntry("LastName", "King");
    }

    @Inject
    io.crmsync.hubspot.HubSpotRestRecords hubSpotReader;

    @Test
    void hubSpotRateLimitsSurfaceAsRetryableNotAsExceptionsOfTheRestClient() {
        hubSpot.faults().configure(new io.crmsync.sandbox.http.FaultInjector.Settings(1, 1.0, List.of(429),
                java.time.Duration.ZERO, 0, 0));
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> hubSpotReader.read("acme", "contact",
                    List.of("1"), List.of("email"))).isInstanceOf(io.crmsync.crm.CrmUnavailableException.class)
                    .hasMessageContaining("429");
        } finally {
            hubSpot.faults().configure(io.crmsync.sandbox.http.FaultInjector.Settings.none());
        }
    }

    @Test
    void theTenantsStoredSettingsDecideWhatANewContactBecomes() throws Exception {
        io.crmsync.localaws.LocalAws aws = SharedLocalAws.get();
        new io.crmsync.store.DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable")).save(
                new io.crmsync.tenant.Tenant("globex", 70000, "00D5g000009AbCdEAK", java.util.Optional.empty()));
        new io.crmsync.store.DynamoTenantSettings(aws.dynamo(), aws.tableName("TenantsTable"), json).save("globex",
                new io.crmsync.tenant.TenantSettings(io.crmsync.tenant.TenantSettings.SalesforceToHubSpot.DO_NOTHING,
                        io.crmsync.tenant.TenantSettings.HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT, true,
                        Side.SALESFORCE));
        String grace = hubSpot.createContact(Map.of("email", "grace@example.com", "lastname", "Hopper"));

        assertThat(failures(invoke("globex", Map.of("m1", List.of(grace))))).isEmpty();

        assertThat(salesforce.count("Contact")).isEqualTo(1);
        assertThat(salesforce.count("Lead")).isZero();
    }

    @Test
    void aMessageThatIsNotANoticeGoesStraightToTheDeadLetterQueueWithItsReason() throws Exception {
        ObjectNode event = json.createObjectNode();
        event.putArray("Records").addObject().put("messageId", "poison-1").put("receiptHandle", "rh")
                .put("body", "{\"version\":9}").put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:us-east-1:0:crmsync-changes")
                .putObject("attributes").put("ApproximateReceiveCount", "1");
        String answer = given().contentType("application/json").body(json.writeValueAsString(event)).post()
                .then().statusCode(200).extract().asString();

        assertThat(failures(json.readTree(answer))).as("acknowledged, not handed back").isEmpty();
        io.crmsync.localaws.LocalAws aws = SharedLocalAws.get();
        List<software.amazon.awssdk.services.sqs.model.Message> dead = aws.sqs().receiveMessage(b -> b
                .queueUrl(aws.queueUrl("ChangeDeadLetterQueue")).maxNumberOfMessages(10).messageAttributeNames("All"))
                .messages();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).body()).isEqualTo("{\"version\":9}");
        assertThat(dead.get(0).messageAttributes().get("crmsync-reason").stringValue())
                .isEqualTo("unsupported notice version 9");
        assertThat(dead.get(0).messageAttributes().get("crmsync-source-message-id").stringValue())
                .isEqualTo("poison-1");
    }

    @Test
    void contactsThatNoLongerExistAreSkipped() throws Exception {
        assertThat(failures(invoke(Map.of("m1", List.of("999999"))))).isEmpty();
        assertThat(salesforce.count("Lead")).isZero();
    }
}
