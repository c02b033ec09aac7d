package io.crmsync.sandbox.salesforce;

import io.crmsync.sandbox.http.MutableClock;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class CollectionsAndQueryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private SalesforceSandbox sandbox;
    private SalesforceTestClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = new SalesforceSandbox(SalesforceTestClient.config(100_000), StandardObjects.ALL, clock).start();
        client = new SalesforceTestClient(sandbox).login();
        sandbox.resetCounters();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createsMixedTypesInOrderAsOneCall() throws Exception {
        JsonNode results = client.ok(client.send("POST", V + "/composite/sobjects", client.toJson(Map.of("records",
                List.of(lead("A", "hs-1"), Map.of("attributes", Map.of("type", "Account"), "Name", "Acme"),
                        Map.of("attributes", Map.of("type", "Lead"), "LastName", "NoCompany"), lead("B", "hs-2"))))),
                200);
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("id").asText()).startsWith("00Q");
        assertThat(results.get(1).get("id").asText()).startsWith("001");
        assertThat(results.get(2).get("success").asBoolean()).isFalse();
        assertThat(results.get(2).has("id")).isFalse();
        assertThat(results.get(2).get("errors").get(0).get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(results.get(2).get("errors").get(0).get("fields")).extracting(JsonNode::asText)
                .containsExactly("Company");
        assertThat(results.get(3).get("success").asBoolean()).isTrue();
        assertThat(sandbox.count("Lead")).isEqualTo(2);
        assertThat(sandbox.apiUsage()).isEqualTo(1);
        assertThat(sandbox.calls("POST " + V + "/composite/sobjects")).isEqualTo(1);
    }

    @Test
    void allOrNoneRollsEverythingBack() throws Exception {
        sandbox.insert("Lead", Map.of("LastName", "Existing", "Company", "C", "HubSpot_Contact_Id__c", "hs-dup"));
        JsonNode results = client.ok(client.send("POST", V + "/composite/sobjects", client.toJson(Map.of(
                "allOrNone", true, "records", List.of(lead("A", "hs-1"), lead("B", "hs-dup"), lead("C", "hs-3"))))),
                200);
        assertThat(results.get(0).get("success").asBoolean()).isFalse();
        assertThat(results.get(0).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(results.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("DUPLICATE_VALUE");
        assertThat(results.get(2).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(sandbox.count("Lead")).isEqualTo(1);
    }

    @Test
    void updatesUpsertsAndDeletesCollections() throws Exception {
        String a = sandbox.insert("Lead", Map.of("LastName", "A", "Company", "C", "HubSpot_Contact_Id__c", "hs-a"));
        JsonNode upserted = client.ok(client.send("PATCH", V + "/composite/sobjects/Lead/HubSpot_Contact_Id__c",
                client.toJson(Map.of("records", List.of(
                        Map.of("attributes", Map.of("type", "Lead"), "HubSpot_Contact_Id__c", "hs-a", "Title", "CEO"),
                        lead("New", "hs-new"))))), 200);
        assertThat(upserted.get(0).get("id").asText()).isEqualTo(a);
        assertThat(upserted.get(0).get("created").asBoolean()).isFalse();
        assertThat(upserted.get(1).get("created").asBoolean()).isTrue();
        assertThat(sandbox.record(a).orElseThrow()).containsEntry("Title", "CEO");

        JsonNode updated = client.ok(client.send("PATCH", V + "/composite/sobjects", client.toJson(Map.of("records",
                List.of(Map.of("attributes", Map.of("type", "Lead"), "id", a, "Rating", "Hot"),
                        Map.of("attributes", Map.of("type", "Lead"), "id", a, "Rating", "Lukewarm"))))), 200);
        assertThat(updated.get(0).get("success").asBoolean()).isTrue();
        assertThat(updated.get(1).get("id").asText()).isEqualTo(a);
        assertThat(updated.get(1).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");

        String newId = upserted.get(1).get("id").asText();
        JsonNode deleted = client.ok(client.send("DELETE", V + "/composite/sobjects?ids=" + a + "," + newId, null), 200);
        assertThat(deleted).allSatisfy(r -> assertThat(r.get("success").asBoolean()).isTrue());
        assertThat(sandbox.count("Lead")).isZero();
        assertThat(sandbox.apiUsage()).isEqualTo(3);
    }

    @Test
    void refusesMoreThan200Records() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            records.add(lead("L" + i, "hs-" + i));
        }
        JsonNode error = client.error(client.send("POST", V + "/composite/sobjects",
                client.toJson(Map.of("records", records))), 400);
        assertThat(error.get("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
        assertThat(sandbox.count("Lead")).isZero();
    }

    @Test
    void pagesLargeResultsThroughNextRecordsUrl() throws Exception {
        for (int i = 0; i < 2_450; i++) {
            sandbox.insert("Lead", Map.of("LastName", "L" + i, "Company", "C"));
        }
        JsonNode first = client.ok(client.query("SELECT Id FROM Lead"), 200);
        assertThat(first.get("totalSize").asInt()).isEqualTo(2_450);
        assertThat(first.get("done").asBoolean()).isFalse();
        assertThat(first.get("records")).hasSize(2_000);
        String next = first.get("nextRecordsUrl").asText();
        assertThat(next).matches(V + "/query/01g[0-9A-Za-z]{15}-2000");
        JsonNode second = client.ok(client.send("GET", next, null), 200);
        assertThat(second.get("done").asBoolean()).isTrue();
        assertThat(second.get("records")).hasSize(450);
        assertThat(second.has("nextRecordsUrl")).isFalse();
        Set<String> ids = new HashSet<>();
        first.get("records").forEach(r -> ids.add(r.get("Id").asText()));
        second.get("records").forEach(r -> ids.add(r.get("Id").asText()));
        assertThat(ids).hasSize(2_450);

        JsonNode small = client.ok(client.query("SELECT Id FROM Lead", "Sforce-Query-Options", "batchSize=500"), 200);
        assertThat(small.get("records")).hasSize(500);
        assertThat(small.get("nextRecordsUrl").asText()).endsWith("-500");
        assertThat(sandbox.calls("GET " + V + "/query/{locator}")).isEqualTo(1);
        assertThat(client.error(client.send("GET", V + "/query/01g000000000000000-2000", null), 400)
                .get("errorCode").asText()).isEqualTo("INVALID_QUERY_LOCATOR");
        assertThat(client.error(client.query("SELECT Id FROM Lead LIMIT 10 OFFSET 2001"), 400).get("errorCode")
                .asText()).isEqualTo("NUMBER_OUTSIDE_VALID_RANGE");
    }

    @Test
    void queriesRelationshipsCountsAndDateLiterals() throws Exception {
        String acme = sandbox.insert("Account", Map.of("Name", "Acme"));
        String jane = sandbox.insert("Contact", Map.of("LastName", "Doe", "FirstName", "Jane", "AccountId", acme));
        sandbox.insert("Contact", Map.of("LastName", "Orphan"));
        sandbox.insert("Task", Map.of("Subject", "Call Jane", "WhoId", jane, "WhatId", acme,
                "ActivityDate", "2026-03-01"));

        JsonNode contacts = client.ok(client.query(
                "SELECT Name, Account.Name, Owner.Email FROM Contact ORDER BY LastName ASC, FirstName DESC"), 200);
        JsonNode doe = contacts.get("records").get(0);
        assertThat(doe.get("Account").get("Name").asText()).isEqualTo("Acme");
        assertThat(doe.get("Account").get("attributes").get("type").asText()).isEqualTo("Account");
        assertThat(doe.get("Owner").get("Email").asText()).isEqualTo("integration@crmsync.example");
        assertThat(contacts.get("records").get(1).get("Account").isNull()).isTrue();

        JsonNode task = client.ok(client.query("SELECT Subject, Who.Name, What.Name FROM Task"), 200)
                .get("records").get(0);
        assertThat(task.get("Who").get("Name").asText()).isEqualTo("Jane Doe");
        assertThat(task.get("Who").get("attributes").get("type").asText()).isEqualTo("Name");
        assertThat(task.get("What").get("Name").asText()).isEqualTo("Acme");
        assertThat(client.ok(client.query("SELECT Id FROM Contact WHERE Account.Name = 'Acme'"), 200)
                .get("totalSize").asInt()).isEqualTo(1);

        JsonNode count = client.ok(client.query("SELECT COUNT() FROM Contact"), 200);
        assertThat(count.get("totalSize").asInt()).isEqualTo(2);
        assertThat(count.get("records")).isEmpty();

        assertThat(client.ok(client.query("SELECT Id FROM Task WHERE ActivityDate = YESTERDAY"), 200)
                .get("totalSize").asInt()).isEqualTo(1);
        assertThat(client.ok(client.query("SELECT Id FROM Task WHERE ActivityDate = TODAY"), 200)
                .get("totalSize").asInt()).isZero();
        clock.advance(Duration.ofDays(3));
        sandbox.insert("Account", Map.of("Name", "Later"));
        assertThat(names("SELECT Name FROM Account WHERE CreatedDate = TODAY")).containsExactly("Later");
        assertThat(names("SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:3 ORDER BY Name"))
                .containsExactly("Acme", "Later");
        assertThat(names("SELECT Name FROM Account WHERE CreatedDate < LAST_N_DAYS:2")).containsExactly("Acme");
        assertThat(names("SELECT Name FROM Account WHERE SystemModstamp > 2026-03-03T00:00:00Z"))
                .containsExactly("Later");
        assertThat(client.error(client.query("SELECT Id FROM Account WHERE CreatedDate = 2026-03-02"), 400)
                .get("errorCode").asText()).isEqualTo("INVALID_QUERY_FILTER_OPERATOR");
        assertThat(client.error(client.query("SELECT Boss.Name FROM Contact"), 400).get("errorCode").asText())
                .isEqualTo("INVALID_FIELD");
    }

    private List<String> names(String soql) throws Exception {
        List<String> names = new ArrayList<>();
        client.ok(client.query(soql), 200).get("records").forEach(r -> names.add(r.get("Name").asText()));
        return names;
    }

    private static Map<String, Object> lead(String lastName, String hubSpotId) {
        return Map.of("attributes", Map.of("type", "Lead"), "LastName", lastName, "Company", "C",
                "HubSpot_Contact_Id__c", hubSpotId);
    }
}
