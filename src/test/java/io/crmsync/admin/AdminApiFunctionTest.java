package io.crmsync.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.functions.SharedSandboxes;
import io.crmsync.hubspot.HubSpotSchemaReader;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.localaws.LocalAws;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.store.DynamoMappingStore;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.Tenant;
import io.crmsync.testing.Events;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The admin-api function as Lambda invokes it behind its Function URL (payload 2.0 through the Lambda mock event
 * server), with its real adapters: dynalite, ElasticMQ and the CRM sandboxes.
 */
@QuarkusTest
@TestProfile(AdminApiFunctionProfile.class)
@SyncStack
class AdminApiFunctionTest {

    /** The recommended Lead mapping with one rule changed and a new property. */
    static final String LEADS = MappingAdminFunctionTest.LEADS;

    @Inject
    ObjectMapper json;

    @Inject
    HubSpotSchemaReader hubSpotSchema;

    LocalAws aws;
    HubSpotSandbox hubSpot;

    record Answer(int status, Map<String, String> headers, JsonNode body) {
        List<String> errors() {
            List<String> errors = new ArrayList<>();
            body.path("errors").forEach(e -> errors.add(e.asText()));
            return errors;
        }
    }

    @jakarta.inject.Inject
    io.crmsync.tenant.CredentialStore credentials;

    @BeforeEach
    void stack(LocalAws aws, HubSpotSandbox hubSpot) {
        this.aws = aws;
        this.hubSpot = hubSpot;
    }

    /** The grants stored here leave with the test: other test classes share this application and its cache. */
    @org.junit.jupiter.api.AfterEach
    void forgetTheTenantsGrants() {
        try {
            aws.secretsManager().deleteSecret(b -> b.secretId(LocalAws.SECRETS_PREFIX + "/tenants/acme")
                    .forceDeleteWithoutRecovery(true));
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException absent) {
            // not connected in this test
        }
        credentials.readCurrent("acme");
    }

    /**
     * Creates the tenant through the admin API, then stores what connecting both CRMs would have: its portal and
     * org, and grants of its own (a tenant created through the admin API never calls with the deployment's).
     */
    Answer createConnected(String id) throws Exception {
        Answer created = call("POST", "/tenants", "{\"id\": \"" + id + "\"}");
        connectAsIf(id);
        return created;
    }

    void connectAsIf(String id) {
        var salesforce = SharedSandboxes.salesforce();
        var directory = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        directory.save(new Tenant(id, io.crmsync.testing.TenantSetup.PORTAL_ID, salesforce.orgId(),
                directory.byId(id).orElseThrow().outboundTokenSha256()));
        // Through the function's own store (the admin API's role may write tenant secrets), so its cache sees them.
        credentials.write(id,
                io.crmsync.tenant.TenantCredentials.NONE
                        .withHubSpot(new io.crmsync.tenant.TenantCredentials.HubSpotGrant(
                                io.crmsync.tenant.TenantCredentials.Method.HUBSPOT_PRIVATE_APP,
                                HubSpotSandbox.Identity.OTHER_APP_TOKEN, null, null,
                                io.crmsync.testing.TenantSetup.PORTAL_ID, List.of()))
                        .withSalesforce(new io.crmsync.tenant.TenantCredentials.SalesforceGrant(
                                io.crmsync.tenant.TenantCredentials.Method.SALESFORCE_WEB_SERVER,
                                salesforce.baseUrl(), salesforce.baseUrl(), salesforce.orgId(),
                                SharedSandboxes.SALESFORCE_CLIENT_ID, SharedSandboxes.SALESFORCE_CLIENT_SECRET, null,
                                null, salesforce.issueRefreshToken(), null, Instant.now())));
    }

    /** A request through the Function URL, signed with IAM (SigV4) as the admin CLI signs it. */
    Answer call(String method, String path, String contentType, String body) throws Exception {
        Events.FunctionUrlRequest request = Events.functionUrl(Events.ADMIN_API_IAM).request(method, path)
                .receivedAt(Instant.now()).requestId("r-" + System.nanoTime());
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        if (body != null) {
            request.body(body);
        }
        JsonNode event = request.json();
        JsonNode response = json.readTree(given().contentType("application/json").body(event.toString())
                .post().then().statusCode(200).extract().asString());
        Map<String, String> answerHeaders = new java.util.HashMap<>();
        response.path("headers").fields().forEachRemaining(h -> answerHeaders.put(h.getKey(), h.getValue().asText()));
        String text = response.path("body").asText("");
        return new Answer(response.path("statusCode").asInt(), answerHeaders, text.isEmpty() ? json.nullNode()
                : json.readTree(text));
    }

    Answer call(String method, String path, String jsonBody) throws Exception {
        return call(method, path, jsonBody == null ? null : "application/json", jsonBody);
    }

    String yamlBody(String yaml, String reviewed) throws Exception {
        var body = json.createObjectNode().put("yaml", yaml);
        if (reviewed != null) {
            body.put("reviewed", reviewed);
        }
        return json.writeValueAsString(body);
    }

    List<ChangeNotice> queuedNotices(int atLeast) throws Exception {
        List<ChangeNotice> notices = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (notices.size() < atLeast && Instant.now().isBefore(deadline)) {
            for (Message m : aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                notices.add(json.readValue(m.body(), ChangeNotice.class));
            }
        }
        return notices;
    }

    @Test
    void aTenantFromCreationToMappingsAppliedAndRecordsResynced() throws Exception {
        // Create: the Outbound Message URL with its token, once; only the hash is stored.
        Answer created = call("POST", "/tenants", "{\"id\": \"acme\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("cache-control", "no-store");
        String url = created.body().path("salesforceOutboundUrl").asText();
        assertThat(url).startsWith(AdminApiFunctionProfile.OUTBOUND_URL + "?token=");
        String token = url.substring(url.indexOf("token=") + "token=".length());
        var stored = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable")).byId("acme").orElseThrow();
        assertThat(stored.outboundTokenSha256()).contains(HexFormat.of().formatHex(Tenant.outboundTokenDigest(
                token)));
        assertThat(call("POST", "/tenants", "{\"id\": \"acme\"}").status()).isEqualTo(409);

        Answer listed = call("GET", "/tenants", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("tenants")).singleElement().satisfies(t -> {
            assertThat(t.path("id").asText()).isEqualTo("acme");
            assertThat(t.path("connected").path("hubspot").asBoolean(true)).isFalse();
        });
        assertThat(listed.body().toString()).doesNotContain(token).doesNotContain(stored.outboundTokenSha256().get());

        // Not connected yet: a route that reads a CRM is refused, and never reads with the deployment's credentials.
        long deploymentCalls = hubSpot.callsAuthorizedBy(SharedSandboxes.HUBSPOT_TOKEN);
        Answer unconnected = call("POST", "/tenants/acme/mappings/validate", yamlBody(LEADS, null));
        assertThat(unconnected.status()).isEqualTo(409);
        assertThat(unconnected.errors()).singleElement().asString().startsWith("tenant acme has not connected");
        assertThat(hubSpot.callsAuthorizedBy(SharedSandboxes.HUBSPOT_TOKEN)).isEqualTo(deploymentCalls);
        connectAsIf("acme");

        // Settings: put, then get what is in force.
        Answer put = call("PUT", "/tenants/acme/settings", "{\"dealSync\": true, \"dealStages\": {\"closedwon\":"
                + " \"Closed Won\"}}");
        assertThat(put.errors()).isEmpty();
        assertThat(put.status()).isEqualTo(200);
        JsonNode settings = call("GET", "/tenants/acme/settings", null).body().path("settings");
        assertThat(settings.path("dealSync").asBoolean()).isTrue();
        assertThat(settings.path("dealStages").path("closedwon").asText()).isEqualTo("Closed Won");

        // Mappings: validate, plan (the diff and its id), apply what was reviewed.
        Answer valid = call("POST", "/tenants/acme/mappings/validate", yamlBody(LEADS, null));
        assertThat(valid.errors()).isEmpty();
        assertThat(valid.body().path("valid").asBoolean()).isTrue();
        Answer plan = call("POST", "/tenants/acme/mappings/plan", "application/yaml", LEADS);
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.body().path("plan").toString()).contains(
                "create HubSpot property contact.lead_temperature",
                "contact_lead: changed email → Email: rule two_way → prefer_salesforce_unless_blank");
        String planId = plan.body().path("planId").asText();
        assertThat(planId).matches("[0-9a-f]{32}");
        assertThat(hubSpotSchema.property("contact", "lead_temperature")).isEmpty();

        Answer notReviewed = call("POST", "/tenants/acme/mappings/apply", yamlBody(LEADS, "0".repeat(32)));
        assertThat(notReviewed.status()).isEqualTo(409);
        assertThat(notReviewed.body().path("planId").asText()).isEqualTo(planId);
        assertThat(hubSpotSchema.property("contact", "lead_temperature")).isEmpty();

        Answer applied = call("POST", "/tenants/acme/mappings/apply", yamlBody(LEADS, planId));
        assertThat(applied.errors()).isEmpty();
        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.body().path("applied").asBoolean()).isTrue();
        assertThat(applied.body().path("propertiesCreated").asInt()).isEqualTo(1);
        assertThat(hubSpotSchema.property("contact", "lead_temperature")).isPresent();
        var mappings = new DynamoMappingStore(aws.dynamo(), aws.tableName("MappingsTable")).current("acme");
        assertThat(mappings.get(ObjectPair.CONTACT_LEAD).version()).isEqualTo(1);
        assertThat(call("GET", "/tenants/acme/mappings", null).body().path("yaml").asText())
                .contains("lead_temperature");

        // Resync two HubSpot contacts: one notice on the change queue.
        Answer resync = call("POST", "/tenants/acme/resync", "{\"hubspot\": {\"type\": \"contact\", \"ids\":"
                + " [\"101\", \"102\"]}}");
        assertThat(resync.status()).isEqualTo(202);
        assertThat(resync.body().path("queued").asInt()).isEqualTo(2);
        assertThat(queuedNotices(1)).singleElement().satisfies(notice -> {
            assertThat(notice.tenantId()).isEqualTo("acme");
            assertThat(notice.source()).isEqualTo(ChangeNotice.SourceSystem.HUBSPOT);
            assertThat(notice.objectType()).isEqualTo("contact");
            assertThat(notice.recordIds()).containsExactly("101", "102");
        });

        // A dead letter is counted, then redriven back to the change queue.
        String deadLetter = json.writeValueAsString(new ChangeNotice(ChangeNotice.CURRENT_VERSION, "acme",
                ChangeNotice.SourceSystem.SALESFORCE, "Lead", List.of("00Q5g00000AbCdEEAZ"),
                ChangeNotice.ChangeKind.UPDATED, Instant.now(), List.of(), null, Map.of()));
        aws.sqs().sendMessage(b -> b.queueUrl(aws.queueUrl("ChangeDeadLetterQueue")).messageBody(deadLetter));
        assertThat(call("GET", "/dead-letters", null).body().path("approximateCount").asLong()).isEqualTo(1);
        Answer redrive = call("POST", "/dead-letters/redrive", null);
        assertThat(redrive.status()).isEqualTo(202);
        assertThat(redrive.body().path("taskHandle").asText()).isNotBlank();
        assertThat(queuedNotices(1)).singleElement().satisfies(notice ->
                assertThat(notice.recordIds()).containsExactly("00Q5g00000AbCdEEAZ"));
        assertThat(call("GET", "/dead-letters", null).body().path("approximateCount").asLong()).isZero();
    }

    @Test
    void anApplyIsRefusedWhenTheMappingsChangedSinceThePlanWasReviewed() throws Exception {
        createConnected("acme");
        String reviewed = call("POST", "/tenants/acme/mappings/plan", yamlBody(LEADS, null)).body().path("planId")
                .asText();
        // Someone else applies another file in between.
        String other = "contact_lead:\n  preset: recommended\n  fields:\n    - hubspot: email\n      salesforce: Email\n"
                + "      rule: always_salesforce\n";
        String otherPlan = call("POST", "/tenants/acme/mappings/plan", yamlBody(other, null)).body().path("planId")
                .asText();
        assertThat(call("POST", "/tenants/acme/mappings/apply", yamlBody(other, otherPlan)).status()).isEqualTo(200);

        Answer stale = call("POST", "/tenants/acme/mappings/apply", yamlBody(LEADS, reviewed));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errors()).singleElement().asString().startsWith("reviewed: plan " + reviewed
                + " is not the plan of this file against the mappings in force now");
        assertThat(stale.body().path("plan").toString()).contains("contact_lead: changed email → Email: rule"
                + " always_salesforce → prefer_salesforce_unless_blank");
        assertThat(hubSpotSchema.property("contact", "lead_temperature")).isEmpty();
        String fresh = stale.body().path("planId").asText();
        assertThat(fresh).isNotEqualTo(reviewed);
        assertThat(call("POST", "/tenants/acme/mappings/apply", yamlBody(LEADS, fresh)).status()).isEqualTo(200);
    }

    @Test
    void aHubSpotListsMembersAreReadFromHubSpotAndQueued() throws Exception {
        createConnected("acme");
        String list = hubSpot.createList("Resync me", "contact");
        List<String> members = new ArrayList<>();
        for (String email : List.of("ada@example.com", "grace@example.com", "alan@example.com")) {
            String id = hubSpot.createContact(Map.of("email", email, "lastname", "X"));
            hubSpot.addToList(list, id);
            members.add(id);
        }

        Answer answer = call("POST", "/tenants/acme/resync", "{\"hubspotList\": \"" + list + "\"}");

        assertThat(answer.errors()).isEmpty();
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().path("queued").asInt()).isEqualTo(3);
        assertThat(queuedNotices(1)).singleElement().satisfies(notice -> {
            assertThat(notice.objectType()).isEqualTo("contact");
            assertThat(notice.recordIds()).containsExactlyInAnyOrderElementsOf(members);
        });
        Answer missing = call("POST", "/tenants/acme/resync", "{\"hubspotList\": \"999999\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errors()).singleElement().asString().startsWith("hubspotList: HubSpot list 999999");
    }

    @Test
    void badInputOnEachRouteIs400WithAClearMessageAndUnknownThingsAre404() throws Exception {
        createConnected("acme");
        Map<String[], String> cases = new java.util.LinkedHashMap<>();
        cases.put(new String[] {"POST", "/tenants", "{\"id\": \"A!\"}"}, "id: \"A!\" must be 3 to 40 characters");
        cases.put(new String[] {"PUT", "/tenants/acme/settings", "{\"dealSync\": 1}"}, "dealSync: must be true or false");
        cases.put(new String[] {"PUT", "/tenants/acme/allocation", "{\"hubspot\": {\"callsPerDay\": -5}}"}, "hubspot:");
        cases.put(new String[] {"POST", "/tenants/acme/mappings/validate", "{}"}, "yaml: required");
        cases.put(new String[] {"POST", "/tenants/acme/mappings/plan", "{\"yaml\": \"contact_lead: [\"}"}, "line ");
        cases.put(new String[] {"POST", "/tenants/acme/mappings/apply", yamlBody(LEADS, null)}, "reviewed: required");
        cases.put(new String[] {"POST", "/tenants/acme/resync", "{\"hubspot\": {\"type\": \"contact\", \"ids\": [\"x\"]}}"},
                "hubspot.ids[0]: \"x\" is not a HubSpot record id");
        cases.put(new String[] {"POST", "/tenants/acme/resync", "not json"}, "body: not valid JSON");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            Answer answer = call(c.getKey()[0], c.getKey()[1], c.getKey()[2]);
            assertThat(answer.status()).as(String.join(" ", c.getKey())).isEqualTo(400);
            assertThat(answer.errors()).as(String.join(" ", c.getKey())).anyMatch(e -> e.startsWith(c.getValue()));
        }
        assertThat(call("GET", "/tenants/nobody/settings", null).status()).isEqualTo(404);
        assertThat(call("GET", "/no/such/route", null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/tenants", null).status()).isEqualTo(405);
    }

    /**
     * The health view, record history and allocation through the packaged routes with the admin-api's role only: each
     * reads tables (the ledger's hours, sync errors, decisions, links by either id) that template.yaml must grant.
     */
    @Test
    void healthRecordHistoryAndAllocationWorkWithTheFunctionsOwnRole() throws Exception {
        int refusedBefore = aws.iam().denials().size();
        createConnected("acme");
        Answer allocation = call("PUT", "/tenants/acme/allocation", "application/json",
                "{\"hubspot\": {\"callsPerDay\": 40000}, \"salesforce\": {\"callsPerDay\": 10000}}");
        assertThat(allocation.status()).as(allocation.body().toString()).isEqualTo(200);
        assertThat(call("GET", "/tenants/acme/allocation", null, null).status()).isEqualTo(200);
        Answer health = call("GET", "/tenants/acme/health", null, null);
        assertThat(health.status()).as(health.body().toString()).isEqualTo(200);
        assertThat(callWithQuery("GET", "/tenants/acme/errors.csv", "").status()).isEqualTo(200);
        // A private-app token: checked with HubSpot, the portal's owner looked up (tenants' index), the secret written.
        Answer connected = call("POST", "/tenants/acme/connect/hubspot", "application/json",
                "{\"privateAppToken\": \"" + SharedSandboxes.HUBSPOT_TOKEN + "\"}");
        assertThat(connected.status()).as(connected.body().toString()).isEqualTo(200);
        for (String record : List.of("hubspot:contact:1246965", "salesforce:Lead:00Q000000000001AAA")) {
            Answer history = callWithQuery("GET", "/tenants/acme/records/history", "record=" + record);
            assertThat(history.status()).as(record + ": " + history.body()).isIn(200, 404);
        }
        assertThat(aws.iam().denials().subList(refusedBefore, aws.iam().denials().size()))
                .as("calls the admin-api's role does not allow").isEmpty();
    }

    Answer callWithQuery(String method, String path, String query) throws Exception {
        JsonNode event = Events.functionUrl(Events.ADMIN_API_IAM).request(method, query.isEmpty() ? path
                : path + "?" + query).receivedAt(Instant.now()).requestId("r-" + System.nanoTime()).json();
        JsonNode response = json.readTree(given().contentType("application/json").body(event.toString())
                .post().then().statusCode(200).extract().asString());
        String text = response.path("body").asText("");
        JsonNode body = text.startsWith("{") || text.startsWith("[") ? json.readTree(text)
                : json.getNodeFactory().textNode(text);
        return new Answer(response.path("statusCode").asInt(), Map.of(), body);
    }

    @Test
    void theOpenApiDocumentIsServed() throws Exception {
        Answer document = call("GET", "/openapi.json", null);

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.body().path("paths").has("/tenants/{id}/mappings/apply")).isTrue();
    }
}
