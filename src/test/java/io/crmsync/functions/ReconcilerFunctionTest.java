package io.crmsync.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.localaws.LocalAws;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.sync.SyncWorker;
import io.crmsync.tenant.Tenant;
import io.crmsync.testing.ChangeQueue;
import io.crmsync.testing.Events;
import io.crmsync.testing.Notices;
import io.crmsync.testing.SyncStack;
import io.crmsync.testing.TenantSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reconciler function end to end: records synced by the worker, then changed in a sandbox with no webhook or
 * change event delivered; one scheduled run queues repair notices for exactly the drifted records and stores its
 * report on the tenant's item.
 */
@QuarkusTest
@TestProfile(ReconcilerFunctionProfile.class)
@SyncStack
class ReconcilerFunctionTest {

    @Inject
    ObjectMapper json;

    /** The worker's use case, driven directly: this app exports the reconciler, not the sync-worker function. */
    @Inject
    SyncWorker worker;

    @Inject
    DynamoTenantDirectory tenants;

    HubSpotSandbox hubSpot;
    SalesforceSandbox salesforce;
    LocalAws aws;
    ChangeQueue changes;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot, SalesforceSandbox salesforce, LocalAws aws, ChangeQueue changes) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.aws = aws;
        this.changes = changes;
    }

    void sync(String tenant, List<String> contacts) throws Exception {
        sync(tenant, "HUBSPOT", "contact", contacts);
    }

    /** Hands the worker one notice naming {@code ids}, as the event source mapping would. */
    void sync(String tenant, String source, String objectType, List<String> ids) throws Exception {
        assertThat(worker.handle(SyncWorkerFunction.queued(Events.sqsBatch(List.of(Events.SqsMessage.of("m-" + ids,
                Notices.updated(tenant, source, objectType, ids))))))).isEmpty();
    }

    List<JsonNode> queuedNotices() throws Exception {
        List<JsonNode> notices = new ArrayList<>();
        for (String body : changes.bodies()) {
            notices.add(json.readTree(body));
        }
        return notices;
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

    /**
     * The change queue drained into the worker as its event source mapping would: batches received with their real
     * receipt handles, handed over, and deleted unless the worker reports them failed. Returns the messages handled.
     */
    int drainQueueIntoWorker() throws Exception {
        return changes.drainInto(batch -> {
            List<String> failed = worker.handle(SyncWorkerFunction.queued(batch));
            assertThat(failed).as("repairs the worker could not sync").isEmpty();
            return failed;
        });
    }

    /** Five of a hundred, always the same five: which notices the "network" loses. */
    static Set<Integer> droppedFivePercent(int records, long seed) {
        Random random = new Random(seed);
        Set<Integer> dropped = new java.util.TreeSet<>();
        while (dropped.size() < records / 20) {
            dropped.add(random.nextInt(records));
        }
        return dropped;
    }

    JsonNode runReconciler() throws Exception {
        JsonNode reports = json.readTree(given().contentType("application/json").body("{\"deep\":false}").post()
                .then().statusCode(200).extract().asString());
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).path("stop").asText()).isEqualTo("FINISHED");
        return reports.get(0);
    }

    static int total(JsonNode report, String field) {
        int sum = 0;
        for (JsonNode pass : report.path("passes")) {
            sum += pass.path(field).asInt();
        }
        return sum;
    }

    List<String> seedSyncedContacts(int count) throws Exception {
        tenants.save(new Tenant("acme", 62515, salesforce.orgId(), Optional.empty()));
        List<String> contacts = IntStream.range(0, count).mapToObj(i -> hubSpot.createContact(Map.of(
                "email", "agree" + i + "@example.com", "lastname", "Agree " + i, "jobtitle", "Engineer"))).toList();
        sync("acme", contacts);
        assertThat(salesforce.count("Lead")).isEqualTo(count);
        assertThat(queuedNotices()).as("the sync itself queues nothing").isEmpty();
        return contacts;
    }

    @Test
    void withFivePercentOfHubSpotWebhooksDroppedOneRunBringsEveryRecordToAgreement() throws Exception {
        List<String> contacts = seedSyncedContacts(100);
        contacts.forEach(id -> hubSpot.updateContact(id, Map.of("jobtitle", "Principal Engineer")));
        Set<Integer> dropped = droppedFivePercent(contacts.size(), 6);
        List<String> delivered = IntStream.range(0, contacts.size()).filter(i -> !dropped.contains(i))
                .mapToObj(contacts::get).toList();
        sync("acme", "HUBSPOT", "contact", delivered);
        List<String> lostIds = dropped.stream().map(contacts::get).toList();
        assertThat(lostIds).allSatisfy(id -> assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", id)
                .orElseThrow().get("Title")).as("before the reconcile run").isEqualTo("Engineer"));

        JsonNode first = runReconciler();
        assertThat(total(first, "drift")).isEqualTo(5);
        assertThat(drainQueueIntoWorker()).isPositive();

        assertThat(contacts).allSatisfy(id -> assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", id)
                .orElseThrow().get("Title")).isEqualTo("Principal Engineer"));
        JsonNode second = runReconciler();
        assertThat(total(second, "recordsChecked")).as("the second run looked at every record")
                .isGreaterThanOrEqualTo(200);
        assertThat(total(second, "drift") + total(second, "neverPaired")).as("agreement").isZero();
        assertThat(queuedNotices()).isEmpty();
    }

    /** One scheduled run's reports, by tenant. */
    Map<String, JsonNode> runForEveryTenant() throws Exception {
        Map<String, JsonNode> byTenant = new java.util.TreeMap<>();
        json.readTree(given().contentType("application/json").body("{\"deep\":false}").post().then().statusCode(200)
                .extract().asString()).forEach(r -> byTenant.put(r.path("tenantId").asText(), r));
        return byTenant;
    }

    static int checked(JsonNode report, String objectType) {
        int sum = 0;
        for (JsonNode pass : report.path("passes")) {
            if (pass.path("side").asText().equals("SALESFORCE") && pass.path("objectType").asText().equals(objectType)) {
                sum += pass.path("recordsChecked").asInt();
            }
        }
        return sum;
    }

    /**
     * Three tenants (HubSpot portals) on the sandbox's one org, one of them naming it by its 15-character id: a run
     * queries the org as often as a run of one tenant does, and each tenant checks every changed Lead.
     */
    @Test
    void threeTenantsOnOneOrgQueryItAsOftenAsOneTenant(TenantSetup setup) throws Exception {
        tenants.save(new Tenant("acme", 62515, salesforce.orgId(), Optional.empty()));
        setup.register("beta", 62516, salesforce.orgId()).connect("beta");
        setup.register("gamma", 62517, salesforce.orgId().substring(0, 15)).connect("gamma");
        List<String> leads = IntStream.range(0, 30).mapToObj(i -> salesforce.insert("Lead", Map.of("LastName",
                "Shared " + i, "Company", "Org Inc", "Email", "shared" + i + "@example.com"))).toList();
        Map<String, JsonNode> imports = runForEveryTenant();
        assertThat(imports.keySet()).containsExactly("acme", "beta", "gamma");
        assertThat(imports.values()).allSatisfy(r -> assertThat(checked(r, "Lead")).isEqualTo(30));

        leads.subList(0, 10).forEach(id -> salesforce.update("Lead", id, Map.of("Title", "Changed")));
        salesforce.resetCounters();
        Map<String, JsonNode> three = runForEveryTenant();
        long threeTenantQueries = salesforce.calls("GET /services/data/v62.0/query");

        // The same run with acme alone on the org.
        for (String gone : List.of("beta", "gamma")) {
            aws.dynamo().deleteItem(b -> b.tableName(aws.tableName("TenantsTable"))
                    .key(Map.of("tenantId", AttributeValue.fromS(gone))));
        }
        leads.subList(10, 20).forEach(id -> salesforce.update("Lead", id, Map.of("Title", "Changed")));
        salesforce.resetCounters();
        Map<String, JsonNode> one = runForEveryTenant();
        long oneTenantQueries = salesforce.calls("GET /services/data/v62.0/query");

        assertThat(one.keySet()).containsExactly("acme");
        // One changes query each for Lead, Contact and Account (before the shared read: 9 for three tenants).
        assertThat(oneTenantQueries).isEqualTo(3);
        assertThat(threeTenantQueries).isEqualTo(oneTenantQueries);
        // Each re-read its lookback (10 minutes: every Lead here) on its own cursor, as alone.
        assertThat(three.values()).allSatisfy(r -> {
            assertThat(r.path("stop").asText()).isEqualTo("FINISHED");
            assertThat(checked(r, "Lead")).isEqualTo(checked(one.get("acme"), "Lead")).isEqualTo(30);
        });
    }

    @Test
    void withFivePercentOfSalesforceChangesLostOneRunBringsEveryRecordToAgreement() throws Exception {
        List<String> contacts = seedSyncedContacts(100);
        List<String> leads = contacts.stream().map(id -> (String) salesforce.leadByExternalId("HubSpot_Contact_Id__c",
                id).orElseThrow().get("Id")).toList();
        leads.forEach(id -> salesforce.update("Lead", id, Map.of("Title", "Head of Research")));
        Set<Integer> dropped = droppedFivePercent(leads.size(), 9);
        sync("acme", "SALESFORCE", "Lead", IntStream.range(0, leads.size()).filter(i -> !dropped.contains(i))
                .mapToObj(leads::get).toList());
        assertThat(dropped).allSatisfy(i -> assertThat(hubSpot.contact(contacts.get(i)).orElseThrow()
                .get("jobtitle")).as("before the reconcile run").isEqualTo("Engineer"));

        salesforce.resetCounters();
        JsonNode first = runReconciler();
        assertThat(total(first, "drift")).isEqualTo(5);
        // The first run is the import: 100 Leads (above the threshold of 50) read through one Bulk query job, in
        // pages of 30; the 0 Contacts by query.
        assertThat(first.path("passes")).anySatisfy(p -> {
            assertThat(p.path("objectType").asText()).isEqualTo("Lead");
            assertThat(p.path("importProgress").path("readFrom").asText()).isEqualTo("snapshot");
            assertThat(p.path("importProgress").path("done").asLong()).isEqualTo(100);
            assertThat(p.path("importProgress").path("total").asLong()).isEqualTo(100);
            assertThat(p.path("importProgress").path("finishedAt").isTextual()).isTrue();
        });
        assertThat(first.path("passes")).anySatisfy(p -> {
            assertThat(p.path("objectType").asText()).isEqualTo("Contact");
            assertThat(p.path("importProgress").path("readFrom").asText()).isEqualTo("pages");
        });
        assertThat(salesforce.calls("POST /services/data/v62.0/jobs/query")).isEqualTo(1);
        assertThat(salesforce.calls("GET /services/data/v62.0/jobs/query/{jobId}/results")).isEqualTo(4);
        assertThat(drainQueueIntoWorker()).isPositive();

        assertThat(contacts).allSatisfy(id -> assertThat(hubSpot.contact(id).orElseThrow().get("jobtitle"))
                .isEqualTo("Head of Research"));
        JsonNode second = runReconciler();
        assertThat(total(second, "recordsChecked")).isGreaterThanOrEqualTo(200);
        assertThat(total(second, "drift") + total(second, "neverPaired")).as("agreement").isZero();
        assertThat(queuedNotices()).isEmpty();
    }
}
