package io.crmsync.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.admin.PrivacyRoutes;
import io.crmsync.crm.Side;
import io.crmsync.ingest.HubSpotSignatureV3;
import io.crmsync.ingest.HubSpotWebhookIntake;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.ResourceDefinition;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.testing.ChangeQueue;
import io.crmsync.testing.Events;
import io.crmsync.testing.FunctionUnderTest;
import io.crmsync.testing.Notices;
import io.crmsync.testing.SyncStack;
import io.crmsync.testing.TenantSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The erase is complete: a few dozen people synced end to end through the sync-worker function, its real
 * adapters, dynalite, ElasticMQ and both CRM sandboxes (audit rows, links, sync errors quoting a value, association
 * waits), then one person erased — by HubSpot's privacy deletion through the real webhook intake and the queue,
 * and by the admin API's erase by email — and every table of infra/aws-resources.json scanned, with the queues,
 * for the person's ids and values: none left, every other person's rows intact, and notices queued before the
 * erase do not bring the person back.
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack
class PrivacyEraseTest {

    static final int PEOPLE = 36;
    /** People 0..REFUSED-1 get a last name Salesforce refuses (its error message quotes the value). */
    static final int REFUSED = 6;
    static final String APP_SECRET = "privacy-test-secret";
    static final long APP_ID = 4242;

    @Inject
    PrivacyRoutes privacy;
    @Inject
    NoticeQueue notices;
    @Inject
    ObjectMapper json;

    HubSpotSandbox hubSpot;
    SalesforceSandbox salesforce;
    TenantSetup tenants;
    FunctionUnderTest function;
    LocalAws aws;
    ChangeQueue queue;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot, SalesforceSandbox salesforce, TenantSetup tenants, FunctionUnderTest function,
            LocalAws aws, ChangeQueue queue) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.tenants = tenants;
        this.function = function;
        this.aws = aws;
        this.queue = queue;
    }

    /** One person as both CRMs hold them: ids and the values crmsync saw. */
    record Person(String hubSpotId, String salesforceId, String email, String firstName, String lastName,
            String refusedLastName) {

        List<String> ids() {
            return List.of(hubSpotId, salesforceId);
        }

        List<String> values() {
            List<String> values = new ArrayList<>(List.of(email, firstName, lastName));
            if (refusedLastName != null) {
                values.add(refusedLastName);
            }
            return values;
        }
    }

    static TenantSettings contactsBecomeContacts() {
        return new TenantSettings(TenantSettings.SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
                TenantSettings.HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT, true, Side.SALESFORCE);
    }

    /**
     * PEOPLE contacts, each associated with a company that never syncs (so each waits for its account), synced in
     * batches as webhooks would queue them; then the first REFUSED get a last name too long for Salesforce, and
     * sync again (refused: a sync error whose message quotes the name).
     */
    List<Person> syncPeople(String tenant) {
        tenants.register(tenant, contactsBecomeContacts());
        String company = hubSpot.createRecord("company", Map.of("name", "Waitco Holdings"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String id = hubSpot.createContact(Map.of("email", "person" + i + ".qz@erase.example",
                    "firstname", "Fnqz" + i + "x", "lastname", "Lnqz" + i + "x"));
            hubSpot.associate("contact", id, "company", company);
            ids.add(id);
        }
        syncAll(tenant, ids);
        Map<String, String> refused = new LinkedHashMap<>();
        for (int i = 0; i < REFUSED; i++) {
            String longName = "Lnqz" + i + "x" + "Refusedname".repeat(9);
            hubSpot.updateContact(ids.get(i), Map.of("lastname", longName));
            refused.put(ids.get(i), longName);
        }
        syncAll(tenant, ids.subList(0, REFUSED));
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String id = ids.get(i);
            String salesforceId = (String) salesforce.records("Contact").stream()
                    .filter(c -> id.equals(c.get("HubSpot_Contact_Id__c"))).findFirst().orElseThrow().get("Id");
            people.add(new Person(id, salesforceId, "person" + i + ".qz@erase.example", "Fnqz" + i + "x",
                    "Lnqz" + i + "x", refused.get(id)));
        }
        return people;
    }

    void syncAll(String tenant, List<String> ids) {
        List<Events.SqsMessage> messages = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 10) {
            messages.add(Events.SqsMessage.of("sync-" + from, Notices.updated(tenant, "HUBSPOT", "contact",
                    ids.subList(from, Math.min(ids.size(), from + 10)))));
        }
        assertThat(function.failedMessageIds(Events.sqs(messages))).isEmpty();
    }

    /** Every item of every table in infra/aws-resources.json, as text, by table. */
    Map<String, List<String>> everyItem() {
        Map<String, List<String>> items = new LinkedHashMap<>();
        for (ResourceDefinition.Table table : ResourceDefinition.load().tables()) {
            List<String> texts = new ArrayList<>();
            aws.dynamo().scanPaginator(b -> b.tableName(aws.tableName(table.logicalId()))).items()
                    .forEach(item -> texts.add(text(item)));
            items.put(table.name(), texts);
        }
        return items;
    }

    /** An item's names and values, nested maps and sets included. */
    static String text(Map<String, AttributeValue> item) {
        StringBuilder text = new StringBuilder();
        item.forEach((name, value) -> text.append(name).append('=').append(text(value)).append('\n'));
        return text.toString();
    }

    static String text(AttributeValue value) {
        if (value.hasM()) {
            return text(value.m());
        }
        if (value.hasSs()) {
            return String.join(",", value.ss());
        }
        if (value.hasL()) {
            return String.join(",", value.l().stream().map(PrivacyEraseTest::text).toList());
        }
        return value.s() != null ? value.s() : value.n() != null ? value.n() : String.valueOf(value.bool());
    }

    /** Where the person still is: "table: what" for each id (a whole token) or value (anywhere) found. */
    static List<String> hits(Map<String, List<String>> items, Person person) {
        List<String> hits = new ArrayList<>();
        items.forEach((table, texts) -> texts.forEach(text -> {
            Set<String> tokens = new TreeSet<>(List.of(text.split("[^A-Za-z0-9]+")));
            person.ids().stream().filter(tokens::contains).forEach(id -> hits.add(table + ": id " + id));
            String lower = text.toLowerCase(Locale.ROOT);
            person.values().stream().filter(v -> lower.contains(v.toLowerCase(Locale.ROOT)))
                    .forEach(v -> hits.add(table + ": value " + v));
        }));
        return hits;
    }

    /** The bodies of every message left in every queue of infra/aws-resources.json. */
    List<String> queuedBodies() {
        List<String> bodies = new ArrayList<>(queue.bodies());
        for (ResourceDefinition.Queue definition : ResourceDefinition.load().queues()) {
            String url = aws.queueUrl(definition.logicalId());
            for (List<Message> messages = receive(url); !messages.isEmpty(); messages = receive(url)) {
                messages.forEach(m -> {
                    bodies.add(m.body());
                    aws.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                });
            }
        }
        return bodies;
    }

    List<Message> receive(String queueUrl) {
        return aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages();
    }

    /** Notices that name the person, queued before the erase as webhooks and CDC would have. */
    void queueNoticesNaming(String tenant, Person person) {
        Instant now = Instant.now();
        notices.enqueue(List.of(
                new ChangeNotice(1, tenant, ChangeNotice.SourceSystem.HUBSPOT, "contact", List.of(person.hubSpotId()),
                        ChangeNotice.ChangeKind.UPDATED, now, List.of(), null, Map.of()),
                new ChangeNotice(1, tenant, ChangeNotice.SourceSystem.SALESFORCE, "Contact",
                        List.of(person.salesforceId()), ChangeNotice.ChangeKind.UPDATED, now, List.of(), null,
                        Map.of())));
    }

    int drain() {
        return queue.drainInto(function::failedMessageIds);
    }

    void assertErasedAndOthersIntact(Person erased, List<Person> people) {
        Map<String, List<String>> items = everyItem();
        assertThat(hits(items, erased)).as("the erased person's ids and values left in crmsync's tables").isEmpty();
        for (Person other : people) {
            if (other != erased) {
                assertThat(hits(items, other)).as("person %s's rows", other.hubSpotId())
                        .anyMatch(h -> h.startsWith("links: id " + other.hubSpotId()))
                        .anyMatch(h -> h.startsWith("audit: value " + other.email()))
                        .anyMatch(h -> h.startsWith("sync-errors: id " + other.hubSpotId()));
            }
        }
        assertThat(queuedBodies()).noneMatch(body -> erased.ids().stream().anyMatch(body::contains));
    }

    @Test
    void aPrivacyDeletionErasesThePersonFromEveryTableAndNoQueuedNoticeBringsThemBack() throws Exception {
        List<Person> people = syncPeople("gdpr");
        Person person = people.get(2);
        Map<String, List<String>> before = everyItem();
        // The scan sees the person where crmsync keeps them today: it can fail.
        assertThat(hits(before, person)).anyMatch(h -> h.startsWith("audit: value " + person.email()))
                .anyMatch(h -> h.startsWith("links: id " + person.salesforceId()))
                .anyMatch(h -> h.startsWith("sync-errors: value " + person.refusedLastName()))
                .anyMatch(h -> h.equals("sync-errors: id " + person.hubSpotId()));

        // Before HubSpot's GDPR delete arrives, notices naming the person wait in the queue, and the Salesforce
        // twin changes (a change that would create the HubSpot contact again).
        queueNoticesNaming("gdpr", person);
        salesforce.update("Contact", person.salesforceId(), Map.of("Title", "Changed after the request"));
        hubSpot.archiveRecord("contact", person.hubSpotId());
        // The intake as the hubspot-webhook function runs it, onto the real change queue; its tenant directory reads
        // the table with the test's own credentials (this application runs as the worker's role).
        HubSpotWebhookIntake intake = new HubSpotWebhookIntake(APP_SECRET, APP_ID, Optional.empty(),
                new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable")), notices,
                new io.crmsync.ingest.RememberingSeenDeliveries(), json, Clock.systemUTC());
        HttpResponseEvent answer = intake.handle(signedWebhook("[{\"eventId\":9001,\"subscriptionId\":1,"
                + "\"portalId\":" + TenantSetup.PORTAL_ID + ",\"appId\":" + APP_ID + ",\"occurredAt\":"
                + System.currentTimeMillis() + ",\"subscriptionType\":\"contact.privacyDeletion\",\"attemptNumber\":0,"
                + "\"objectId\":" + person.hubSpotId() + ",\"changeSource\":\"GDPR\"}]"));
        assertThat(answer.statusCode()).isEqualTo(200);

        long started = System.nanoTime();
        assertThat(drain()).isEqualTo(3);
        System.out.printf("privacy deletion: queue of 3 notices drained (erase included) in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        // A Salesforce change queued again after the erase is dropped too.
        queueNoticesNaming("gdpr", person);
        assertThat(drain()).isEqualTo(2);

        assertThat(hubSpot.records("contact")).noneMatch(c -> person.email().equals(c.get("email")));
        assertThat(hubSpot.contactCount()).isEqualTo(PEOPLE - 1);
        // The tenant's delete policy is kept: HubSpot deletions never reach Salesforce.
        assertThat(salesforce.record(person.salesforceId())).isPresent();
        assertErasedAndOthersIntact(person, people);
    }

    @Test
    void theAdminEraseByEmailFindsThePersonInBothCrmsAndErasesThemEverywhere() throws Exception {
        List<Person> people = syncPeople("dsar");
        Person person = people.get(3);
        assertThat(hits(everyItem(), person)).isNotEmpty();
        queueNoticesNaming("dsar", person);
        salesforce.update("Contact", person.salesforceId(), Map.of("Title", "Changed after the request"));

        long started = System.nanoTime();
        HttpResponseEvent answer = privacy.handle(Events.functionUrl(Events.ADMIN_API_IAM)
                .request("POST", "/tenants/dsar/erase").body("{\"email\":\"" + person.email() + "\"}").event())
                .orElseThrow();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain(person.email());
        JsonNode body = json.readTree(answer.body());
        System.out.printf("admin erase by email: %d ms, answer %s%n", millis, body);
        assertThat(body.get("records")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "hubspot|contact|" + person.hubSpotId(), "salesforce|Contact|" + person.salesforceId());
        assertThat(body.get("erased").get("audit").asInt()).isPositive();
        assertThat(body.get("erased").get("links").asInt()).isEqualTo(1);
        assertThat(body.get("erased").get("sync-errors").asInt()).isEqualTo(1);
        assertThat(body.get("erased").get("sync-errors (waits)").asInt()).isEqualTo(1);

        assertThat(drain()).isEqualTo(2);
        // crmsync erases what it keeps; the CRM records are the tenant's to delete.
        assertThat(hubSpot.contact(person.hubSpotId())).isPresent();
        assertThat(salesforce.record(person.salesforceId())).isPresent();
        assertErasedAndOthersIntact(person, people);
    }

    HttpRequestEvent signedWebhook(String body) {
        String timestamp = Long.toString(System.currentTimeMillis());
        String host = "webhook.privacy.example";
        String signature = HubSpotSignatureV3.signatureFor(APP_SECRET, "POST", "https://" + host + "/",
                body.getBytes(StandardCharsets.UTF_8), timestamp);
        return new HttpRequestEvent("2.0", "/", "", Map.of("content-type", "application/json",
                "x-hubspot-request-timestamp", timestamp, "x-hubspot-signature-v3", signature), body, false,
                new HttpRequestEvent.RequestContext(host, "req-privacy",
                        new HttpRequestEvent.Http("POST", "/", "127.0.0.1", "HubSpot"), System.currentTimeMillis()));
    }
}
