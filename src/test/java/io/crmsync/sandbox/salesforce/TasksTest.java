package io.crmsync.sandbox.salesforce;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/** Task as activity sync needs it: the HubSpot activity key, TaskSubtype, IsClosed, picklists, emission. */
class TasksTest {

    private static final String UPSERT = V + "/composite/sobjects/Task/HubSpot_Activity_Id__c";
    private static final String ACK = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soapenv:Body><notificationsResponse xmlns=\"http://soap.sforce.com/2005/09/outbound\"><Ack>true</Ack>"
            + "</notificationsResponse></soapenv:Body></soapenv:Envelope>";

    private SalesforceSandbox sandbox;
    private SalesforceTestClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = new SalesforceSandbox(SalesforceTestClient.config(100_000)).start();
        client = new SalesforceTestClient(sandbox).login();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void describeShowsTheActivityFields() throws Exception {
        JsonNode task = client.ok(client.send("GET", V + "/sobjects/Task/describe", null), 200);
        JsonNode activityId = field(task, "HubSpot_Activity_Id__c");
        assertThat(activityId.get("type").asText()).isEqualTo("string");
        assertThat(activityId.get("length").asInt()).isEqualTo(255);
        assertThat(activityId.get("externalId").asBoolean()).isTrue();
        assertThat(activityId.get("unique").asBoolean()).isTrue();
        assertThat(activityId.get("idLookup").asBoolean()).isTrue();
        assertThat(field(task, "HubSpot_Task_Id__c").get("externalId").asBoolean()).isTrue();

        JsonNode subtype = field(task, "TaskSubtype");
        assertThat(subtype.get("type").asText()).isEqualTo("picklist");
        assertThat(subtype.get("createable").asBoolean()).isTrue();
        assertThat(subtype.get("updateable").asBoolean()).isFalse();
        assertThat(subtype.get("restrictedPicklist").asBoolean()).isTrue();
        assertThat(subtype.get("defaultedOnCreate").asBoolean()).isTrue();
        assertThat(subtype.get("picklistValues")).extracting(v -> v.get("value").asText())
                .containsExactly("Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn");

        assertThat(field(task, "Type").get("picklistValues")).extracting(v -> v.get("value").asText())
                .containsExactly("Call", "Email", "Meeting", "Other");
        JsonNode closed = field(task, "IsClosed");
        assertThat(closed.get("type").asText()).isEqualTo("boolean");
        assertThat(closed.get("createable").asBoolean()).isFalse();
        assertThat(closed.get("updateable").asBoolean()).isFalse();
    }

    @Test
    void collectionsUpsertByActivityIdInsertsThenUpdates() throws Exception {
        JsonNode first = client.ok(client.send("PATCH", UPSERT, client.toJson(Map.of("allOrNone", false, "records",
                List.of(task("calls:101", "Call with Jane", "Call", Map.of("TaskSubtype", "Call")),
                        task("notes:202", "Note", "Other", Map.of()),
                        task("emails:303", "Mail", "Email", Map.of("TaskSubtype", "Email")))))), 200);
        assertThat(first).allSatisfy(r -> {
            assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("created").asBoolean()).isTrue();
        });
        assertThat(sandbox.count("Task")).isEqualTo(3);

        // The same keys again (ignoring case, as External IDs compare): updates, no new records. TaskSubtype is left
        // out, as it cannot be updated.
        JsonNode second = client.ok(client.send("PATCH", UPSERT, client.toJson(Map.of("allOrNone", false, "records",
                List.of(task("CALLS:101", "Call with Jane (edited)", "Call", Map.of("Status", "Completed")),
                        task("notes:202", "Note", "Reminder", Map.of()),
                        task("meetings:404", "Demo", "Meeting", Map.of()))))), 200);
        assertThat(second.get(0).get("success").asBoolean()).isTrue();
        assertThat(second.get(0).get("created").asBoolean()).isFalse();
        assertThat(second.get(0).get("id").asText()).isEqualTo(first.get(0).get("id").asText());
        assertThat(second.get(1).get("success").asBoolean()).as("allOrNone false: one bad record fails alone").isFalse();
        assertThat(second.get(1).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(second.get(2).get("created").asBoolean()).isTrue();
        assertThat(sandbox.count("Task")).isEqualTo(4);

        Map<String, Object> call = sandbox.record(first.get(0).get("id").asText()).orElseThrow();
        assertThat(call).containsEntry("Subject", "Call with Jane (edited)").containsEntry("TaskSubtype", "Call")
                .containsEntry("Status", "Completed").containsEntry("HubSpot_Activity_Id__c", "calls:101");
        assertThat(sandbox.record(first.get(1).get("id").asText()).orElseThrow())
                .as("the refused update left the note as it was").containsEntry("Type", "Other")
                .containsEntry("TaskSubtype", "Task");
        assertThat(sandbox.apiUsage()).as("a collection is one call").isEqualTo(2);
    }

    @Test
    void upsertCollectionsTakeUpTo200Tasks() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(task("notes:" + i, "Note " + i, "Other", Map.of()));
        }
        JsonNode results = client.ok(client.send("PATCH", UPSERT, client.toJson(Map.of("records", records))), 200);
        assertThat(results).hasSize(200).allSatisfy(r -> assertThat(r.get("created").asBoolean()).isTrue());
        records.add(task("notes:200", "One too many", "Other", Map.of()));
        assertThat(client.error(client.send("PATCH", UPSERT, client.toJson(Map.of("records", records))), 400)
                .get("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
        assertThat(sandbox.count("Task")).isEqualTo(200);
    }

    @Test
    void singleRecordUpsertAndReadByActivityId() throws Exception {
        String path = V + "/sobjects/Task/HubSpot_Activity_Id__c/meetings:77";
        JsonNode created = client.ok(client.send("PATCH", path, "{\"Subject\":\"Kickoff\",\"Type\":\"Meeting\"}"), 201);
        assertThat(created.get("created").asBoolean()).isTrue();
        JsonNode updated = client.ok(client.send("PATCH", path, "{\"Subject\":\"Kickoff (moved)\"}"), 200);
        assertThat(updated.get("created").asBoolean()).isFalse();
        assertThat(updated.get("id").asText()).isEqualTo(created.get("id").asText());
        JsonNode read = client.ok(client.send("GET", path + "?fields=Subject,Type,TaskSubtype", null), 200);
        assertThat(read.get("Subject").asText()).isEqualTo("Kickoff (moved)");
        assertThat(read.get("TaskSubtype").asText()).isEqualTo("Task");
        assertThat(sandbox.count("Task")).isEqualTo(1);
    }

    @Test
    void aSecondTaskWithTheSameActivityIdIsRefused() throws Exception {
        client.ok(client.send("POST", V + "/sobjects/Task", "{\"Subject\":\"A\",\"HubSpot_Activity_Id__c\":\"calls:1\"}"),
                201);
        JsonNode duplicate = client.error(client.send("POST", V + "/sobjects/Task",
                "{\"Subject\":\"B\",\"HubSpot_Activity_Id__c\":\"Calls:1\"}"), 400);
        assertThat(duplicate.get("errorCode").asText()).isEqualTo("DUPLICATE_VALUE");
        assertThat(duplicate.get("message").asText()).contains("HubSpot_Activity_Id__c");

        JsonNode batch = client.ok(client.send("POST", V + "/composite/sobjects", client.toJson(Map.of("records", List.of(
                task("calls:2", "C", "Call", Map.of()), task("calls:1", "D", "Call", Map.of()))))), 200);
        assertThat(batch.get(0).get("success").asBoolean()).isTrue();
        assertThat(batch.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("DUPLICATE_VALUE");
        assertThatThrownBy(() -> sandbox.insert("Task", Map.of("HubSpot_Activity_Id__c", "calls:2")))
                .isInstanceOf(Failure.class).hasMessageContaining("DUPLICATE_VALUE");
        assertThat(sandbox.count("Task")).isEqualTo(2);
    }

    @Test
    void taskSubtypeIsSetOnCreateOnly() throws Exception {
        String id = client.ok(client.send("POST", V + "/sobjects/Task",
                "{\"Subject\":\"Logged call\",\"TaskSubtype\":\"Call\",\"Type\":\"Call\"}"), 201).get("id").asText();
        assertThat(sandbox.record(id).orElseThrow()).containsEntry("TaskSubtype", "Call");
        JsonNode update = client.error(client.send("PATCH", V + "/sobjects/Task/" + id, "{\"TaskSubtype\":\"Email\"}"),
                400);
        assertThat(update.get("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(update.get("fields")).extracting(JsonNode::asText).containsExactly("TaskSubtype");

        // An upsert that finds the task is an update: naming TaskSubtype fails that record.
        client.ok(client.send("PATCH", UPSERT, client.toJson(Map.of("records", List.of(
                task("calls:5", "First", "Call", Map.of("TaskSubtype", "Call")))))), 200);
        JsonNode again = client.ok(client.send("PATCH", UPSERT, client.toJson(Map.of("records", List.of(
                task("calls:5", "Second", "Call", Map.of("TaskSubtype", "Call")))))), 200);
        assertThat(again.get(0).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThatThrownBy(() -> sandbox.update("Task", id, Map.of("TaskSubtype", "Task")))
                .isInstanceOf(Failure.class).hasMessageContaining("INVALID_FIELD_FOR_INSERT_UPDATE");
        String plain = sandbox.insert("Task", Map.of("Subject", "Plain"));
        assertThat(sandbox.record(plain).orElseThrow()).containsEntry("TaskSubtype", "Task");
    }

    @Test
    void picklistsRefuseValuesTheOrgDoesNotHave() throws Exception {
        for (String[] bad : new String[][] { { "Type", "Note" }, { "Type", "Marketing Email" },
                { "TaskSubtype", "Meeting" }, { "Status", "Done" }, { "Priority", "Urgent" } }) {
            JsonNode error = client.error(client.send("POST", V + "/sobjects/Task", client.toJson(Map.of(
                    "Subject", "S", bad[0], bad[1]))), 400);
            assertThat(error.get("errorCode").asText()).as(bad[0] + "=" + bad[1])
                    .isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
            assertThat(error.get("message").asText()).endsWith("bad value for restricted picklist field: " + bad[1]);
            assertThat(error.get("fields")).extracting(JsonNode::asText).containsExactly(bad[0]);
        }
        assertThat(sandbox.count("Task")).isZero();
        for (String type : StandardObjects.TASK_TYPES) {
            sandbox.insert("Task", Map.of("Subject", type, "Type", type));
        }
        assertThat(sandbox.count("Task")).isEqualTo(4);
    }

    @Test
    void isClosedFollowsTheStatus() throws Exception {
        String open = sandbox.insert("Task", Map.of("Subject", "Open"));
        String done = client.ok(client.send("POST", V + "/sobjects/Task",
                "{\"Subject\":\"Done\",\"Status\":\"Completed\"}"), 201).get("id").asText();
        assertThat(sandbox.record(open).orElseThrow()).containsEntry("IsClosed", false);
        assertThat(sandbox.record(done).orElseThrow()).containsEntry("IsClosed", true);
        assertThat(client.ok(client.query("SELECT Id FROM Task WHERE IsClosed = true"), 200).get("records"))
                .extracting(r -> r.get("Id").asText()).containsExactly(done);

        client.ok(client.send("PATCH", V + "/sobjects/Task/" + done, "{\"Status\":\"In Progress\"}"), 204);
        client.ok(client.send("PATCH", UPSERT, client.toJson(Map.of("records", List.of(task("calls:9", "x", "Call",
                Map.of("Status", "Completed")))))), 200);
        assertThat(sandbox.record(done).orElseThrow()).containsEntry("IsClosed", false);
        assertThat(client.ok(client.send("GET", V + "/sobjects/Task/HubSpot_Activity_Id__c/calls:9?fields=IsClosed",
                null), 200).get("IsClosed").asBoolean()).isTrue();
        assertThat(client.error(client.send("PATCH", V + "/sobjects/Task/" + open, "{\"IsClosed\":true}"), 400)
                .get("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
    }

    @Test
    void taskWritesEmitOutboundMessagesAndTaskChangeEvents() throws Exception {
        BlockingQueue<String> soapBodies = new LinkedBlockingQueue<>();
        SandboxHttpServer receiver = new SandboxHttpServer("receiver", new Router().post("/outbound", request -> {
            soapBodies.add(request.bodyText());
            return new SandboxResponse(200, Map.of("Content-Type", "text/xml"), ACK.getBytes());
        }));
        receiver.start(0);
        try {
            OutboundMessaging.Action action = sandbox.addOutboundMessage("Task", List.of("Subject", "Status",
                    "TaskSubtype", "HubSpot_Activity_Id__c", "IsClosed"), URI.create(receiver.baseUrl() + "/outbound"));
            sandbox.enableChangeDataCapture(ChangeDataCapture.Settings.collectOnly(Set.of("Task")));

            String id = client.ok(client.send("PATCH", UPSERT, client.toJson(Map.of("records", List.of(task("calls:42",
                    "Call Jane", "Call", Map.of("TaskSubtype", "Call"))))), "Sforce-Call-Options", "client=crmsync"), 200)
                    .get(0).get("id").asText();
            Element created = sObject(soapBodies.poll(10, TimeUnit.SECONDS));
            assertThat(created.getAttributeNS(OutboundMessaging.XSI_NS, "type")).isEqualTo("sf:Task");
            assertThat(value(created, "Id")).isEqualTo(id);
            assertThat(value(created, "HubSpot_Activity_Id__c")).isEqualTo("calls:42");
            assertThat(value(created, "TaskSubtype")).isEqualTo("Call");
            assertThat(value(created, "IsClosed")).isEqualTo("false");

            sandbox.update("Task", id, Map.of("Status", "Completed"));
            Element updated = sObject(soapBodies.poll(10, TimeUnit.SECONDS));
            assertThat(value(updated, "Status")).isEqualTo("Completed");
            assertThat(value(updated, "IsClosed")).isEqualTo("true");
            assertThat(sandbox.outboundMessages().attempts()).allSatisfy(a -> {
                assertThat(a.actionId()).isEqualTo(action.actionId());
                assertThat(a.acknowledged()).isTrue();
            });

            List<Map<String, Object>> events = sandbox.cdcEvents();
            assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.get("detail-type")).isEqualTo("TaskChangeEvent"));
            JsonNode insert = client.json.valueToTree(events.get(0)).get("detail");
            assertThat(insert.get("topic").asText()).isEqualTo("/data/TaskChangeEvent");
            JsonNode insertHeader = insert.get("payload").get("ChangeEventHeader");
            assertThat(insertHeader.get("entityName").asText()).isEqualTo("Task");
            assertThat(insertHeader.get("changeType").asText()).isEqualTo("CREATE");
            assertThat(insertHeader.get("recordIds")).extracting(JsonNode::asText).containsExactly(id);
            assertThat(insertHeader.get("changeOrigin").asText()).endsWith(";client=crmsync");
            assertThat(insert.get("payload").get("HubSpot_Activity_Id__c").asText()).isEqualTo("calls:42");
            JsonNode updateHeader = client.json.valueToTree(events.get(1)).get("detail").get("payload")
                    .get("ChangeEventHeader");
            assertThat(updateHeader.get("changeType").asText()).isEqualTo("UPDATE");
            assertThat(updateHeader.get("changeOrigin").asText()).as("a UI edit").isEmpty();
            assertThat(updateHeader.get("changedFields")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("Status", "IsClosed", "LastModifiedDate");
        } finally {
            receiver.close();
        }
    }

    private static Map<String, Object> task(String activityId, String subject, String type, Map<String, Object> more) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("attributes", Map.of("type", "Task"));
        task.put("HubSpot_Activity_Id__c", activityId);
        task.put("Subject", subject);
        task.put("Type", type);
        task.putAll(more);
        return task;
    }

    private static JsonNode field(JsonNode describe, String name) {
        for (JsonNode field : describe.get("fields")) {
            if (field.get("name").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("No field " + name);
    }

    private static Element sObject(String soap) throws Exception {
        assertThat(soap).as("an outbound message arrived").isNotNull();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(soap.getBytes()));
        return (Element) doc.getElementsByTagNameNS(OutboundMessaging.OUTBOUND_NS, "sObject").item(0);
    }

    private static String value(Element sObject, String field) {
        return sObject.getElementsByTagNameNS(OutboundMessaging.SOBJECT_NS, field).item(0).getTextContent();
    }
}
