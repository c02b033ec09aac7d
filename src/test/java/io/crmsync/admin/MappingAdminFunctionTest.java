package io.crmsync.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.crm.Side;
import io.crmsync.hubspot.HubSpotSchemaReader;
import io.crmsync.localaws.LocalAws;
import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.HubSpotSchema;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.SyncRule;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.store.DynamoMappingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The mapping-admin function as Lambda invokes it (through the Lambda mock event server), with its real
 * adapters against the CRM sandboxes and dynalite.
 */
@QuarkusTest
@TestProfile(MappingAdminFunctionProfile.class)
@io.crmsync.testing.SyncStack(tenant = "acme")
class MappingAdminFunctionTest {

    /** Starts from the recommended Lead mapping, changes a rule, adds a new property. */
    static final String LEADS = """
            contact_lead:
              preset: recommended
              fields:
                - hubspot: email
                  salesforce: Email
                  rule: prefer_salesforce_unless_blank
                - hubspot: lead_temperature
                  salesforce: Rating
                  rule: two_way
                  values: {hot: Hot, warm: Warm, cold: Cold}
                  create_hubspot_property:
                    label: Lead temperature
                    type: enumeration
                    fieldType: select
                    options: [{label: Hot, value: hot}, {label: Warm, value: warm}, {label: Cold, value: cold}]
            """;

    @Inject
    ObjectMapper json;

    @Inject
    HubSpotSchemaReader hubSpotSchema;

    LocalAws aws;
    HubSpotSandbox hubSpot;
    io.crmsync.sandbox.salesforce.SalesforceSandbox salesforce;
    DynamoMappingStore store;

    @BeforeEach
    void stack(LocalAws aws, HubSpotSandbox hubSpot, io.crmsync.sandbox.salesforce.SalesforceSandbox salesforce) {
        this.aws = aws;
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        store = new DynamoMappingStore(aws.dynamo(), aws.tableName("MappingsTable"));
    }

    JsonNode invoke(String tenantId, String action, String yaml) throws Exception {
        var request = json.createObjectNode().put("tenantId", tenantId).put("action", action);
        if (yaml != null) {
            request.put("yaml", yaml);
        }
        String answer = given().contentType("application/json").body(json.writeValueAsString(request)).post()
                .then().statusCode(200).extract().asString();
        return json.readTree(answer);
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    @Test
    void getShowsTheRecommendedPresetsAsMappingsYaml() throws Exception {
        JsonNode answer = invoke("acme", "get", null);

        assertThat(texts(answer.path("errors"))).isEmpty();
        assertThat(answer.path("yaml").asText()).contains("contact_lead:", "company_account:",
                "- hubspot: email", "salesforce: Email", "rule: two_way", "kind: text",
                "LastName: \"[not provided]\"");
        assertThat(answer.path("applied").asBoolean()).isFalse();
    }

    @Test
    void theRecommendedPresetsValidateAgainstTheSandboxes() throws Exception {
        JsonNode answer = invoke("acme", "validate", "contact_lead:\n  preset: recommended\n"
                + "contact_contact:\n  preset: recommended\ncompany_account:\n  preset: recommended\n");

        assertThat(texts(answer.path("errors"))).isEmpty();
    }

    @Test
    void aMismatchedMappingIsRefusedAndTheErrorSaysWhy() throws Exception {
        JsonNode answer = invoke("acme", "validate", "contact_lead:\n  preset: recommended\n  fields:\n"
                + "    - hubspot: numemployees\n      salesforce: NumberOfEmployees\n      rule: two_way\n");

        assertThat(texts(answer.path("errors"))).containsExactly("line 4, contact_lead, numemployees →"
                + " NumberOfEmployees: Mismatched Types: HubSpot text ↔ Salesforce int (contact.numemployees cannot"
                + " be mapped to Lead.NumberOfEmployees)");
    }

    @Test
    void planShowsTheChangesAndWritesNothing() throws Exception {
        JsonNode answer = invoke("acme", "plan", LEADS);

        assertThat(texts(answer.path("errors"))).isEmpty();
        assertThat(texts(answer.path("plan"))).containsExactly(
                "create HubSpot property contact.lead_temperature \"Lead temperature\" (enumeration/select,"
                        + " 3 options) in group crmsync",
                "contact_lead: changed email → Email: rule two_way → prefer_salesforce_unless_blank",
                "contact_lead: added lead_temperature → Rating (two_way, enumeration, values {cold=Cold, hot=Hot,"
                        + " warm=Warm})");
        assertThat(answer.path("applied").asBoolean()).isFalse();
        assertThat(hubSpotSchema.property("contact", "lead_temperature")).isEmpty();
        assertThat(store.current("acme").get(ObjectPair.CONTACT_LEAD).stored()).isFalse();
    }

    @Test
    void applyCreatesTheMissingPropertyThenSavesAndASecondApplyChangesNothing() throws Exception {
        JsonNode answer = invoke("acme", "apply", LEADS);

        assertThat(texts(answer.path("errors"))).isEmpty();
        assertThat(answer.path("applied").asBoolean()).isTrue();
        HubSpotSchema.HubSpotProperty created = hubSpotSchema.property("contact", "lead_temperature").orElseThrow();
        assertThat(created.options()).containsExactly("hot", "warm", "cold");
        var stored = store.current("acme").get(ObjectPair.CONTACT_LEAD);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.mapping().fields()).contains(
                FieldMapping.text("email", "Email", SyncRule.PREFER_SALESFORCE_UNLESS_BLANK),
                new FieldMapping("lead_temperature", "Rating", SyncRule.TWO_WAY, FieldKind.ENUMERATION,
                        java.util.Map.of("hot", "Hot", "warm", "Warm", "cold", "Cold")));
        assertThat(stored.mapping().hubSpotProperties()).doesNotContain("numemployees");

        JsonNode again = invoke("acme", "apply", LEADS);
        assertThat(texts(again.path("plan"))).containsExactly("contact_lead: no changes");
        assertThat(store.current("acme").get(ObjectPair.CONTACT_LEAD).version()).isEqualTo(2);

        // What get prints applies as it is.
        String current = invoke("acme", "get", null).path("yaml").asText();
        assertThat(current).contains("lead_temperature");
        assertThat(texts(invoke("acme", "plan", current).path("plan"))).containsExactly(
                "contact_lead: no changes", "contact_contact: no changes", "company_account: no changes",
                "deal_opportunity: no changes");
    }

    @Test
    void theReadmeExampleAppliesToTheSandboxes() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        int start = readme.indexOf("```yaml\n", readme.indexOf("A full example:")) + "```yaml\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));

        JsonNode answer = invoke("acme", "apply", example);

        assertThat(texts(answer.path("errors"))).isEmpty();
        assertThat(answer.path("applied").asBoolean()).isTrue();
        assertThat(texts(answer.path("plan"))).contains(
                "contact_lead: changed email → Email: rule two_way → prefer_salesforce_unless_blank",
                "deal_opportunity: changed dealstage → StageName: values {} → {appointmentscheduled=Prospecting,"
                        + " closedlost=Closed Lost, closedwon=Closed Won}");
    }

    @Test
    void anInvalidFileCreatesAndSavesNothing() throws Exception {
        String invalid = LEADS + """
                company_account:
                  fields:
                    - hubspot: name
                      salesforce: Name
                      rule: two_way
                    - hubspot: annualrevenue
                      salesforce: Website
                      rule: two_way
                """;

        JsonNode answer = invoke("acme", "apply", invalid);

        assertThat(texts(answer.path("errors"))).containsExactly("line 21, company_account, annualrevenue →"
                + " Website: Mismatched Types: HubSpot number ↔ Salesforce url (company.annualrevenue cannot be"
                + " mapped to Account.Website)");
        assertThat(answer.path("applied").asBoolean()).isFalse();
        assertThat(hubSpotSchema.property("contact", "lead_temperature")).isEmpty();
        assertThat(store.current("acme").values()).noneMatch(m -> m.stored());
    }

    @Test
    void unknownTenantsActionsAndMissingFilesAreErrors() throws Exception {
        assertThat(texts(invoke("nobody", "get", null).path("errors"))).containsExactly(
                "unknown tenant \"nobody\": register it in the tenants table first");
        assertThat(texts(invoke("acme", "delete", null).path("errors"))).containsExactly(
                "unknown action \"delete\": use get, validate, plan, apply, get-settings, put-settings, get-allocation, put-allocation or reimport");
        assertThat(texts(invoke("acme", "apply", null).path("errors"))).containsExactly("yaml is required for apply");
        assertThat(texts(invoke("acme", "plan", "contact_lead: [").path("errors"))).singleElement().asString()
                .startsWith("line ").contains("not valid YAML");
    }

    @Test
    void reimportRemovesTheChangeCursorsSoTheNextRunIsAFullPass() throws Exception {
        var cursors = new io.crmsync.store.DynamoCursorStore(aws.dynamo(), aws.tableName("TenantsTable"));
        var imports = new io.crmsync.store.DynamoImportStore(aws.dynamo(), aws.tableName("TenantsTable"));
        java.time.Instant t = java.time.Instant.parse("2026-11-29T10:00:00Z");
        cursors.save("acme", Side.HUBSPOT, "contact",
                new io.crmsync.reconcile.Cursor(t, "51"));
        cursors.save("acme", Side.SALESFORCE, "Opportunity#deleted",
                new io.crmsync.reconcile.Cursor(t, ""));
        imports.save("acme", Side.HUBSPOT, "contact",
                io.crmsync.reconcile.ImportProgress.begin(t, t, 1, 1).finish(t));

        JsonNode answer = invoke("acme", "reimport", null);

        assertThat(answer.path("applied").asBoolean()).isTrue();
        assertThat(texts(answer.path("plan"))).containsExactly("cursor removed: hubspot|contact",
                "the next reconcile run imports every object again");
        assertThat(cursors.load("acme", Side.HUBSPOT, "contact")).isEmpty();
        assertThat(imports.load("acme", Side.HUBSPOT, "contact")).isEmpty();
        assertThat(cursors.load("acme", Side.SALESFORCE, "Opportunity#deleted"))
                .isPresent();
        assertThat(texts(invoke("nobody", "reimport", null).path("errors"))).containsExactly("no tenant nobody");
    }

    JsonNode settings(String tenantId, String action, String settings) throws Exception {
        var request = json.createObjectNode().put("tenantId", tenantId).put("action", action);
        if (settings != null) {
            request.set("settings", json.readTree(settings));
        }
        return json.readTree(given().contentType("application/json").body(json.writeValueAsString(request)).post()
                .then().statusCode(200).extract().asString());
    }

    @Test
    void settingsAreCheckedAgainstBothCrmsBeforeAnythingIsSaved() throws Exception {
        String list = hubSpot.createList("Sync to Salesforce", "contact");

        JsonNode refused = settings("acme", "put-settings", """
                {"dealSync": true, "dealStages": {"closedwon": "Won Big"}, "inclusionListId": "987654",
                 "hubSpotToSalesforce": "CREATE_A_LEAD", "colour": "blue",
                 "deleteHubSpotContactsWithSalesforce": "yes"}""");

        assertThat(texts(refused.path("errors"))).contains(
                "hubSpotToSalesforce: \"CREATE_A_LEAD\" is not one of CREATE_OR_UPDATE_THE_CONTACT,"
                        + " CREATE_OR_UPDATE_THE_LEAD", "deleteHubSpotContactsWithSalesforce: must be true or false")
                .anyMatch(e -> e.startsWith("colour: unknown setting"));
        assertThat(refused.path("applied").asBoolean()).isFalse();
        assertThat(settings("acme", "get-settings", null).path("settings").path("dealSync").asBoolean()).isFalse();

        JsonNode crmErrors = settings("acme", "put-settings", """
                {"dealSync": true, "dealStages": {"closedwon": "Won Big"}, "inclusionListId": "987654"}""");
        assertThat(texts(crmErrors.path("errors"))).anyMatch(e -> e.startsWith("inclusionListId:"))
                .contains("dealStages: closedwon → Won Big is not an active Opportunity StageName value");

        JsonNode applied = settings("acme", "put-settings", "{\"dealSync\": true, \"dealStages\": {\"closedwon\":"
                + " \"Closed Won\"}, \"deleteHubSpotContactsWithSalesforce\": true, \"inclusionListId\": \"" + list
                + "\"}");
        assertThat(texts(applied.path("errors"))).isEmpty();
        assertThat(applied.path("applied").asBoolean()).isTrue();
        JsonNode stored = settings("acme", "get-settings", null).path("settings");
        assertThat(stored.path("dealSync").asBoolean()).isTrue();
        assertThat(stored.path("inclusionListId").asText()).isEqualTo(list);
        assertThat(stored.path("dealStages").path("closedwon").asText()).isEqualTo("Closed Won");
        assertThat(stored.path("companySync").asBoolean()).isTrue();
        assertThat(stored.path("deleteHubSpotContactsWithSalesforce").asBoolean()).isTrue();
    }

    @Test
    void activitySettingsAreCheckedAgainstTheOrgsTaskTypesAndKeepTheirShape() throws Exception {
        JsonNode refused = settings("acme", "put-settings", """
                {"activities": {"salesforceToHubSpot": ["tasks", "meetings"], "taskUpdatesToSalesforce": "yes",
                 "timeline": {"emails": "Marketing Email", "form_submissions": "Other"}, "colour": 1}}""");
        assertThat(texts(refused.path("errors"))).contains(
                "activities.taskUpdatesToSalesforce: must be true or false",
                "activities.colour: unknown; use salesforceToHubSpot, taskUpdatesToSalesforce, timeline,"
                        + " salesforceIdField")
                .anyMatch(e -> e.startsWith("activities.salesforceToHubSpot: \"meetings\" is not one of tasks, calls,"))
                .anyMatch(e -> e.startsWith("activities.timeline: \"form_submissions\" is not one of calls, emails,"));
        JsonNode badType = settings("acme", "put-settings",
                "{\"activities\": {\"timeline\": {\"emails\": \"Marketing Email\"}}}");
        assertThat(texts(badType.path("errors"))).singleElement().asString()
                .startsWith("activities.timeline: emails → Marketing Email is not an active Task Type value");

        JsonNode applied = settings("acme", "put-settings", """
                {"activities": {"salesforceToHubSpot": ["tasks", "calls"], "taskUpdatesToSalesforce": true,
                 "timeline": {"emails": "Email", "meetings": "Meeting"}}}""");
        assertThat(texts(applied.path("errors"))).isEmpty();
        JsonNode stored = settings("acme", "get-settings", null).path("settings").path("activities");
        assertThat(texts(stored.path("salesforceToHubSpot"))).containsExactlyInAnyOrder("tasks", "calls");
        assertThat(stored.path("taskUpdatesToSalesforce").asBoolean()).isTrue();
        assertThat(stored.path("timeline").path("emails").asText()).isEqualTo("Email");
        assertThat(stored.path("timeline").path("meetings").asText()).isEqualTo("Meeting");
        assertThat(stored.path("salesforceIdField").asText()).as("the default Task field")
                .isEqualTo("HubSpot_Activity_Id__c");

        // Keys left out keep their value.
        settings("acme", "put-settings", "{\"activities\": {\"taskUpdatesToSalesforce\": false}}");
        JsonNode kept = settings("acme", "get-settings", null).path("settings").path("activities");
        assertThat(kept.path("taskUpdatesToSalesforce").asBoolean()).isFalse();
        assertThat(kept.path("timeline").path("meetings").asText()).isEqualTo("Meeting");
    }

    JsonNode allocation(String tenantId, String action, String allocation) throws Exception {
        var request = json.createObjectNode().put("tenantId", tenantId).put("action", action);
        if (allocation != null) {
            request.set("allocation", json.readTree(allocation));
        }
        return json.readTree(given().contentType("application/json").body(json.writeValueAsString(request)).post()
                .then().statusCode(200).extract().asString());
    }

    @Test
    void allocationsAreCheckedAndAShareIsResolvedFromTheOrgsLimitsResource() throws Exception {
        JsonNode refused = allocation("acme", "put-allocation", """
                {"salesforce": {"callsPerDay": 100, "shareOfOrgLimit": 0.2},
                 "hubspot": {"shareOfOrgLimit": 0.5}, "pipedrive": {"callsPerDay": 1},
                 "hubspot2": 3}""");
        assertThat(texts(refused.path("errors"))).contains(
                "salesforce: give exactly one of callsPerDay and shareOfOrgLimit",
                "hubspot: shareOfOrgLimit applies to Salesforce's org limit only; give callsPerDay",
                "pipedrive: unknown CRM; use salesforce or hubspot");
        assertThat(refused.path("applied").asBoolean()).isFalse();

        JsonNode applied = allocation("acme", "put-allocation", """
                {"salesforce": {"shareOfOrgLimit": 0.2},
                 "hubspot": {"callsPerDay": 40000, "timeZone": "America/New_York"}}""");

        assertThat(texts(applied.path("errors"))).isEmpty();
        assertThat(applied.path("applied").asBoolean()).isTrue();
        long orgLimit = salesforce.config().dailyApiLimit();
        JsonNode shown = allocation("acme", "get-allocation", null).path("allocation");
        assertThat(shown.path("salesforce").path("allocatedCalls").asLong()).isEqualTo((long) (orgLimit * 0.2));
        assertThat(shown.path("salesforce").path("shareOfOrgLimit").asDouble()).isEqualTo(0.2);
        assertThat(shown.path("hubspot").path("allocatedCalls").asLong()).isEqualTo(40000);
        assertThat(shown.path("hubspot").path("timeZone").asText()).isEqualTo("America/New_York");
        assertThat(salesforce.callCounts()).containsKey("GET /services/data/v62.0/limits");
    }
}
