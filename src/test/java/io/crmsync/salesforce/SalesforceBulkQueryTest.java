package io.crmsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.functions.WorkerFunctionProfile;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Bulk API 2.0 query jobs against the Salesforce sandbox, whose jobs complete on their first status poll. */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.SALESFORCE)
class SalesforceBulkQueryTest {

    static final String CREATE = "POST /services/data/v62.0/jobs/query";
    static final String STATUS = "GET /services/data/v62.0/jobs/query/{jobId}";
    static final String RESULTS = "GET /services/data/v62.0/jobs/query/{jobId}/results";

    @Inject
    SalesforceSession session;

    SalesforceSandbox salesforce;
    SalesforceBulkQuery bulk;

    @BeforeEach
    void stack(SalesforceSandbox salesforce) {
        this.salesforce = salesforce;
        bulk = new SalesforceBulkQuery(session);
    }

    /** The three steps as a caller takes them: create, poll (without waiting here) until complete, read pages. */
    void query(String soql, int pageSize, Consumer<List<Map<String, String>>> page) {
        String jobId = bulk.create(soql);
        for (int polls = 0;; polls++) {
            SalesforceDataApi.QueryJob job = bulk.job(jobId);
            if ("JobComplete".equals(job.state())) {
                break;
            }
            if ("Failed".equals(job.state()) || polls > 10) {
                throw new IllegalStateException("job " + job.state() + ": " + job.errorMessage());
            }
        }
        String locator = null;
        do {
            SalesforceBulkQuery.Results results = bulk.results(jobId, locator, pageSize);
            if (!results.rows().isEmpty()) {
                page.accept(results.rows());
            }
            locator = results.nextLocator();
        } while (locator != null);
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
        query("SELECT Id, LastName, Company FROM Lead", 2_000, page -> {
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
    }

    @Test
    void valuesWithCommasQuotesAndNewlinesRoundTrip() {
        String account = salesforce.insert("Account", Map.of("Name", "Acme, \"the\" Inc."));
        salesforce.insert("Contact", Map.of("LastName", "O'Brien, \"Bob\"", "Title", "line1\nline2\r\nline3",
                "AccountId", account));
        salesforce.insert("Contact", Map.of("LastName", "Solo"));

        List<Map<String, String>> rows = new ArrayList<>();
        query("SELECT LastName, Title, Account.Name FROM Contact ORDER BY LastName", SalesforceBulkQuery.DEFAULT_PAGE,
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
        query("SELECT Id FROM Lead", 2_000, pages::add);
        assertThat(pages).isEmpty();
        assertThat(salesforce.calls(RESULTS)).isEqualTo(1);
    }

    @Test
    void aFailedJobReportsItsErrorMessageAndAJobHeldInProgressSaysSo() {
        salesforce.failNextBulkQueryJob("Query timed out after 10 retries");
        String failed = bulk.create("SELECT Id FROM Lead");
        assertThat(bulk.job(failed)).extracting(SalesforceDataApi.QueryJob::state,
                SalesforceDataApi.QueryJob::errorMessage).containsExactly("Failed", "Query timed out after 10 retries");

        salesforce.holdNextBulkQueryJob(2);
        String held = bulk.create("SELECT Id FROM Lead");
        assertThat(List.of(bulk.job(held).state(), bulk.job(held).state(), bulk.job(held).state()))
                .containsExactly("InProgress", "InProgress", "JobComplete");
        assertThat(salesforce.calls(RESULTS)).isZero();
    }

    @Test
    void aJobTheOrgNoLongerHasIsNotFound() {
        assertThatThrownBy(() -> bulk.job("750000000000000AAA"))
                .isInstanceOf(SalesforceSession.NotFoundException.class).hasMessageContaining("404");
    }

    @Test
    void anOutageIsTransient() {
        salesforce.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(503), Duration.ZERO, 0, 0));
        assertThatThrownBy(() -> bulk.create("SELECT Id FROM Lead")).isInstanceOf(CrmUnavailableException.class);
    }

    @Test
    void parsesRfc4180() {
        assertThat(SalesforceBulkQuery.parse("Id,Name\n1,\"a,\"\"b\"\"\nc\"\n2,\n")).containsExactly(
                Map.of("Id", "1", "Name", "a,\"b\"\nc"), Map.of("Id", "2"));
    }
}
