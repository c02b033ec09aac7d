package io.crmsync.salesforce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Reads a large SOQL result through a Bulk API 2.0 query job, one call at a time so the caller can charge each to
 * its budget and stop between them: create the job, ask for its state until it completes (the caller waits between
 * polls: {@code reconcile.SnapshotImport}), then read its CSV results page by page. Worth it above ~2,000 records
 * (a REST query returns 2,000 rows a call; a results page up to {@link #DEFAULT_PAGE}); query jobs consume no Bulk batches, but each of these calls is an ordinary
 * REST call against the daily allocation, and the org has 10,000 query jobs a day.
 */
@ApplicationScoped
public class SalesforceBulkQuery {

    /** Rows per results page when the caller has no reason to choose. */
    public static final int DEFAULT_PAGE = 50_000;

    private static final ObjectReader CSV = new CsvMapper().readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader());

    private final SalesforceSession session;

    public SalesforceBulkQuery(SalesforceSession session) {
        this.session = session;
    }

    /** Creates a query job for {@code soql}; returns its id. One call. */
    public String create(String soql) {
        return session.call("the bulk query job creation", io.crmsync.budget.RetryPolicy.Call.CREATE,
                s -> s.api().createQueryJob(s.version(), new SalesforceDataApi.QueryJobRequest("query", soql),
                        s.authorization(), s.callOptions()),
                r -> r.readEntity(SalesforceDataApi.QueryJob.class)).id();
    }

    /**
     * The job as Salesforce reports it now. One call.
     *
     * @throws SalesforceSession.NotFoundException when the org has no such job (deleted 7 days after it ended)
     */
    public SalesforceDataApi.QueryJob job(String jobId) {
        return session.call("the bulk query job status of " + jobId,
                s -> s.api().queryJob(s.version(), jobId, s.authorization(), s.callOptions()),
                r -> r.readEntity(SalesforceDataApi.QueryJob.class));
    }

    /**
     * Rows of a completed job, at most {@code maxRecords} from {@code locator} (null: the first page). One call.
     *
     * @param nextLocator where the next page starts; null after the last
     */
    public record Results(List<Map<String, String>> rows, String nextLocator) {
    }

    public Results results(String jobId, String locator, int maxRecords) {
        ResultsPage page = session.call("the bulk query results of " + jobId,
                s -> s.api().queryJobResults(s.version(), jobId, maxRecords, locator, s.authorization(),
                        s.callOptions()),
                r -> new ResultsPage(r.readEntity(String.class), r.getHeaderString("Sforce-Locator")));
        return new Results(parse(page.csv()), page.nextLocator());
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
