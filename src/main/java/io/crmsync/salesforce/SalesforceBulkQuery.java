package io.crmsync.salesforce;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.crmsync.sync.CrmUnavailableException;

/**
 * Reads a large SOQL result through a Bulk API 2.0 query job: create the job, poll until it completes, then read
 * its CSV results page by page. Worth it above ~2,000 records (a REST query returns 2,000 rows a call; a results
 * page up to {@link #DEFAULT_PAGE}); query jobs consume no Bulk batches, but each of these calls is an ordinary
 * REST call against the daily allocation, and the org has 10,000 query jobs a day.
 */
@ApplicationScoped
public class SalesforceBulkQuery {

    /** Rows per results page when the caller has no reason to choose. */
    public static final int DEFAULT_PAGE = 50_000;
    /** First wait before polling; doubles up to {@link #MAX_POLL_INTERVAL}. */
    static final Duration FIRST_POLL = Duration.ofSeconds(1);
    static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(30);
    /** Total wait after which a still-running job is left for a later pass (a Lambda has 15 minutes). */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    /** Waits between polls; injected so tests don't sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final ObjectReader CSV = new CsvMapper().readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader());

    private final SalesforceSession session;
    private final Sleeper sleeper;

    @Inject
    public SalesforceBulkQuery(SalesforceSession session) {
        this(session, duration -> Thread.sleep(duration.toMillis()));
    }

    public SalesforceBulkQuery(SalesforceSession session, Sleeper sleeper) {
        this.session = session;
        this.sleeper = sleeper;
    }

    /**
     * Runs {@code soql} as a query job and hands its rows to {@code page}, at most {@code pageSize} at a time, in the
     * query's order. Each row maps the column names of the CSV header (parent fields dotted, {@code Account.Name})
     * to values; a field without a value is absent, as Bulk CSV writes null as an empty field.
     *
     * @throws CrmUnavailableException when Salesforce cannot answer now (5xx, 429) or the job is still running
     *                                 after {@link #MAX_WAIT}
     * @throws IllegalStateException   when the job ends Failed or Aborted (with the job's errorMessage)
     */
    public void query(String soql, int pageSize, Consumer<List<Map<String, String>>> page) {
        SalesforceDataApi.QueryJob created = session.call("the bulk query job creation",
                s -> s.api().createQueryJob(s.version(), new SalesforceDataApi.QueryJobRequest("query", soql),
                        s.authorization(), s.callOptions()),
                r -> r.readEntity(SalesforceDataApi.QueryJob.class));
        String jobId = created.id();
        awaitCompletion(jobId);
        String locator = null;
        do {
            String from = locator;
            ResultsPage results = session.call("the bulk query results of " + jobId,
                    s -> s.api().queryJobResults(s.version(), jobId, pageSize, from, s.authorization(),
                            s.callOptions()),
                    r -> new ResultsPage(r.readEntity(String.class), r.getHeaderString("Sforce-Locator")));
            List<Map<String, String>> rows = parse(results.csv());
            if (!rows.isEmpty()) {
                page.accept(rows);
            }
            locator = results.nextLocator();
        } while (locator != null);
    }

    private void awaitCompletion(String jobId) {
        Duration waited = Duration.ZERO;
        Duration interval = FIRST_POLL;
        while (true) {
            SalesforceDataApi.QueryJob job = session.call("the bulk query job status of " + jobId,
                    s -> s.api().queryJob(s.version(), jobId, s.authorization(), s.callOptions()),
                    r -> r.readEntity(SalesforceDataApi.QueryJob.class));
            if ("JobComplete".equals(job.state())) {
                return;
            }
            if ("Failed".equals(job.state()) || "Aborted".equals(job.state())) {
                throw new IllegalStateException("Salesforce bulk query job " + jobId + " ended " + job.state() + ": "
                        + job.errorMessage());
            }
            if (waited.compareTo(MAX_WAIT) >= 0) {
                throw new CrmUnavailableException("Salesforce bulk query job " + jobId + " still " + job.state()
                        + " after " + waited, null);
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrmUnavailableException("Interrupted waiting for bulk query job " + jobId, e);
            }
            waited = waited.plus(interval);
            interval = interval.multipliedBy(2).compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL
                    : interval.multipliedBy(2);
        }
    }

    /** One results page: its CSV and the locator of the next page, null after the last. */
    private record ResultsPage(String csv, String nextLocator) {
        ResultsPage {
            // Salesforce writes the string "null" when there is no further page.
            nextLocator = nextLocator == null || nextLocator.isBlank() || "null".equals(nextLocator) ? null
                    : nextLocator;
        }
    }

    static List<Map<String, String>> parse(String csv) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CSV.readValues(csv)) {
            while (it.hasNextValue()) {
                Map<String, String> row = new LinkedHashMap<>();
                it.nextValue().forEach((column, value) -> {
                    if (value != null && !value.isEmpty()) {
                        row.put(column, value);
                    }
                });
                rows.add(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Salesforce bulk query results are not valid CSV", e);
        }
        return rows;
    }
}
