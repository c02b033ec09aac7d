package io.crmsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.functions.SharedSandboxes;
import io.crmsync.functions.WorkerFunctionProfile;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.sync.CrmUnavailableException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Bulk API 2.0 query jobs against the Salesforce sandbox, whose jobs complete on their first status poll. */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
class SalesforceBulkQueryTest {

    static final String CREATE = "POST /services/data/v62.0/jobs/query";
    static final String STATUS = "GET /services/data/v62.0/jobs/query/{jobId}";
    static final String RESULTS = "GET /services/data/v62.0/jobs/query/{jobId}/results";

    @Inject
    SalesforceSession session;

    final SalesforceSandbox salesforce = SharedSandboxes.salesforce();
    final List<Duration> sleeps = new ArrayList<>();
    SalesforceBulkQuery bulk;

    @BeforeEach
    void clean() {
        salesforce.reset();
        salesforce.faults().configure(FaultInjector.Settings.none());
        bulk = new SalesforceBulkQuery(session, sleeps::add);
    }

    @Test
    void readsFiveThousandLeadsInPagesWithOneJob() {
        // The sandbox completes a job on its first poll: no wait needed.
        Set<String> inserted = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            inserted.add(salesforce.insert("Lead", Map.of("LastName", "L" + i, "Company", "C" + (i % 7))));
        }
        salesforce.resetCounters();

        List<Integer> pageSizes = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        bulk.query("SELECT Id, LastName, Company FROM Lead", 2_000, page -> {
            pageSizes.add(page.size());
            rows.addAll(page);
        });

        assertThat(pageSizes).containsExactly(2_000, 2_000, 1_000);
        assertThat(rows).extracting(r -> r.get("Id")).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                inserted);
        assertThat(rows.get(0)).containsOnlyKeys("Id", "LastName", "Company");
        assertThat(salesforce.calls(CREATE)).isEqualTo(1);
        assertThat(salesforce.calls(STATUS)).isGreaterThanOrEqualTo(1);
        assertThat(salesforce.calls(RESULTS)).isEqualTo(3);
        assertThat(salesforce.apiUsage()).isEqualTo(1 + salesforce.calls(STATUS) + 3);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void valuesWithCommasQuotesAndNewlinesRoundTrip() {
        String account = salesforce.insert("Account", Map.of("Name", "Acme, \"the\" Inc."));
        salesforce.insert("Contact", Map.of("LastName", "O'Brien, \"Bob\"", "Title", "line1\nline2\r\nline3",
                "AccountId", account));
        salesforce.insert("Contact", Map.of("LastName", "Solo"));

        List<Map<String, String>> rows = new ArrayList<>();
        bulk.query("SELECT LastName, Title, Account.Name FROM Contact ORDER BY LastName", SalesforceBulkQuery.DEFAULT_PAGE,
                rows::addAll);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).keySet()).containsExactly("LastName", "Title", "Account.Name");
        assertThat(rows.get(0)).isEqualTo(Map.of("LastName", "O'Brien, \"Bob\"", "Title",
                "line1\nline2\r\nline3", "Account.Name", "Acme, \"the\" Inc."));
        // Bulk CSV writes null as an empty field: such fields are absent, as in the REST readers.
        assertThat(rows.get(1)).isEqualTo(Map.of("LastName", "Solo"));
    }

    @Test
    void anEmptyResultHandsNoPage() {
        List<List<Map<String, String>>> pages = new ArrayList<>();
        bulk.query("SELECT Id FROM Lead", 2_000, pages::add);
        assertThat(pages).isEmpty();
        assertThat(salesforce.calls(RESULTS)).isEqualTo(1);
    }

    @Test
    void aFailedJobFailsLoudlyWithItsErrorMessage() {
        salesforce.failNextBulkQueryJob("Query timed out after 10 retries");
        assertThatThrownBy(() -> bulk.query("SELECT Id FROM Lead", 2_000, page -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Failed")
                .hasMessageContaining("Query timed out after 10 retries");
        assertThat(salesforce.calls(RESULTS)).isZero();
    }

    @Test
    void pollsWithDoublingWaitsUntilTheJobCompletes() {
        salesforce.insert("Lead", Map.of("LastName", "A", "Company", "C"));
        salesforce.holdNextBulkQueryJob(3);
        List<Map<String, String>> rows = new ArrayList<>();
        bulk.query("SELECT LastName FROM Lead", 2_000, rows::addAll);
        assertThat(rows).containsExactly(Map.of("LastName", "A"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(salesforce.calls(STATUS)).isEqualTo(4);
    }

    @Test
    void aJobStillRunningAfterTheMaximumWaitIsLeftForLater() {
        salesforce.holdNextBulkQueryJob(1_000);
        assertThatThrownBy(() -> bulk.query("SELECT Id FROM Lead", 2_000, page -> { }))
                .isInstanceOf(CrmUnavailableException.class).hasMessageContaining("InProgress");
        assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)));
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThanOrEqualTo(Duration.ofMinutes(5))
                .isLessThan(Duration.ofMinutes(6));
        assertThat(salesforce.calls(RESULTS)).isZero();
    }

    @Test
    void anOutageIsTransient() {
        salesforce.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(503), Duration.ZERO, 0, 0));
        assertThatThrownBy(() -> bulk.query("SELECT Id FROM Lead", 2_000, page -> { }))
                .isInstanceOf(CrmUnavailableException.class);
    }

    @Test
    void parsesRfc4180() {
        assertThat(SalesforceBulkQuery.parse("Id,Name\n1,\"a,\"\"b\"\"\nc\"\n2,\n")).containsExactly(
                Map.of("Id", "1", "Name", "a,\"b\"\nc"), Map.of("Id", "2"));
    }
}
