package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * Two HubSpot portals on one Salesforce org, end to end on the packaged functions (issue 19): portal A is tenant
 * {@code local} with the default id fields, portal B is tenant {@code portal-2}, which stamps its own HubSpot ids in
 * fields of its own ({@code HubSpot_P2_…__c}, set through the admin API's mappings as its admin would). Salesforce
 * changes reach both through Change Data Capture, each by its own settings; crmsync's own write for one portal is
 * that portal's echo only.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SharedOrgIT {

    static final LocalAws aws = SharedLocalAws.get();
    static LocalDeployment deployment;
    static final String B = LocalDeployment.sharedOrgTenant(2);
    /** Portal B's own fields for its HubSpot ids, one per synced object, as its admin adds them in Setup. */
    static final Map<String, String> B_FIELDS = Map.of("Lead", "HubSpot_P2_Contact_Id__c",
            "Contact", "HubSpot_P2_Contact_Id__c", "Account", "HubSpot_P2_Company_Id__c",
            "Opportunity", "HubSpot_P2_Deal_Id__c", "Task", "HubSpot_P2_Task_Id__c");
    static final String B_MAPPINGS = """
            contact_lead:
              preset: recommended
              salesforceIdField: HubSpot_P2_Contact_Id__c
            contact_contact:
              preset: recommended
              salesforceIdField: HubSpot_P2_Contact_Id__c
            company_account:
              preset: recommended
              salesforceIdField: HubSpot_P2_Company_Id__c
            deal_opportunity:
              preset: recommended
              salesforceIdField: HubSpot_P2_Deal_Id__c
            """;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.start(aws, new LocalDeployment.Options(Path.of("target", "it-shared-org"), 0, 0,
                0, 0, 2, Duration.ofMillis(200), LocalDeployment.SalesforceChanges.CDC_ONLY).withPortals(2));
    }

    @AfterAll
    static void undeploy() {
        deployment.close();
    }

    @BeforeEach
    void clean() throws Exception {
        settle();
        aws.reset();
        deployment.registerTenant(aws);
        deployment.resetSandboxes();
        B_FIELDS.forEach((sObject, field) -> salesforce().addCustomField(sObject, field, "HubSpot P2 Id"));
        applyMappings(B, B_MAPPINGS);
        settings(B, "{\"salesforceToHubSpot\": \"CREATE_OR_UPDATE_THE_CONTACT\"}");
    }

    HubSpotSandbox portalA() {
        return deployment.portals().get(0);
    }

    HubSpotSandbox portalB() {
        return deployment.portals().get(1);
    }

    SalesforceSandbox salesforce() {
        return deployment.salesforce();
    }

    @Test
    void aLeadCreatedInSalesforceReachesBothPortalsOrOnlyTheOneWhoseSettingAllows() throws Exception {
        String lead = salesforce().insert("Lead", Map.of("LastName", "Hopper", "FirstName", "Grace", "Company",
                "Navy", "Email", "grace@example.com"));

        await().atMost(Duration.ofSeconds(60)).until(() -> contactOf(portalA(), "grace@example.com").isPresent()
                && contactOf(portalB(), "grace@example.com").isPresent());
        String inA = contactOf(portalA(), "grace@example.com").orElseThrow();
        String inB = contactOf(portalB(), "grace@example.com").orElseThrow();
        // Each portal's id in its own field of the one Lead: neither overwrote the other's.
        await().atMost(Duration.ofSeconds(30)).until(() -> inA.equals(salesforce().record(lead).orElseThrow()
                .get("HubSpot_Contact_Id__c")) && inB.equals(salesforce().record(lead).orElseThrow()
                        .get("HubSpot_P2_Contact_Id__c")));

        // Portal B follows HubSpot's advice for a shared org: "don't automatically create HubSpot contacts".
        settings(B, "{\"salesforceToHubSpot\": \"DO_NOTHING\"}");
        salesforce().insert("Lead", Map.of("LastName", "Lovelace", "FirstName", "Ada", "Company",
                "Analytical Engines", "Email", "ada@example.com"));
        await().atMost(Duration.ofSeconds(60)).until(() -> contactOf(portalA(), "ada@example.com").isPresent());
        settle();
        assertThat(contactOf(portalB(), "ada@example.com")).as("B's setting keeps it out").isEmpty();
        assertThat(portalA().contactCount()).isEqualTo(2);
        assertThat(portalB().contactCount()).isEqualTo(1);
    }

    @Test
    void aContactFromPortalABecomesALeadThatPortalBsSettingKeepsOutOfB() throws Exception {
        settings(B, "{\"salesforceToHubSpot\": \"DO_NOTHING\"}");
        String contact = portalA().createContact(Map.of("email", "alan@example.com", "firstname", "Alan",
                "lastname", "Turing", "company", "Bletchley Park"));

        await().atMost(Duration.ofSeconds(60)).until(() -> salesforce()
                .leadByExternalId("HubSpot_Contact_Id__c", contact).isPresent());
        settle();
        assertThat(contactOf(portalB(), "alan@example.com")).isEmpty();
        assertThat(portalB().contactCount()).isZero();
        assertThat(salesforce().leadByExternalId("HubSpot_Contact_Id__c", contact).orElseThrow()
                .get("HubSpot_P2_Contact_Id__c")).as("B never stamped it").isNull();
        assertThat(salesforce().count("Lead")).isEqualTo(1);
    }

    @Test
    void aFieldEditedInPortalAReachesSalesforceAndFromThereBAndNothingLoops() throws Exception {
        String lead = salesforce().insert("Lead", Map.of("LastName", "Johnson", "FirstName", "Katherine", "Company",
                "NASA", "Email", "katherine@example.com", "Title", "Mathematician"));
        await().atMost(Duration.ofSeconds(60)).until(() -> contactOf(portalA(), "katherine@example.com").isPresent()
                && contactOf(portalB(), "katherine@example.com").isPresent());
        settle();
        String inA = contactOf(portalA(), "katherine@example.com").orElseThrow();
        String inB = contactOf(portalB(), "katherine@example.com").orElseThrow();

        portalA().updateContact(inA, Map.of("jobtitle", "Aerospace Technologist"));

        await().atMost(Duration.ofSeconds(60)).until(() -> "Aerospace Technologist".equals(
                salesforce().record(lead).orElseThrow().get("Title")));
        await().atMost(Duration.ofSeconds(60)).until(() -> "Aerospace Technologist".equals(
                portalB().contact(inB).orElseThrow().get("jobtitle")));
        // No loop among the three: once settled, nothing writes any more.
        settle();
        long writes = writeCalls();
        sleepQuietly(Duration.ofSeconds(5));
        settle();
        assertThat(writeCalls()).as("writes after the change settled").isEqualTo(writes);
        assertThat(portalA().contactCount()).isEqualTo(1);
        assertThat(portalB().contactCount()).isEqualTo(1);
        assertThat(salesforce().count("Lead")).isEqualTo(1);
    }

    /**
     * The org's one daily API limit is shared: each tenant's health page shows the org's usage, whichever tenant's
     * call brought the header, and the other tenant on it; allocations are shares whose sum the admin API keeps
     * within the org's limit. First: a function records a CRM's usage header at most every 5 minutes, so a later
     * test, after the tables were emptied, would find no observation to show.
     */
    @Test
    @org.junit.jupiter.api.Order(1)
    void theOrgsDailyLimitIsSharedByThePortals() throws Exception {
        salesforce().insert("Lead", Map.of("LastName", "Vaughan", "FirstName", "Dorothy", "Company", "NACA",
                "Email", "dorothy@example.com"));
        await().atMost(Duration.ofSeconds(60)).until(() -> contactOf(portalA(), "dorothy@example.com").isPresent()
                && contactOf(portalB(), "dorothy@example.com").isPresent());
        settle();

        await().atMost(Duration.ofSeconds(30)).until(() -> sharedOrg(B).path("orgLimit")
                .isNumber() && sharedOrg(LocalDeployment.TENANT).path("orgLimit").isNumber());
        JsonNode seenByB = sharedOrg(B);
        JsonNode seenByA = sharedOrg(LocalDeployment.TENANT);
        assertThat(seenByB.path("otherTenants")).extracting(JsonNode::asText).containsExactly(LocalDeployment.TENANT);
        assertThat(seenByA.path("otherTenants")).extracting(JsonNode::asText).containsExactly(B);
        assertThat(seenByA.path("orgLimit").asLong()).isEqualTo(seenByB.path("orgLimit").asLong()).isPositive();
        assertThat(seenByA.path("orgUsed").asLong()).as("one observation of the org, for both")
                .isEqualTo(seenByB.path("orgUsed").asLong()).isPositive();

        assertThat(admin("PUT", "/tenants/" + LocalDeployment.TENANT + "/allocation",
                "{\"salesforce\": {\"shareOfOrgLimit\": 0.6}}").statusCode()).isEqualTo(200);
        HttpResponse<String> tooMuch = admin("PUT", "/tenants/" + B + "/allocation",
                "{\"salesforce\": {\"shareOfOrgLimit\": 0.5}}");
        assertThat(tooMuch.statusCode()).as(tooMuch.body()).isEqualTo(409);
        assertThat(tooMuch.body()).contains(LocalDeployment.TENANT);
        assertThat(admin("PUT", "/tenants/" + B + "/allocation",
                "{\"salesforce\": {\"shareOfOrgLimit\": 0.4}}").statusCode()).isEqualTo(200);
    }

    JsonNode sharedOrg(String tenant) throws Exception {
        HttpResponse<String> health = admin("GET", "/tenants/" + tenant + "/health", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        for (JsonNode calls : json.readTree(health.body()).path("calls")) {
            if (calls.has("sharedOrg") && !calls.get("sharedOrg").isNull()) {
                return calls.get("sharedOrg");
            }
        }
        return json.createObjectNode();
    }

    Optional<String> contactOf(HubSpotSandbox portal, String email) {
        return portal.records("contacts").stream().filter(c -> email.equals(c.get("email")))
                .map(c -> c.get("hs_object_id")).findFirst();
    }

    long writeCalls() {
        long salesforceWrites = salesforce().callCounts().entrySet().stream()
                .filter(e -> e.getKey().startsWith("PATCH") || e.getKey().startsWith("POST /services/data"))
                .mapToLong(Map.Entry::getValue).sum();
        long hubSpotWrites = deployment.portals().stream().flatMap(p -> p.callCounts().entrySet().stream())
                .filter(e -> e.getKey().contains("batch/update") || e.getKey().contains("batch/upsert")
                        || e.getKey().contains("batch/create") || e.getKey().startsWith("PATCH"))
                .mapToLong(Map.Entry::getValue).sum();
        return salesforceWrites + hubSpotWrites;
    }

    void applyMappings(String tenant, String yaml) throws Exception {
        String body = json.writeValueAsString(Map.of("yaml", yaml));
        HttpResponse<String> plan = admin("POST", "/tenants/" + tenant + "/mappings/plan", body);
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        String planId = json.readTree(plan.body()).get("planId").asText();
        HttpResponse<String> applied = admin("POST", "/tenants/" + tenant + "/mappings/apply",
                json.writeValueAsString(Map.of("yaml", yaml, "reviewed", planId)));
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    }

    /** Changes a tenant's settings; the functions see them once their settings cache (1 s locally) expires. */
    JsonNode settings(String tenant, String changes) throws Exception {
        HttpResponse<String> answer = admin("PUT", "/tenants/" + tenant + "/settings", changes);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        sleepQuietly(Duration.ofMillis(1500));
        return json.readTree(answer.body());
    }

    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return AdminCalls.send(http, deployment.adminUrl(), method, path, body, Duration.ofSeconds(60));
    }

    int visibleMessages() {
        return ChangeQueueDepth.of(aws);
    }

    /** Until the change queue stays empty for 2 s. */
    void settle() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofMillis(300)).until(() -> visibleMessages() == 0);
            long invocations = deployment.events().invocations();
            sleepQuietly(Duration.ofSeconds(2));
            return visibleMessages() == 0 && deployment.events().invocations() == invocations;
        });
    }

    static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
