package io.crmsync.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Calls, emails, meetings and notes through the generic objects API, associations v4 and the Java test API. */
class EngagementsTest {

    /** One engagement type: its names and a property only it has, with a valid value. */
    private record Kind(String path, String typeId, String label, String property, String value,
            int toContact, int fromContact, int toCompany, int fromCompany, int toDeal, int fromDeal) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("calls", "0-48", "CALL", "hs_call_title", "Intro call", 194, 193, 182, 181, 206, 205),
            new Kind("emails", "0-49", "EMAIL", "hs_email_subject", "Proposal", 198, 197, 186, 185, 210, 209),
            new Kind("meetings", "0-47", "MEETING_EVENT", "hs_meeting_title", "Demo", 200, 199, 188, 187, 212, 211),
            new Kind("notes", "0-46", "NOTE", "hs_note_body", "<p>Met at the fair</p>", 202, 201, 190, 189, 214, 213));
    private static final String AT = "1767225600000"; // 2026-01-01T00:00:00Z

    private HubSpotSandbox sandbox;
    private HubSpotHttp api;

    @BeforeEach
    void start() {
        sandbox = new HubSpotSandbox(HubSpotHttp.config()).start();
        api = new HubSpotHttp(sandbox.baseUrl());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void eachEngagementTypeIsServedByNameAndByTypeId() throws Exception {
        for (Kind kind : KINDS) {
            JsonNode created = api.call("POST", "/crm/v3/objects/" + kind.typeId(), "{\"properties\":{\"hs_timestamp\":\""
                    + AT + "\",\"" + kind.property() + "\":\"" + kind.value() + "\"}}", 201);
            String id = created.get("id").asText();
            assertThat(created.get("properties").get("hs_timestamp").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
            assertThat(created.get("properties").get(kind.property()).asText()).isEqualTo(kind.value());
            assertThat(created.get("properties").has("hs_createdate")).isTrue();

            JsonNode read = api.call("GET", "/crm/v3/objects/" + kind.path() + "/" + id, null, 200);
            List<String> defaults = new ArrayList<>();
            read.get("properties").fieldNames().forEachRemaining(defaults::add);
            assertThat(defaults).as(kind.path() + " read without properties")
                    .containsExactlyInAnyOrder("hs_createdate", "hs_lastmodifieddate", "hs_object_id");

            api.call("PATCH", "/crm/v3/objects/" + kind.typeId() + "/" + id,
                    "{\"properties\":{\"" + kind.property() + "\":\"changed\"}}", 200);
            JsonNode batch = api.call("POST", "/crm/v3/objects/" + kind.path() + "/batch/read",
                    "{\"properties\":[\"" + kind.property() + "\",\"hs_timestamp\"],\"propertiesWithHistory\":[],"
                            + "\"inputs\":[{\"id\":\"" + id + "\"}]}", 200);
            assertThat(batch.get("results").get(0).get("properties").get(kind.property()).asText()).isEqualTo("changed");
            assertThat(batch.get("results").get(0).get("properties").get("hs_timestamp").asText())
                    .isEqualTo("2026-01-01T00:00:00.000Z");
            assertThat(sandbox.recordCount(kind.path())).isEqualTo(1);
        }
        assertThat(sandbox.recordCount("contacts")).isZero();
    }

    @Test
    void searchFiltersAndSortsByLastModifiedAndActivityDate() throws Exception {
        String early = api.call("POST", "/crm/v3/objects/calls", "{\"properties\":{\"hs_timestamp\":\"2026-01-01T09:00:00Z\","
                + "\"hs_call_direction\":\"OUTBOUND\"}}", 201).get("id").asText();
        String late = api.call("POST", "/crm/v3/objects/calls", "{\"properties\":{\"hs_timestamp\":\"2026-02-01T09:00:00Z\","
                + "\"hs_call_direction\":\"INBOUND\"}}", 201).get("id").asText();
        api.call("PATCH", "/crm/v3/objects/calls/" + early, "{\"properties\":{\"hs_call_title\":\"touched last\"}}", 200);
        String since = sandbox.record("calls", late).orElseThrow().get("hs_lastmodifieddate");

        JsonNode modified = api.call("POST", "/crm/v3/objects/calls/search", "{\"filterGroups\":[{\"filters\":[{"
                + "\"propertyName\":\"hs_lastmodifieddate\",\"operator\":\"GTE\",\"value\":\"" + since + "\"}]}],"
                + "\"sorts\":[{\"propertyName\":\"hs_lastmodifieddate\",\"direction\":\"ASCENDING\"}],"
                + "\"properties\":[\"hs_call_title\"],\"limit\":100}", 200);
        assertThat(modified.get("total").asInt()).isEqualTo(2);
        assertThat(modified.get("results").get(0).get("id").asText()).isEqualTo(late);
        assertThat(modified.get("results").get(1).get("id").asText()).isEqualTo(early);

        JsonNode inFebruary = api.call("POST", "/crm/v3/objects/0-48/search", "{\"filterGroups\":[{\"filters\":[{"
                + "\"propertyName\":\"hs_timestamp\",\"operator\":\"GTE\",\"value\":\"2026-01-15T00:00:00Z\"}]}],"
                + "\"properties\":[\"hs_call_direction\"]}", 200);
        assertThat(inFebruary.get("total").asInt()).isEqualTo(1);
        assertThat(inFebruary.get("results").get(0).get("properties").get("hs_call_direction").asText())
                .isEqualTo("INBOUND");
    }

    @Test
    void aCreateWithoutActivityDateIsRefusedAsHubSpotDoes() throws Exception {
        for (Kind kind : KINDS) {
            HttpResponse<String> refused = api.send("POST", "/crm/v3/objects/" + kind.path(),
                    "{\"properties\":{\"" + kind.property() + "\":\"" + kind.value() + "\"}}");
            assertThat(refused.statusCode()).isEqualTo(400);
            JsonNode error = api.parse(refused.body());
            assertThat(error.get("status").asText()).isEqualTo("error");
            assertThat(error.get("category").asText()).isEqualTo("VALIDATION_ERROR");
            assertThat(error.get("message").asText())
                    .isEqualTo("Error creating " + kind.label() + ".  Some required properties were not set.");
            assertThat(error.get("context").get("properties")).extracting(JsonNode::asText)
                    .containsExactly("hs_timestamp");
        }
        assertThat(api.send("POST", "/crm/v3/objects/notes", "{\"properties\":{\"hs_timestamp\":\"\"}}").statusCode())
                .as("an empty value is no value").isEqualTo(400);

        HttpResponse<String> batch = api.send("POST", "/crm/v3/objects/notes/batch/create", "{\"inputs\":["
                + "{\"properties\":{\"hs_timestamp\":\"" + AT + "\",\"hs_note_body\":\"ok\"}},"
                + "{\"properties\":{\"hs_note_body\":\"no date\"}}]}");
        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(api.parse(batch.body()).get("message").asText()).startsWith("Error creating NOTE.");
        assertThat(sandbox.recordCount("notes")).as("one bad input fails the whole batch").isZero();

        String id = api.call("POST", "/crm/v3/objects/notes/batch/create", "{\"inputs\":[{\"properties\":{"
                + "\"hs_timestamp\":\"" + AT + "\",\"hs_note_body\":\"ok\"}}]}", 201).get("results").get(0).get("id").asText();
        api.call("PATCH", "/crm/v3/objects/notes/" + id, "{\"properties\":{\"hs_note_body\":\"updates need no date\"}}", 200);
        api.call("POST", "/crm/v3/objects/notes/batch/update", "{\"inputs\":[{\"id\":\"" + id
                + "\",\"properties\":{\"hs_note_body\":\"nor do batch updates\"}}]}", 200);
        assertThat(sandbox.record("notes", id).orElseThrow()).containsEntry("hs_note_body", "nor do batch updates");
    }

    @Test
    void anUpsertThatWouldCreateNeedsTheActivityDateOneThatUpdatesDoesNot() throws Exception {
        api.call("POST", "/crm/v3/properties/calls", "{\"name\":\"dialer_call_id\",\"label\":\"Dialer call id\","
                + "\"type\":\"string\",\"fieldType\":\"text\",\"groupName\":\"callinformation\",\"hasUniqueValue\":true}",
                201);
        String existing = api.call("POST", "/crm/v3/objects/calls", "{\"properties\":{\"hs_timestamp\":\"" + AT
                + "\",\"dialer_call_id\":\"d-1\"}}", 201).get("id").asText();
        JsonNode upsert = api.call("POST", "/crm/v3/objects/calls/batch/upsert", "{\"inputs\":["
                + "{\"id\":\"d-1\",\"idProperty\":\"dialer_call_id\",\"properties\":{\"hs_call_title\":\"updated\"}},"
                + "{\"id\":\"d-2\",\"idProperty\":\"dialer_call_id\",\"properties\":{\"hs_call_title\":\"no date\"}},"
                + "{\"id\":\"d-3\",\"idProperty\":\"dialer_call_id\",\"properties\":{\"hs_call_title\":\"dated\","
                + "\"hs_timestamp\":\"" + AT + "\"}}]}", 207);
        assertThat(upsert.get("results")).extracting(r -> r.get("properties").get("dialer_call_id").asText())
                .containsExactly("d-1", "d-3");
        assertThat(upsert.get("results").get(0).get("id").asText()).isEqualTo(existing);
        assertThat(upsert.get("results").get(0).get("new").asBoolean()).isFalse();
        assertThat(upsert.get("results").get(1).get("new").asBoolean()).isTrue();
        JsonNode error = upsert.get("errors").get(0);
        assertThat(error.get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.get("message").asText()).isEqualTo("Error creating CALL.  Some required properties were not set.");
        assertThat(error.get("context").get("properties")).extracting(JsonNode::asText).containsExactly("hs_timestamp");
        assertThat(sandbox.recordCount("calls")).isEqualTo(2);
    }

    @Test
    void engagementPropertiesHaveHubSpotsTypesAndOptions() throws Exception {
        String owner = sandbox.addOwner("rep@example.com", "Rep", "One");
        api.call("POST", "/crm/v3/objects/calls", "{\"properties\":{\"hs_timestamp\":\"" + AT + "\","
                + "\"hs_call_status\":\"COMPLETED\",\"hs_call_direction\":\"OUTBOUND\",\"hs_call_duration\":\"95000\","
                + "\"hs_call_disposition\":\"f240bbac-87c9-4f6e-bf70-924b57d47db7\",\"hubspot_owner_id\":\"" + owner
                + "\",\"hs_call_body\":\"<p>Talked</p>\"}}", 201);
        api.call("POST", "/crm/v3/objects/emails", "{\"properties\":{\"hs_timestamp\":\"" + AT + "\","
                + "\"hs_email_direction\":\"INCOMING_EMAIL\",\"hs_email_status\":\"SENT\",\"hs_email_text\":\"Hi\","
                + "\"hs_email_html\":\"<p>Hi</p>\"}}", 201);
        api.call("POST", "/crm/v3/objects/meetings", "{\"properties\":{\"hs_timestamp\":\"" + AT + "\","
                + "\"hs_meeting_start_time\":\"2026-01-01T10:00:00Z\",\"hs_meeting_end_time\":\"2026-01-01T10:30:00Z\","
                + "\"hs_meeting_outcome\":\"NO_SHOW\",\"hs_meeting_body\":\"Agenda\"}}", 201);

        for (String[] bad : new String[][] { { "calls", "hs_call_status", "DONE", "INVALID_OPTION" },
                { "calls", "hs_call_direction", "SIDEWAYS", "INVALID_OPTION" },
                { "calls", "hs_call_disposition", "Connected", "INVALID_OPTION" },
                { "calls", "hs_call_duration", "two minutes", "INVALID_DECIMAL" },
                { "emails", "hs_email_direction", "OUTGOING", "INVALID_OPTION" },
                { "emails", "hs_email_status", "DELIVERED", "INVALID_OPTION" },
                { "meetings", "hs_meeting_outcome", "DONE", "INVALID_OPTION" },
                { "meetings", "hs_meeting_start_time", "soon", "INVALID_DATE" },
                { "notes", "hubspot_owner_id", "999", "INVALID_OPTION" } }) {
            HttpResponse<String> refused = api.send("POST", "/crm/v3/objects/" + bad[0], "{\"properties\":{"
                    + "\"hs_timestamp\":\"" + AT + "\",\"" + bad[1] + "\":\"" + bad[2] + "\"}}");
            assertThat(refused.statusCode()).as(String.join(" ", bad)).isEqualTo(400);
            assertThat(api.parse(refused.body()).get("errors").get(0).get("code").asText()).as(String.join(" ", bad))
                    .isEqualTo(bad[3]);
        }

        JsonNode calls = api.call("GET", "/crm/v3/properties/calls", null, 200).get("results");
        JsonNode status = property(calls, "hs_call_status");
        assertThat(status.get("type").asText()).isEqualTo("enumeration");
        assertThat(status.get("options")).extracting(o -> o.get("value").asText()).containsExactly("BUSY",
                "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED", "IN_PROGRESS", "MISSED",
                "NO_ANSWER", "QUEUED", "RINGING");
        assertThat(property(calls, "hs_call_duration").get("type").asText()).isEqualTo("number");
        assertThat(property(calls, "hs_timestamp").get("type").asText()).isEqualTo("datetime");
        assertThat(property(calls, "hs_call_disposition").get("options")).extracting(o -> o.get("label").asText())
                .contains("Connected", "No answer");
        assertThat(property(calls, "hs_call_title").get("groupName").asText()).isEqualTo("callinformation");
        assertThat(calls).noneMatch(p -> p.get("name").asText().equals("hs_merged_object_ids"));
        JsonNode emails = api.call("GET", "/crm/v3/properties/0-49", null, 200).get("results");
        assertThat(property(emails, "hs_email_direction").get("options")).extracting(o -> o.get("value").asText())
                .containsExactly("EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL");
        assertThat(property(emails, "hs_email_status").get("options")).extracting(o -> o.get("value").asText())
                .containsExactly("BOUNCED", "FAILED", "SCHEDULED", "SENDING", "SENT");
        JsonNode meetings = api.call("GET", "/crm/v3/properties/meetings", null, 200).get("results");
        assertThat(property(meetings, "hs_meeting_outcome").get("options")).extracting(o -> o.get("value").asText())
                .containsExactly("SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED");
        assertThat(property(meetings, "hs_meeting_end_time").get("type").asText()).isEqualTo("datetime");
        JsonNode notes = api.call("GET", "/crm/v3/properties/notes", null, 200).get("results");
        assertThat(property(notes, "hs_note_body").get("fieldType").asText()).isEqualTo("html");
        assertThat(property(notes, "hubspot_owner_id").get("type").asText()).isEqualTo("enumeration");
    }

    @Test
    void associationsUseHubSpotsDefinedTypeIdsBothWays() throws Exception {
        String contact = sandbox.createContact(Map.of("email", "jane@example.com"));
        String company = sandbox.createRecord("companies", Map.of("name", "Acme"));
        String deal = sandbox.createRecord("deals", Map.of("dealname", "Big"));
        for (Kind kind : KINDS) {
            // Created with associations in the create body, as crmsync would.
            String id = api.call("POST", "/crm/v3/objects/" + kind.path(), "{\"properties\":{\"hs_timestamp\":\"" + AT
                    + "\"},\"associations\":[" + association(contact, kind.toContact()) + ","
                    + association(company, kind.toCompany()) + "," + association(deal, kind.toDeal()) + "]}", 201)
                    .get("id").asText();
            assertThat(sandbox.associationTypeIds(kind.path(), id, "contacts", contact)).containsExactly(kind.toContact());
            assertThat(sandbox.associationTypeIds("contacts", contact, kind.path(), id)).containsExactly(kind.fromContact());
            assertThat(sandbox.associationTypeIds(kind.path(), id, "companies", company)).containsExactly(kind.toCompany());
            assertThat(sandbox.associationTypeIds("companies", company, kind.path(), id)).containsExactly(kind.fromCompany());
            assertThat(sandbox.associationTypeIds(kind.path(), id, "deals", deal)).containsExactly(kind.toDeal());
            assertThat(sandbox.associationTypeIds("deals", deal, kind.path(), id)).containsExactly(kind.fromDeal());

            // One created through the Java test API, with the unlabelled default type.
            String other = sandbox.createRecord(kind.path(), Map.of(kind.property(), kind.value()));
            sandbox.associate(kind.path(), other, "contacts", contact);
            sandbox.associate("deals", deal, kind.path(), other);
            assertThat(sandbox.associationTypeIds(kind.path(), other, "contacts", contact)).containsExactly(kind.toContact());
            assertThat(sandbox.associatedIds(kind.path(), other, "deals")).containsExactly(deal);

            JsonNode read = api.call("POST", "/crm/v4/associations/" + kind.path() + "/contacts/batch/read",
                    "{\"inputs\":[{\"id\":\"" + id + "\"},{\"id\":\"" + other + "\"}]}", 200).get("results");
            assertThat(read).hasSize(2);
            for (JsonNode result : read) {
                assertThat(result.get("to")).hasSize(1);
                assertThat(result.get("to").get(0).get("toObjectId").asText()).isEqualTo(contact);
                JsonNode type = result.get("to").get(0).get("associationTypes").get(0);
                assertThat(type.get("category").asText()).isEqualTo("HUBSPOT_DEFINED");
                assertThat(type.get("typeId").asInt()).isEqualTo(kind.toContact());
            }
            JsonNode back = api.call("POST", "/crm/v4/associations/0-1/" + kind.typeId() + "/batch/read",
                    "{\"inputs\":[{\"id\":\"" + contact + "\"}]}", 200).get("results").get(0).get("to");
            assertThat(back).extracting(t -> t.get("toObjectId").asText()).containsExactly(id, other);
            assertThat(back.get(0).get("associationTypes").get(0).get("typeId").asInt()).isEqualTo(kind.fromContact());
        }
        String lonely = sandbox.createRecord("calls", Map.of());
        JsonNode partial = api.call("POST", "/crm/v4/associations/calls/contacts/batch/read",
                "{\"inputs\":[{\"id\":\"" + lonely + "\"}]}", 207);
        assertThat(partial.get("errors").get(0).get("message").asText())
                .isEqualTo("No contact is associated with call " + lonely + ".");
        assertThat(api.send("POST", "/crm/v3/objects/calls", "{\"properties\":{\"hs_timestamp\":\"" + AT
                + "\"},\"associations\":[" + association(contact, 198) + "]}").statusCode())
                .as("an email's type id does not fit a call").isEqualTo(400);
    }

    @Test
    void engagementsFireNoWebhooksAndCannotBeMerged() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            sandbox.subscribe(receiver.url());
            for (Kind kind : KINDS) {
                String a = api.call("POST", "/crm/v3/objects/" + kind.path(), "{\"properties\":{\"hs_timestamp\":\"" + AT
                        + "\"}}", 201).get("id").asText();
                String b = sandbox.createRecord(kind.path(), Map.of(kind.property(), kind.value()));
                sandbox.updateRecord(kind.path(), b, Map.of(kind.property(), "changed"));
                api.call("DELETE", "/crm/v3/objects/" + kind.path() + "/" + a, null, 204);
                HttpResponse<String> merge = api.send("POST", "/crm/v3/objects/" + kind.path() + "/merge",
                        "{\"primaryObjectId\":\"" + b + "\",\"objectIdToMerge\":\"" + a + "\"}");
                assertThat(merge.statusCode()).isEqualTo(400);
                assertThat(api.parse(merge.body()).get("message").asText()).contains("Merging is not supported");
            }
            assertThat(sandbox.awaitWebhooksIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(receiver.received()).isEmpty();
            assertThat(sandbox.deliveryCount()).isZero();
        }
    }

    @Test
    void theJavaTestApiCreatesAssociatesAndResetsEngagements() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String contact = sandbox.createContact(Map.of("email", "ui@example.com"));
        String note = sandbox.createRecord("0-46", Map.of("hs_note_body", "Logged in the UI"));
        Map<String, String> stored = sandbox.record("notes", note).orElseThrow();
        assertThat(Instant.parse(stored.get("hs_timestamp"))).as("the UI fills the activity date in")
                .isAfter(before).isBeforeOrEqualTo(Instant.now());
        String meeting = sandbox.createRecord("meetings", Map.of("hs_timestamp", AT, "hs_meeting_title", "Kickoff"));
        assertThat(sandbox.record("meetings", meeting).orElseThrow()).containsEntry("hs_timestamp",
                "2026-01-01T00:00:00.000Z").containsKey("hs_lastmodifieddate");
        sandbox.associate("notes", note, "contacts", contact);
        sandbox.associate("contacts", contact, "meetings", meeting);
        assertThat(sandbox.associatedIds("contacts", contact, "notes")).containsExactly(note);
        assertThat(sandbox.associationTypeIds("meetings", meeting, "contacts", contact)).containsExactly(200);
        assertThat(sandbox.archiveRecord("notes", note)).isTrue();
        assertThat(sandbox.associatedIds("contacts", contact, "notes")).isEmpty();

        sandbox.reset();
        for (Kind kind : KINDS) {
            assertThat(sandbox.recordCount(kind.path())).isZero();
        }
        assertThat(sandbox.associatedIds("contacts", contact, "meetings")).isEmpty();
        String again = sandbox.createRecord("meetings", Map.of("hs_timestamp", AT));
        assertThat(again).as("ids start over after a reset").isEqualTo(meeting);
    }

    private static String association(String toId, int typeId) {
        return "{\"to\":{\"id\":\"" + toId + "\"},\"types\":[{\"associationCategory\":\"HUBSPOT_DEFINED\","
                + "\"associationTypeId\":" + typeId + "}]}";
    }

    private static JsonNode property(JsonNode properties, String name) {
        for (JsonNode property : properties) {
            if (property.get("name").asText().equals(name)) {
                return property;
            }
        }
        throw new AssertionError("No property " + name + " in " + properties);
    }
}
