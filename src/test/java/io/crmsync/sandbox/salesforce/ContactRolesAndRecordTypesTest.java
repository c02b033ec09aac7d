package io.crmsync.sandbox.salesforce;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.sandbox.http.SandboxHttpServer;

/** OpportunityContactRole (deal–contact associations) and RecordType, as the REST API shows them. */
class ContactRolesAndRecordTypesTest {

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
    void createsRolesInACollectionRefusingOnesThatNameMissingRecords() throws Exception {
        String deal = opportunity(Map.of());
        String jane = sandbox.insert("Contact", Map.of("LastName", "Doe"));
        String missingOpportunity = SalesforceIds.newId("006", 99);
        String missingContact = SalesforceIds.newId("003", 99);

        JsonNode results = client.ok(client.send("POST", V + "/composite/sobjects", client.toJson(Map.of(
                "allOrNone", false, "records", List.of(role(deal, jane, "Decision Maker", true),
                        role(missingOpportunity, jane, "Other", false), role(deal, missingContact, "Other", false),
                        role(deal, deal, "Other", false), role(deal, jane, "Chief Cheerleader", false))))), 200);

        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertThat(results.get(0).get("id").asText()).startsWith("00K");
        assertThat(code(results.get(1))).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(results.get(1).get("errors").get(0).get("fields").get(0).asText()).isEqualTo("OpportunityId");
        assertThat(code(results.get(2))).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(code(results.get(3))).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        assertThat(code(results.get(4))).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(sandbox.count("OpportunityContactRole")).isEqualTo(1);
    }

    @Test
    void queriesRolesByOpportunityAndKeepsOnePrimaryPerOpportunity() throws Exception {
        String deal = opportunity(Map.of());
        String other = opportunity(Map.of());
        String jane = sandbox.insert("Contact", Map.of("LastName", "Doe"));
        String john = sandbox.insert("Contact", Map.of("LastName", "Roe"));
        String janeRole = sandbox.insert("OpportunityContactRole", Map.of("OpportunityId", deal, "ContactId", jane,
                "IsPrimary", true));
        sandbox.insert("OpportunityContactRole", Map.of("OpportunityId", other, "ContactId", jane, "IsPrimary", true));
        String johnRole = sandbox.insert("OpportunityContactRole", Map.of("OpportunityId", deal, "ContactId", john,
                "IsPrimary", true));

        JsonNode rows = client.ok(client.query("SELECT Id, OpportunityId, ContactId, IsPrimary FROM "
                + "OpportunityContactRole WHERE OpportunityId IN ('" + deal + "')"), 200).get("records");

        assertThat(rows).hasSize(2);
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.get("Id").asText()).isEqualTo(janeRole);
            assertThat(row.get("ContactId").asText()).isEqualTo(jane);
            assertThat(row.get("IsPrimary").asBoolean()).isFalse();
        });
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.get("Id").asText()).isEqualTo(johnRole);
            assertThat(row.get("OpportunityId").asText()).isEqualTo(deal);
            assertThat(row.get("IsPrimary").asBoolean()).isTrue();
        });
        // The other opportunity's primary role is untouched.
        assertThat(sandbox.records("OpportunityContactRole")).filteredOn(r -> r.get("OpportunityId").equals(other))
                .singleElement().satisfies(r -> assertThat(r.get("IsPrimary")).isEqualTo(true));
    }

    @Test
    void aRolesOpportunityCannotChangeButItsContactCan() throws Exception {
        String deal = opportunity(Map.of());
        String jane = sandbox.insert("Contact", Map.of("LastName", "Doe"));
        String john = sandbox.insert("Contact", Map.of("LastName", "Roe"));
        String role = sandbox.insert("OpportunityContactRole", Map.of("OpportunityId", deal, "ContactId", jane));

        JsonNode refused = client.error(client.send("PATCH", V + "/sobjects/OpportunityContactRole/" + role,
                client.toJson(Map.of("OpportunityId", deal))), 400);
        client.ok(client.send("PATCH", V + "/sobjects/OpportunityContactRole/" + role,
                client.toJson(Map.of("ContactId", john, "Role", "Evaluator"))), 204);

        assertThat(refused.get("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(sandbox.record(role).orElseThrow()).containsEntry("ContactId", john)
                .containsEntry("IsPrimary", false);
    }

    @Test
    void describeListsBothObjectsWithTheirFields() throws Exception {
        JsonNode global = client.ok(client.send("GET", V + "/sobjects", null), 200).get("sobjects");
        assertThat(global).anySatisfy(o -> {
            assertThat(o.get("name").asText()).isEqualTo("OpportunityContactRole");
            assertThat(o.get("keyPrefix").asText()).isEqualTo("00K");
        });
        assertThat(global).anySatisfy(o -> {
            assertThat(o.get("name").asText()).isEqualTo("RecordType");
            assertThat(o.get("keyPrefix").asText()).isEqualTo("012");
        });

        JsonNode fields = client.ok(client.send("GET", V + "/sobjects/OpportunityContactRole/describe", null), 200)
                .get("fields");
        JsonNode opportunityId = field(fields, "OpportunityId");
        assertThat(opportunityId.get("createable").asBoolean()).isTrue();
        assertThat(opportunityId.get("updateable").asBoolean()).isFalse();
        assertThat(opportunityId.get("nillable").asBoolean()).isFalse();
        assertThat(opportunityId.get("referenceTo").get(0).asText()).isEqualTo("Opportunity");
        assertThat(field(fields, "ContactId").get("updateable").asBoolean()).isTrue();
        assertThat(field(fields, "Role").get("picklistValues")).extracting(v -> v.get("value").asText())
                .containsExactlyElementsOf(StandardObjects.CONTACT_ROLES);
        assertThat(field(fields, "IsPrimary").get("defaultValue").asBoolean()).isFalse();
        assertThat(fields).noneMatch(f -> f.get("name").asText().equals("OwnerId"));
    }

    @Test
    void recordTypesAreSeededQueriedAndCheckedOnceTheOrgHasAny() throws Exception {
        String anyShape = SalesforceIds.newId("012", 999);
        // No record types yet: any well-formed id passes, as before.
        opportunity(Map.of("RecordTypeId", anyShape));

        JsonNode seeded = client.ok(client.send("POST", SandboxHttpServer.ADMIN_PREFIX + "seed", client.toJson(Map.of(
                "RecordType", List.of(
                        Map.of("Name", "New Business", "DeveloperName", "New_Business", "SobjectType", "Opportunity"),
                        Map.of("Name", "Retired", "DeveloperName", "Retired", "SobjectType", "Opportunity",
                                "IsActive", false),
                        Map.of("Name", "Partner", "DeveloperName", "Partner", "SobjectType", "Account"))))), 201);
        String newBusiness = seeded.get("RecordType").get(0).asText();
        String retired = seeded.get("RecordType").get(1).asText();
        String accountType = seeded.get("RecordType").get(2).asText();

        JsonNode rows = client.ok(client.query("SELECT Id, DeveloperName FROM RecordType WHERE SobjectType = "
                + "'Opportunity' AND IsActive = true"), 200).get("records");
        assertThat(rows).extracting(r -> r.get("Id").asText()).containsExactly(newBusiness);

        JsonNode results = client.ok(client.send("POST", V + "/composite/sobjects", client.toJson(Map.of(
                "allOrNone", false, "records", List.of(opportunityBody(newBusiness), opportunityBody(retired),
                        opportunityBody(accountType), opportunityBody(anyShape))))), 200);
        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        for (int i = 1; i < 4; i++) {
            assertThat(code(results.get(i))).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
            assertThat(results.get(i).get("errors").get(0).get("fields").get(0).asText()).isEqualTo("RecordTypeId");
        }
    }

    private String opportunity(Map<String, Object> more) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(Map.of("Name", "Deal", "StageName", "Prospecting",
                "CloseDate", "2026-06-30"));
        fields.putAll(more);
        return sandbox.insert("Opportunity", fields);
    }

    private static Map<String, Object> opportunityBody(String recordTypeId) {
        return Map.of("attributes", Map.of("type", "Opportunity"), "Name", "Deal", "StageName", "Prospecting",
                "CloseDate", "2026-06-30", "RecordTypeId", recordTypeId);
    }

    private static Map<String, Object> role(String opportunityId, String contactId, String role, boolean primary) {
        return Map.of("attributes", Map.of("type", "OpportunityContactRole"), "OpportunityId", opportunityId,
                "ContactId", contactId, "Role", role, "IsPrimary", primary);
    }

    private static String code(JsonNode result) {
        assertThat(result.get("success").asBoolean()).as(result.toString()).isFalse();
        return result.get("errors").get(0).get("statusCode").asText();
    }

    private static JsonNode field(JsonNode fields, String name) {
        for (JsonNode f : fields) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name);
    }
}
