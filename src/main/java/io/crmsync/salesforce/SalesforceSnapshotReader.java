package io.crmsync.salesforce;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.crmsync.reconcile.ChangedRecord;
import io.crmsync.reconcile.SnapshotReader;

/**
 * A whole object as a Bulk API 2.0 query job, for a large import. The query has no ORDER BY: Salesforce
 * discourages it in query jobs (it turns off PK chunking and invites timeouts), and the import needs no order. Jobs
 * are kept 7 days after they end, so an import spread over several runs reads one job to its end.
 */
@ApplicationScoped
public class SalesforceSnapshotReader implements SnapshotReader {

    private final SalesforceBulkQuery bulk;

    public SalesforceSnapshotReader(SalesforceBulkQuery bulk) {
        this.bulk = bulk;
    }

    @Override
    public String start(String tenantId, String objectType, List<String> properties, Instant until) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", SalesforceChangeReader.MODSTAMP));
        fields.addAll(properties);
        return bulk.create("SELECT " + String.join(", ", fields) + " FROM " + objectType + " WHERE "
                + SalesforceChangeReader.notAfter(until));
    }

    @Override
    public State state(String tenantId, String snapshot) {
        SalesforceDataApi.QueryJob job;
        try {
            job = bulk.job(snapshot);
        } catch (SalesforceSession.NotFoundException e) {
            return State.gone("query job " + snapshot + " no longer exists");
        }
        return switch (job.state()) {
            case "JobComplete" -> State.ready(job.numberRecordsProcessed() == null ? OptionalLong.empty()
                    : OptionalLong.of(job.numberRecordsProcessed()));
            case "Failed", "Aborted" -> State.gone("query job " + snapshot + " " + job.state()
                    + (job.errorMessage() == null ? "" : ": " + job.errorMessage()));
            default -> State.preparing();
        };
    }

    @Override
    public SnapshotPage page(String tenantId, String snapshot, String locator, int limit) {
        SalesforceBulkQuery.Results results = bulk.results(snapshot, locator, limit);
        List<ChangedRecord> records = new ArrayList<>(results.rows().size());
        for (Map<String, String> row : results.rows()) {
            records.add(new ChangedRecord(row.get("Id"),
                    SalesforceChangeReader.modstamp(row.get(SalesforceChangeReader.MODSTAMP)), row));
        }
        return new SnapshotPage(records, Optional.ofNullable(results.nextLocator()));
    }
}
