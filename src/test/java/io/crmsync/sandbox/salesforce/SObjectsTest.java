package io.crmsync.sandbox.salesforce;

import io.crmsync.sandbox.http.MutableClock;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

class SObjectsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private SalesforceSandbox sandbox;
    private SalesforceTestClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = new SalesforceSandbox(SalesforceTestClient.config(100_000), StandardObjects.ALL, clock).start();
        client = new SalesforceTestClient(sandbox).login();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void describesObjectsAndFields() throws Exception {
        JsonNode global = client.ok(client.send("GET", V + "/sobjects", null), 200);
        List<String> names = new ArrayList<>();
        global.get("sobjects").forEach(s -> names.add(s.get("name").asText() + ":" + s.get("keyPrefix").asText()));
        assertThat(names).contains("Account:001", "Contact:003", "Opportunity:006", "Lead:00Q", "Task:00T", "User:005");

        JsonNode opportunity = client.ok(client.send("GET", V + "/sobjects/Opportunity/describe", null), 200);
        JsonNode stage = field(opportunity, "StageName");
        assertThat(stage.get("type").asText()).isEqualTo("picklist");
        assertThat(stage.get("nillable").asBoolean()).isFalse();
        assertThat(stage.get("restrictedPicklist").asBoolean()).isTrue();
        assertThat(stage.get("picklistValues")).hasSize(10);
        assertThat(stage.get("picklistValues").get(8).get("value").asText()).isEqualTo("Closed Won");
        assertThat(stage.get("picklistValues").get(8).get("active").asBoolean()).isTrue();
        JsonNode account = field(opportunity, "AccountId");
        assertThat(account.get("referenceTo").get(0).asText()).isEqualTo("Account");
        assertThat(account.get("relationshipName").asText()).isEqualTo("Account");
        JsonNode deal = field(opportunity, "HubSpot_Deal_Id__c");
        assertThat(deal.get("externalId").asBoolean()).isTrue();
        assertThat(deal.get("unique").asBoolean()).isTrue();
        assertThat(deal.get("custom").asBoolean()).isTrue();
        assertThat(field(opportunity, "CreatedDate").get("createable").asBoolean()).isFalse();
        JsonNode task = client.ok(client.send("GET", V + "/sobjects/Task/describe", null), 200);
        assertThat(field(task, "WhoId").get("referenceTo")).extracting(JsonNode::asText).containsExactly("Contact", "Lead");
        assertThat(client.error(client.send("GET", V + "/sobjects/Nope/describe", null), 404).get("errorCode")
                .asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void enforcesPicklistsReferencesAndTypes() throws Exception {
        JsonNode badStage = client.error(client.send("POST", V + "/sobjects/Opportunity",
                "{\"Name\":\"Deal\",\"StageName\":\"Won-ish\",\"CloseDate\":\"2026-04-01\"}"), 400);
        assertThat(badStage.get("errorCode").asText()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(badStage.get("fields").get(0).asText()).isEqualTo("StageName");

        JsonNode missing = client.error(client.send("POST", V + "/sobjects/Opportunity", "{\"Name\":\"Deal\"}"), 400);
        assertThat(missing.get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(missing.get("fields")).extracting(JsonNode::asText).containsExactly("StageName", "CloseDate");

        String ghostAccount = SalesforceIds.newId("001", 777);
        JsonNode badRef = client.error(client.send("POST", V + "/sobjects/Contact",
                "{\"LastName\":\"Doe\",\"AccountId\":\"" + ghostAccount + "\"}"), 400);
        assertThat(badRef.get("errorCode").asText()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        String lead = sandbox.insert("Lead", Map.of("LastName", "L", "Company", "C"));
        JsonNode wrongType = client.error(client.send("POST", V + "/sobjects/Contact",
                "{\"LastName\":\"Doe\",\"AccountId\":\"" + lead + "\"}"), 400);
        assertThat(wrongType.get("errorCode").asText()).isEqualTo("FIELD_INTEGRITY_EXCEPTION");

        String accountId = client.ok(client.send("POST", V + "/sobjects/Account",
                "{\"Name\":\"Acme\",\"NumberOfEmployees\":250,\"AnnualRevenue\":1.5E7,\"Industry\":\"Technology\"}"),
                201).get("id").asText();
        assertThat(accountId).startsWith("001");
        JsonNode contact = client.ok(client.send("POST", V + "/sobjects/Contact",
                "{\"LastName\":\"Doe\",\"FirstName\":\"Jane\",\"AccountId\":\"" + accountId + "\"}"), 201);
        JsonNode read = client.ok(client.send("GET", V + "/sobjects/Contact/" + contact.get("id").asText()
                + "?fields=Name,AccountId,OwnerId", null), 200);
        assertThat(read.get("Name").asText()).isEqualTo("Jane Doe");
        assertThat(read.get("OwnerId").asText()).isEqualTo(sandbox.userId());
        assertThat(read.has("Email")).isFalse();
        JsonNode badDate = client.error(client.send("POST", V + "/sobjects/Task",
                "{\"Subject\":\"Call\",\"ActivityDate\":\"next tuesday\"}"), 400);
        assertThat(badDate.get("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");
    }

    @Test
    void deletedRecordsGoToTheRecycleBin() throws Exception {
        String id = sandbox.insert("Lead", Map.of("LastName", "Gone", "Company", "C", "HubSpot_Contact_Id__c", "hs-9"));
        assertThat(client.send("DELETE", V + "/sobjects/Lead/" + id, null).statusCode()).isEqualTo(204);
        assertThat(sandbox.count("Lead")).isZero();
        assertThat(client.error(client.send("PATCH", V + "/sobjects/Lead/" + id, "{\"Title\":\"T\"}"), 404)
                .get("errorCode").asText()).isEqualTo("ENTITY_IS_DELETED");
        assertThat(client.ok(client.query("SELECT Id FROM Lead"), 200).get("totalSize").asInt()).isZero();
        JsonNode all = client.ok(client.send("GET", V + "/queryAll?q="
                + URLEncoder.encode("SELECT Id, IsDeleted FROM Lead", StandardCharsets.UTF_8), null), 200);
        assertThat(all.get("records").get(0).get("IsDeleted").asBoolean()).isTrue();

        // The external ID is free again while the record is in the recycle bin, so undelete then clashes.
        String twin = sandbox.insert("Lead", Map.of("LastName", "Twin", "Company", "C", "HubSpot_Contact_Id__c", "hs-9"));
        assertThatThrownBy(() -> sandbox.undelete(id)).isInstanceOf(Failure.class).hasMessageContaining("DUPLICATE_VALUE");
        sandbox.delete(twin);
        sandbox.undelete(id);
        assertThat(sandbox.count("Lead")).isEqualTo(1);
    }

    @Test
    void getUpdatedAndGetDeletedReportByTimeWindow() throws Exception {
        Instant start = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        String kept = sandbox.insert("Account", Map.of("Name", "Kept"));
        String removed = sandbox.insert("Account", Map.of("Name", "Removed"));
        clock.advance(Duration.ofMinutes(2));
        sandbox.delete(removed);
        clock.advance(Duration.ofMinutes(2));
        String window = "?start=" + enc(start.toString()) + "&end=" + enc(clock.instant().toString());

        JsonNode updated = client.ok(client.send("GET", V + "/sobjects/Account/updated/" + window, null), 200);
        assertThat(updated.get("ids")).extracting(JsonNode::asText).containsExactly(kept);
        assertThat(updated.get("latestDateCovered").asText()).isEqualTo("2026-03-02T10:05:00.000+0000");
        JsonNode deleted = client.ok(client.send("GET", V + "/sobjects/Account/deleted/" + window, null), 200);
        assertThat(deleted.get("deletedRecords")).hasSize(1);
        assertThat(deleted.get("deletedRecords").get(0).get("id").asText()).isEqualTo(removed);
        assertThat(deleted.get("deletedRecords").get(0).get("deletedDate").asText())
                .isEqualTo("2026-03-02T10:03:00.000+0000");
        assertThat(deleted.has("earliestDateAvailable")).isTrue();

        clock.advance(Duration.ofDays(31));
        assertThat(client.error(client.send("GET", V + "/sobjects/Account/updated/" + window, null), 400)
                .get("errorCode").asText()).isEqualTo("INVALID_REPLICATION_DATE");
    }

    @Test
    void validationAndDuplicateRulesRefuseSaves() throws Exception {
        sandbox.addValidationRule(new OrgRules.ValidationRule("Account", "Website_required_for_tech",
                r -> "Technology".equals(r.get("Industry")) && r.get("Website") == null,
                "Technology accounts need a website", "Website"));
        JsonNode invalid = client.error(client.send("POST", V + "/sobjects/Account",
                "{\"Name\":\"Acme\",\"Industry\":\"Technology\"}"), 400);
        assertThat(invalid.get("errorCode").asText()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat(invalid.get("message").asText()).isEqualTo("Technology accounts need a website");
        assertThat(invalid.get("fields").get(0).asText()).isEqualTo("Website");

        sandbox.addDuplicateRule(new OrgRules.DuplicateRule("Contact", "Same email", List.of("Email")));
        sandbox.insert("Contact", Map.of("LastName", "A", "Email", "a@example.com"));
        JsonNode duplicate = client.error(client.send("POST", V + "/sobjects/Contact",
                "{\"LastName\":\"B\",\"Email\":\"A@example.com\"}"), 400);
        assertThat(duplicate.get("errorCode").asText()).isEqualTo("DUPLICATES_DETECTED");
        assertThat(sandbox.count("Contact")).isEqualTo(1);
    }

    @Test
    void convertsLeadsIntoAccountAndContact() throws Exception {
        String lead = sandbox.insert("Lead", Map.of("FirstName", "Ada", "LastName", "Lovelace", "Company",
                "Analytical Engines", "Email", "ada@example.com", "HubSpot_Contact_Id__c", "hs-1"));
        SalesforceOrg.ConversionResult result = sandbox.convertLead(lead, Optional.empty());
        Map<String, Object> converted = sandbox.record(lead).orElseThrow();
        assertThat(converted).containsEntry("IsConverted", true).containsEntry("ConvertedAccountId", result.accountId())
                .containsEntry("ConvertedContactId", result.contactId()).containsEntry("ConvertedDate", "2026-03-02")
                .containsEntry("Status", "Closed - Converted");
        assertThat(sandbox.record(result.accountId()).orElseThrow()).containsEntry("Name", "Analytical Engines");
        assertThat(sandbox.record(result.contactId()).orElseThrow()).containsEntry("Email", "ada@example.com")
                .containsEntry("AccountId", result.accountId());
        JsonNode refused = client.error(client.send("PATCH", V + "/sobjects/Lead/" + lead, "{\"Title\":\"T\"}"), 400);
        assertThat(refused.get("errorCode").asText()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");

        String second = sandbox.insert("Lead", Map.of("LastName", "Hopper", "Company", "Navy"));
        SalesforceOrg.ConversionResult intoExisting = sandbox.convertLead(second, Optional.of(result.accountId()));
        assertThat(intoExisting.accountId()).isEqualTo(result.accountId());
        assertThat(sandbox.count("Account")).isEqualTo(1);
    }

    private static JsonNode field(JsonNode describe, String name) {
        for (JsonNode field : describe.get("fields")) {
            if (field.get("name").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
