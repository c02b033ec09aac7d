package io.crmsync.salesforce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.crmsync.reconcile.DeletedReader;

/**
 * Salesforce's getDeleted replication resource: the ids put into the recycle bin within a window (Salesforce keeps
 * them about 15 days), with the time the answer covers up to — the next window starts there.
 */
@ApplicationScoped
public class SalesforceDeletedReader implements DeletedReader {

    /** ISO 8601 in UTC with 'Z': no '+' offset that a query string could turn into a space. */
    private static final DateTimeFormatter PARAM = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final SalesforceSession session;

    public SalesforceDeletedReader(SalesforceSession session) {
        this.session = session;
    }

    @Override
    public Deleted read(String tenantId, String objectType, Instant start, Instant end) {
        SalesforceDataApi.DeletedResult result = session.call("getDeleted on " + objectType,
                s -> s.api().getDeleted(s.version(), objectType, PARAM.format(start), PARAM.format(end), s.authorization(),
                        s.callOptions()),
                r -> r.readEntity(SalesforceDataApi.DeletedResult.class));
        List<String> ids = result.deletedRecords() == null ? List.of()
                : result.deletedRecords().stream().map(SalesforceDataApi.DeletedRecord::id).toList();
        Instant covered = result.latestDateCovered() == null ? end : parse(result.latestDateCovered());
        return new Deleted(ids, covered);
    }

    /** Salesforce writes 2026-04-01T10:00:00.000+0000. */
    private static Instant parse(String value) {
        String normalised = value.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
        return OffsetDateTime.parse(normalised).toInstant();
    }
}
