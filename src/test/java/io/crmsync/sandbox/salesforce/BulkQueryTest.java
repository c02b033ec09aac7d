package io.crmsync.sandbox.salesforce;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.MutableClock;

class BulkQueryTest {

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
    void jobIsCreatedThenCompletesOnItsFirstPoll() throws Exception {
        sandbox.insert("Lead", Map.of("LastName", "A", "Company", "C"));
        JsonNode created = create("SELECT Id, LastName FROM Lead");
        assertThat(created.get("id").asText()).startsWith("750");
        assertThat(created.get("state").asText()).isEqualTo("UploadComplete");
        assertThat(created.get("object").asText()).isEqualTo("Lead");
        assertThat(created.get("contentType").asText()).isEqualTo("CSV");

        HttpResponse<String> early = results(created.get("id").asText(), "");
        assertThat(client.error(early, 400).get("errorCode").asText()).isEqualTo("INVALIDJOB");

        JsonNode status = client.ok(client.send("GET", V + "/jobs/query/" + created.get("id").asText(), null), 200);
        assertThat(status.get("state").asText()).isEqualTo("JobComplete");
        assertThat(status.get("numberRecordsProcessed").asInt()).isEqualTo(1);
        // Every Bulk API 2.0 call is an ordinary metered REST call.
        assertThat(sandbox.apiUsage()).isEqualTo(3);
        assertThat(sandbox.calls("POST " + V + "/jobs/query")).isEqualTo(1);
    }

    @Test
    void pagesCsvResultsByMaxRecordsWithLocators() throws Exception {
        for (int i = 0; i < 5; i++) {
            sandbox.insert("Lead", Map.of("LastName", "L" + i, "Company", "C"));
        }
        String id = completedJob("SELECT LastName, Company FROM Lead ORDER BY LastName");

        HttpResponse<String> first = results(id, "?maxRecords=2");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "text/csv"));
        assertThat(first.headers().firstValue("Sforce-NumberOfRecords")).hasValue("2");
        assertThat(first.body()).isEqualTo("LastName,Company\nL0,C\nL1,C\n");
        String locator = first.headers().firstValue("Sforce-Locator").orElseThrow();
        assertThat(locator).isNotEqualTo("null");

        HttpResponse<String> second = results(id, "?maxRecords=2&locator=" + locator);
        assertThat(second.body()).isEqualTo("LastName,Company\nL2,C\nL3,C\n");
        HttpResponse<String> last = results(id, "?maxRecords=2&locator="
                + second.headers().firstValue("Sforce-Locator").orElseThrow());
        assertThat(last.body()).isEqualTo("LastName,Company\nL4,C\n");
        assertThat(last.headers().firstValue("Sforce-Locator")).hasValue("null");
        assertThat(last.headers().firstValue("Sforce-NumberOfRecords")).hasValue("1");
    }

    @Test
    void quotesAsRfc4180AndWritesNullsAndParentFieldsDotted() throws Exception {
        String account = sandbox.insert("Account", Map.of("Name", "Acme, Inc."));
        sandbox.insert("Contact", Map.of("LastName", "O\"Brien", "Title", "line1\nline2", "AccountId", account));
        sandbox.insert("Contact", Map.of("LastName", "Solo"));
        String id = completedJob("SELECT LastName, Title, Account.Name FROM Contact ORDER BY LastName");

        assertThat(results(id, "").body()).isEqualTo("LastName,Title,Account.Name\n"
                + "\"O\"\"Brien\",\"line1\nline2\",\"Acme, Inc.\"\n"
                + "Solo,,\n");
    }

    @Test
    void emptyResultStillHasTheHeaderRow() throws Exception {
        String id = completedJob("SELECT Id, LastName FROM Lead");
        HttpResponse<String> page = results(id, "");
        assertThat(page.body()).isEqualTo("Id,LastName\n");
        assertThat(page.headers().firstValue("Sforce-Locator")).hasValue("null");
        assertThat(page.headers().firstValue("Sforce-NumberOfRecords")).hasValue("0");
    }

    @Test
    void aHeldJobIsInProgressUntilItsPollsRunOut() throws Exception {
        sandbox.holdNextBulkQueryJob(2);
        String id = create("SELECT Id FROM Lead").get("id").asText();
        assertThat(poll(id)).isEqualTo("InProgress");
        assertThat(poll(id)).isEqualTo("InProgress");
        assertThat(poll(id)).isEqualTo("JobComplete");
        assertThat(poll(create("SELECT Id FROM Lead").get("id").asText())).isEqualTo("JobComplete");
    }

    private String poll(String id) throws Exception {
        return client.ok(client.send("GET", V + "/jobs/query/" + id, null), 200).get("state").asText();
    }

    @Test
    void failedJobReportsItsErrorMessage() throws Exception {
        sandbox.failNextBulkQueryJob("Query timed out");
        String id = create("SELECT Id FROM Lead").get("id").asText();
        JsonNode status = client.ok(client.send("GET", V + "/jobs/query/" + id, null), 200);
        assertThat(status.get("state").asText()).isEqualTo("Failed");
        assertThat(status.get("errorMessage").asText()).isEqualTo("Query timed out");
        assertThat(client.error(results(id, ""), 400).get("errorCode").asText()).isEqualTo("INVALIDJOB");
    }

    @Test
    void refusesBadQueriesAndUnknownJobs() throws Exception {
        HttpResponse<String> bad = client.send("POST", V + "/jobs/query", client.toJson(Map.of("operation", "query",
                "query", "SELECT Nope FROM Lead")));
        assertThat(client.error(bad, 400).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(client.error(client.send("GET", V + "/jobs/query/750000000000000AAA", null), 404)
                .get("errorCode").asText()).isEqualTo("NOT_FOUND");
    }

    private JsonNode create(String soql) throws Exception {
        return client.ok(client.send("POST", V + "/jobs/query", client.toJson(Map.of("operation", "query",
                "query", soql))), 200);
    }

    private String completedJob(String soql) throws Exception {
        String id = create(soql).get("id").asText();
        client.ok(client.send("GET", V + "/jobs/query/" + id, null), 200);
        return id;
    }

    private HttpResponse<String> results(String id, String query) throws Exception {
        return client.send("GET", V + "/jobs/query/" + id + "/results" + query, null);
    }
}
