package io.crmsync.sandbox.salesforce;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A custom External ID field added as an admin adds one in Setup, for a second HubSpot account on the org: the
 * describe shows it, records are upserted by it independently of the default field, Lead conversion carries it
 * over, and a reset removes it.
 */
class CustomFieldsTest {

    private static final String EU = "HubSpot_EU_Contact_Id__c";

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
    void anAddedExternalIdFieldIsDescribedUpsertedByAndCarriedThroughConversion() throws Exception {
        String before = sandbox.insert("Lead", Map.of("LastName", "Before", "Company", "C"));
        sandbox.addCustomField("Lead", EU, "HubSpot EU Contact Id");
        sandbox.addCustomField("Contact", EU, "HubSpot EU Contact Id");

        JsonNode field = field(client.ok(client.send("GET", V + "/sobjects/Lead/describe", null), 200), EU);
        assertThat(field.get("type").asText()).isEqualTo("string");
        assertThat(field.get("externalId").asBoolean()).isTrue();
        assertThat(field.get("unique").asBoolean()).isTrue();
        assertThat(field.get("custom").asBoolean(true)).isTrue();
        assertThat(sandbox.record(before).orElseThrow()).containsEntry(EU, null);

        // The same HubSpot id in the two fields: two portals' contacts 101, two Leads.
        client.ok(client.send("PATCH", V + "/sobjects/Lead/HubSpot_Contact_Id__c/101",
                "{\"LastName\":\"Portal A\",\"Company\":\"A\"}"), 201);
        client.ok(client.send("PATCH", V + "/sobjects/Lead/" + EU + "/101",
                "{\"LastName\":\"Portal B\",\"Company\":\"B\"}"), 201);
        client.ok(client.send("PATCH", V + "/sobjects/Lead/" + EU + "/101", "{\"Title\":\"B again\"}"), 200);
        assertThat(sandbox.count("Lead")).isEqualTo(3);
        JsonNode b = client.ok(client.send("GET", V + "/query?q=SELECT+Id,LastName,Title,HubSpot_Contact_Id__c+FROM+Lead"
                + "+WHERE+" + EU + "='101'", null), 200);
        assertThat(b.get("totalSize").asInt()).isEqualTo(1);
        assertThat(b.get("records").get(0).get("LastName").asText()).isEqualTo("Portal B");
        assertThat(b.get("records").get(0).get("Title").asText()).isEqualTo("B again");
        assertThat(b.get("records").get(0).get("HubSpot_Contact_Id__c").isNull()).isTrue();

        String lead = sandbox.insert("Lead", Map.of("LastName", "Both", "Company", "C", "HubSpot_Contact_Id__c", "7",
                EU, "9"));
        SalesforceOrg.ConversionResult converted = sandbox.convertLead(lead, Optional.empty());
        assertThat(sandbox.record(converted.contactId()).orElseThrow()).containsEntry("HubSpot_Contact_Id__c", "7")
                .containsEntry(EU, "9");

        assertThatThrownBy(() -> sandbox.addCustomField("Lead", EU, "again")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.addCustomField("Lead", "NoSuffix", "x")).isInstanceOf(
                IllegalArgumentException.class);

        sandbox.reset();
        JsonNode describe = client.ok(client.send("GET", V + "/sobjects/Lead/describe", null), 200);
        for (JsonNode f : describe.get("fields")) {
            assertThat(f.get("name").asText()).isNotEqualTo(EU);
        }
    }

    @Test
    void aFieldIsAddedThroughTheControlEndpointToo() throws Exception {
        client.ok(client.send("POST", "/_sandbox/fields",
                "{\"sObject\":\"Task\",\"name\":\"HubSpot_EU_Activity_Id__c\",\"label\":\"EU activity\"}"), 201);
        JsonNode task = client.ok(client.send("GET", V + "/sobjects/Task/describe", null), 200);
        assertThat(field(task, "HubSpot_EU_Activity_Id__c").get("externalId").asBoolean()).isTrue();
        client.error(client.send("POST", "/_sandbox/fields", "{\"sObject\":\"Task\",\"name\":\"Bad\"}"), 400);
    }

    private static JsonNode field(JsonNode describe, String name) {
        for (JsonNode field : describe.get("fields")) {
            if (field.get("name").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name);
    }
}
