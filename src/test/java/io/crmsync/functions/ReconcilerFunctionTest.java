package io.crmsync.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.lambda.SqsBatchEvent;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.sync.SyncWorker;
import io.crmsync.tenant.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The reconciler function end to end: records synced by the worker, then changed in a sandbox with no webhook or
 * change event delivered; one scheduled run queues repair notices for exactly the drifted records and stores its
 * report on the tenant's item.
 */
@QuarkusTest
@TestProfile(ReconcilerFunctionProfile.class)
class ReconcilerFunctionTest {

    @Inject
    ObjectMapper json;

    /** The worker's use case, driven directly: this app exports the reconciler, not the sync-worker function. */
    @Inject
    SyncWorker worker;

    @Inject
    DynamoTenantDirectory tenants;

    final HubSpotSandbox hubSpot = SharedSandboxes.hubSpot();
    final SalesforceSandbox salesforce = SharedSandboxes.salesforce();
    final LocalAws aws = SharedLocalAws.get();

    @BeforeEach
    void clean() {
        aws.reset();
        hubSpot.reset();
        salesforce.reset();
    }

    void sync(String tenant, List<String> contacts) throws Exception {
        ObjectNode notice = json.createObjectNode().put("version", 1).put("tenantId", tenant).put("source", "HUBSPOT")
                .put("objectType", "contact").put("kind", "UPDATED").put("occurredAt", "2026-11-29T10:00:00Z");
        contacts.forEach(notice.putArray("recordIds")::add);
        ObjectNode event = json.createObjectNode();
        event.putArray("Records").addObject().put("messageId", "m-" + contacts).put("receiptHandle", "rh")
                .put("body", notice.toString()).put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:us-east-1:0:crmsync-changes")
                .putObject("attributes").put("ApproximateReceiveCount", "1");
        assertThat(worker.handle(json.treeToValue(event, SqsBatchEvent.class))).isEmpty();
    }

    List<JsonNode> queuedNotices() throws Exception {
        List<JsonNode> notices = new ArrayList<>();
        while (true) {
            List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                    .maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                return notices;
            }
            for (Message message : messages) {
                notices.add(json.readTree(message.body()));
            }
        }
    }

    @Test
    void oneRunQueuesRepairsForExactlyTheRecordsWhoseNoticesWereLostAndStoresItsReport() throws Exception {
        tenants.save(new Tenant("acme", 62515, salesforce.orgId(), Optional.empty()));
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        String alan = hubSpot.createContact(Map.of("email", "alan@example.com", "lastname", "Turing"));
        String grace = hubSpot.createContact(Map.of("email", "grace@example.com", "lastname", "Hopper"));
        sync("acme", List.of(ada, alan, grace));
        String graceLead = (String) salesforce.leadByExternalId("HubSpot_Contact_Id__c", grace).orElseThrow()
                .get("Id");
        assertThat(queuedNotices()).as("the sync itself queues nothing").isEmpty();

        // Changed on each side; no webhook subscription and no change data capture: both notices are lost.
        hubSpot.updateContact(ada, Map.of("lastname", "Byron"));
        salesforce.update("Lead", graceLead, Map.of("LastName", "Murray"));

        JsonNode reports = json.readTree(given().contentType("application/json").body("{\"deep\":false}").post()
                .then().statusCode(200).extract().asString());

        List<JsonNode> notices = queuedNotices();
        assertThat(notices).extracting(n -> n.path("source").asText() + " " + n.path("objectType").asText() + " "
                + n.path("recordIds")).containsExactlyInAnyOrder("HUBSPOT contact [\"" + ada + "\"]",
                        "SALESFORCE Lead [\"" + graceLead + "\"]");

        JsonNode report = reports.get(0);
        assertThat(reports).hasSize(1);
        assertThat(report.path("tenantId").asText()).isEqualTo("acme");
        assertThat(report.path("stop").asText()).isEqualTo("FINISHED");
        JsonNode stored = json.readTree(aws.dynamo().getItem(b -> b.tableName(aws.tableName("TenantsTable"))
                .consistentRead(true).key(Map.of("tenantId", AttributeValue.fromS("acme")))).item()
                .get("lastReconcile").s());
        assertThat(stored.path("tenantId").asText()).isEqualTo("acme");
        assertThat(stored.path("passes")).anySatisfy(p -> {
            assertThat(p.path("side").asText()).isEqualTo("HUBSPOT");
            assertThat(p.path("objectType").asText()).isEqualTo("contact");
            assertThat(p.path("recordsChecked").asInt()).isEqualTo(3);
            assertThat(p.path("drift").asInt()).isEqualTo(1);
            assertThat(p.path("repairsEnqueued").asInt()).isEqualTo(1);
            assertThat(p.path("callsUsed").asInt()).isPositive();
        });
        assertThat(stored.path("passes")).anySatisfy(p -> {
            assertThat(p.path("objectType").asText()).isEqualTo("Lead");
            assertThat(p.path("recordsChecked").asInt()).isEqualTo(3);
            assertThat(p.path("drift").asInt()).isEqualTo(1);
        });
        assertThat(stored.path("stop").asText()).isEqualTo("FINISHED");
    }
}
