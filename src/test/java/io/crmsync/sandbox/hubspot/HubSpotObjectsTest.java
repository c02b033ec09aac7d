package io.crmsync.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class HubSpotObjectsTest {

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
    void everyStandardTypeHasItsSystemPropertiesAndTypeId() throws Exception {
        JsonNode company = api.call("POST", "/crm/v3/objects/0-2", "{\"properties\":{\"name\":\"Acme\",\"domain\":\"acme.com\"}}", 201);
        assertThat(company.get("properties").has("hs_lastmodifieddate")).isTrue();
        assertThat(company.get("properties").has("lastmodifieddate")).isFalse();
        assertThat(company.get("properties").get("createdate").asText()).isEqualTo(company.get("createdAt").asText());
        JsonNode deal = api.call("POST", "/crm/v3/objects/deals",
                "{\"properties\":{\"dealname\":\"Big\",\"amount\":\"1000.50\",\"dealstage\":\"closedwon\",\"pipeline\":\"default\",\"closedate\":\"2026-05-01\"}}", 201);
        assertThat(deal.get("properties").get("closedate").asText()).isEqualTo("2026-05-01T00:00:00.000Z");
        JsonNode task = api.call("POST", "/crm/v3/objects/0-27",
                "{\"properties\":{\"hs_task_subject\":\"Call\",\"hs_timestamp\":\"1767225600000\",\"hs_task_status\":\"NOT_STARTED\"}}", 201);
        assertThat(task.get("properties").has("hs_createdate")).isTrue();
        assertThat(api.call("GET", "/crm/v3/objects/tasks/" + task.get("id").asText(), null, 200)
                .get("properties").get("hs_object_id").asText()).isEqualTo(task.get("id").asText());
        assertThat(sandbox.recordCount("deals")).isEqualTo(1);
    }

    @Test
    void propertyValuesAreCheckedByType() throws Exception {
        HttpResponse<String> badOption = api.send("POST", "/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"x@example.com\",\"lifecyclestage\":\"royalty\"}}");
        assertThat(badOption.statusCode()).isEqualTo(400);
        JsonNode error = api.parse(badOption.body());
        assertThat(error.get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.get("message").asText()).contains("royalty was not one of the allowed options");
        assertThat(error.get("errors").get(0).get("code").asText()).isEqualTo("INVALID_OPTION");
        assertThat(error.get("errors").get(0).get("context").get("propertyName").get(0).asText()).isEqualTo("lifecyclestage");
        assertThat(api.send("POST", "/crm/v3/objects/companies", "{\"properties\":{\"annualrevenue\":\"lots\"}}").statusCode())
                .isEqualTo(400);
        assertThat(api.send("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"hs_object_id\":\"5\"}}").body())
                .contains("READ_ONLY_VALUE");
        String owner = sandbox.addOwner("owner@example.com", "Olive", "Owner");
        assertThat(api.send("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"hubspot_owner_id\":\"999\"}}").statusCode())
                .isEqualTo(400);
        api.call("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"hubspot_owner_id\":\"" + owner + "\",\"lifecyclestage\":\"lead\"}}", 201);
        assertThat(sandbox.contactCount()).isEqualTo(1);
    }

    @Test
    void historyTellsWhichAppWrote() throws Exception {
        String id = sandbox.createContact(Map.of("email", "h@example.com", "firstname", "Ui"));
        api.call("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"firstname\":\"Api\"}}", 200);
        JsonNode history = api.call("GET", "/crm/v3/objects/contacts/" + id + "?propertiesWithHistory=firstname", null, 200)
                .get("propertiesWithHistory").get("firstname");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("value").asText()).isEqualTo("Api");
        assertThat(history.get(0).get("sourceType").asText()).isEqualTo("INTEGRATION");
        assertThat(history.get(0).get("sourceId").asText()).isEqualTo(String.valueOf(HubSpotHttp.APP_ID));
        assertThat(history.get(1).get("sourceType").asText()).isEqualTo("CRM_UI");
        assertThat(history.get(1).get("updatedByUserId").asLong()).isEqualTo(ChangeSource.SANDBOX_USER_ID);
    }

    @Test
    void listsWithAnAfterCursor() throws Exception {
        for (int i = 0; i < 25; i++) {
            sandbox.createContact(Map.of("email", "p" + i + "@example.com"));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = api.call("GET", "/crm/v3/objects/contacts?limit=10&properties=email"
                    + (after == null ? "" : "&after=" + after), null, 200);
            page.get("results").forEach(r -> seen.add(r.get("id").asText()));
            after = page.has("paging") ? page.get("paging").get("next").get("after").asText() : null;
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(api.send("GET", "/crm/v3/objects/contacts?limit=101", null).statusCode()).isEqualTo(400);
    }

    @Test
    void batchCreateUpdateAndArchive() throws Exception {
        String taken = sandbox.createContact(Map.of("email", "taken@example.com"));
        JsonNode created = api.call("POST", "/crm/v3/objects/contacts/batch/create",
                "{\"inputs\":[{\"properties\":{\"email\":\"n1@example.com\"}},{\"properties\":{\"email\":\"TAKEN@example.com\"}}]}", 207);
        assertThat(created.get("results")).hasSize(1);
        assertThat(created.get("errors").get(0).get("category").asText()).isEqualTo("CONFLICT");
        assertThat(created.get("errors").get(0).get("message").asText()).isEqualTo("Contact already exists. Existing ID: " + taken);
        String n1 = created.get("results").get(0).get("id").asText();
        api.call("POST", "/crm/v3/objects/contacts/batch/create", "{\"inputs\":[{\"properties\":{\"email\":\"n2@example.com\"}}]}", 201);
        assertThat(api.send("POST", "/crm/v3/objects/contacts/batch/create",
                "{\"inputs\":[{\"properties\":{\"nope\":\"1\"}}]}").statusCode()).isEqualTo(400);

        JsonNode updated = api.call("POST", "/crm/v3/objects/contacts/batch/update",
                "{\"inputs\":[{\"id\":\"" + n1 + "\",\"properties\":{\"firstname\":\"One\"}},{\"id\":\"999\",\"properties\":{\"firstname\":\"X\"}}]}", 207);
        assertThat(updated.get("results").get(0).get("properties").get("firstname").asText()).isEqualTo("One");
        assertThat(updated.get("errors").get(0).get("context").get("ids").get(0).asText()).isEqualTo("999");
        api.call("POST", "/crm/v3/objects/contacts/batch/update",
                "{\"inputs\":[{\"id\":\"taken@example.com\",\"idProperty\":\"email\",\"properties\":{\"firstname\":\"T\"}}]}", 200);
        assertThat(sandbox.contact(taken).orElseThrow()).containsEntry("firstname", "T");

        api.call("POST", "/crm/v3/objects/contacts/batch/archive", "{\"inputs\":[{\"id\":\"" + n1 + "\"},{\"id\":\"424242\"}]}", 204);
        assertThat(sandbox.isArchived("contacts", n1)).isTrue();
        api.call("GET", "/crm/v3/objects/contacts/" + n1 + "?archived=true", null, 200);
        assertThat(api.send("GET", "/crm/v3/objects/contacts/" + n1, null).statusCode()).isEqualTo(404);
        assertThat(api.send("PATCH", "/crm/v3/objects/contacts/" + n1, "{\"properties\":{\"firstname\":\"Z\"}}").statusCode()).isEqualTo(404);
        JsonNode archived = api.call("GET", "/crm/v3/objects/contacts?archived=true", null, 200);
        assertThat(archived.get("results")).hasSize(1);
        assertThat(archived.get("results").get(0).get("archived").asBoolean()).isTrue();
        // the archived contact's email is free again; restoring would clash, so it is refused
        sandbox.createContact(Map.of("email", "n1@example.com"));
        assertThat(sandbox.restoreRecord("contacts", n1)).isFalse();

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add("{\"properties\":{}}");
        }
        assertThat(api.send("POST", "/crm/v3/objects/contacts/batch/create", "{\"inputs\":[" + String.join(",", tooMany) + "]}")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void upsertsByEmailWithoutPartialSuccess() throws Exception {
        String ada = sandbox.createContact(Map.of("email", "ada@example.com"));
        JsonNode upserted = api.call("POST", "/crm/v3/objects/contacts/batch/upsert",
                "{\"inputs\":[{\"id\":\"ada@example.com\",\"idProperty\":\"email\",\"properties\":{\"lastname\":\"Lovelace\"}},"
                        + "{\"id\":\"alan@example.com\",\"idProperty\":\"email\",\"properties\":{\"lastname\":\"Turing\"}}]}", 200);
        assertThat(upserted.get("results")).hasSize(2);
        assertThat(upserted.get("results").get(0).get("id").asText()).isEqualTo(ada);
        assertThat(upserted.get("results").get(0).get("new").asBoolean()).isFalse();
        assertThat(upserted.get("results").get(1).get("new").asBoolean()).isTrue();
        assertThat(upserted.get("results").get(1).get("properties").get("email").asText()).isEqualTo("alan@example.com");

        HttpResponse<String> partial = api.send("POST", "/crm/v3/objects/contacts/batch/upsert",
                "{\"inputs\":[{\"id\":\"new@example.com\",\"idProperty\":\"email\",\"properties\":{\"lastname\":\"N\"}},"
                        + "{\"id\":\"bad@example.com\",\"idProperty\":\"email\",\"properties\":{\"lifecyclestage\":\"nope\"}}]}");
        assertThat(partial.statusCode()).isEqualTo(400);
        assertThat(partial.body()).contains("Partial upserts are not supported when using email");
        assertThat(sandbox.contactCount()).isEqualTo(2);
        assertThat(api.send("POST", "/crm/v3/objects/contacts/batch/upsert",
                "{\"inputs\":[{\"id\":\"x\",\"idProperty\":\"firstname\",\"properties\":{}}]}").statusCode()).isEqualTo(400);
    }

    @Test
    void uniqueValuePropertiesAreEnforcedAndUsableAsIdProperty() throws Exception {
        api.call("POST", "/crm/v3/properties/companies", "{\"name\":\"erp_id\",\"label\":\"ERP id\",\"type\":\"string\","
                + "\"fieldType\":\"text\",\"groupName\":\"companyinformation\",\"hasUniqueValue\":true}", 201);
        String acme = api.call("POST", "/crm/v3/objects/companies", "{\"properties\":{\"name\":\"Acme\",\"erp_id\":\"E-1\"}}", 201)
                .get("id").asText();
        HttpResponse<String> clash = api.send("POST", "/crm/v3/objects/companies", "{\"properties\":{\"erp_id\":\"E-1\"}}");
        assertThat(clash.statusCode()).isEqualTo(409);
        assertThat(api.parse(clash.body()).get("message").asText()).isEqualTo("Company already exists. Existing ID: " + acme);
        assertThat(api.call("GET", "/crm/v3/objects/companies/E-1?idProperty=erp_id", null, 200).get("id").asText()).isEqualTo(acme);
        JsonNode upsert = api.call("POST", "/crm/v3/objects/companies/batch/upsert",
                "{\"inputs\":[{\"id\":\"E-1\",\"idProperty\":\"erp_id\",\"properties\":{\"city\":\"Oslo\"}},"
                        + "{\"id\":\"E-2\",\"idProperty\":\"erp_id\",\"properties\":{\"industry\":\"WRONG\"}}]}", 400);
        assertThat(upsert.get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(api.send("GET", "/crm/v3/objects/companies/Acme?idProperty=name", null).statusCode()).isEqualTo(400);
    }

    @Test
    void mergesIntoThePrimaryAndArchivesTheOther() throws Exception {
        String primary = sandbox.createContact(Map.of("email", "p@example.com", "firstname", "Primary"));
        String other = sandbox.createContact(Map.of("email", "o@example.com", "firstname", "Other", "phone", "123", "city", "Rome"));
        JsonNode merged = api.call("POST", "/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + primary + "\",\"objectIdToMerge\":\"" + other + "\"}", 200);
        assertThat(merged.get("id").asText()).isEqualTo(primary);
        assertThat(merged.get("properties").get("firstname").asText()).isEqualTo("Primary");
        assertThat(merged.get("properties").get("phone").asText()).isEqualTo("123");
        assertThat(merged.get("properties").get("hs_merged_object_ids").asText()).isEqualTo(other);
        assertThat(sandbox.contactCount()).isEqualTo(1);
        // reading a merged id answers the surviving record
        assertThat(api.call("GET", "/crm/v3/objects/contacts/" + other, null, 200).get("id").asText()).isEqualTo(primary);
        assertThat(api.send("POST", "/crm/v3/objects/contacts/batch/read", "{\"properties\":[],\"propertiesWithHistory\":[],"
                + "\"inputs\":[{\"id\":\"" + other + "\"}]}").statusCode()).isEqualTo(207);
        assertThat(api.send("POST", "/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + primary + "\",\"objectIdToMerge\":\"" + other + "\"}").statusCode()).isEqualTo(404);
        assertThat(api.send("POST", "/crm/v3/objects/tasks/merge", "{\"primaryObjectId\":\"1\",\"objectIdToMerge\":\"2\"}")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void lockedWritesAnswer423InHubSpotsShape() throws Exception {
        sandbox.lockNextWrites(1);
        HttpResponse<String> locked = api.send("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"l@example.com\"}}");
        assertThat(locked.statusCode()).isEqualTo(423);
        assertThat(api.parse(locked.body()).get("category").asText()).isEqualTo("LOCKED");
        api.call("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"l@example.com\"}}", 201);
    }

    @Test
    void gdprDeleteErasesForGood() throws Exception {
        String id = sandbox.createContact(Map.of("email", "forget@example.com"));
        api.call("POST", "/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"forget@example.com\",\"idProperty\":\"email\"}", 204);
        assertThat(sandbox.contact(id)).isEmpty();
        assertThat(sandbox.isArchived("contacts", id)).isFalse();
        assertThat(api.send("GET", "/crm/v3/objects/contacts/" + id + "?archived=true", null).statusCode()).isEqualTo(404);
    }
}
