package io.crmsync.salesforce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.crmsync.reconcile.ChangeReader;
import io.crmsync.reconcile.ChangedRecord;
import io.crmsync.reconcile.Cursor;
import io.crmsync.reconcile.Page;
import io.crmsync.crm.CrmUnavailableException;

/**
 * What changed in the org, by {@code SystemModstamp} (which also moves on system changes LastModifiedDate misses),
 * keyset-paged on (SystemModstamp, Id): each read is one fresh query from the cursor, so it never depends on a
 * query locator staying alive between passes. Modstamps have whole seconds, so ties are common; the Id settles them.
 */
@ApplicationScoped
public class SalesforceChangeReader implements ChangeReader {

    /** The largest query batch Salesforce returns in one call. */
    static final int MAX_PAGE = 2_000;
    static final String MODSTAMP = "SystemModstamp";
    /** SOQL datetime literals are unquoted; Salesforce reports modstamps in whole seconds. */
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    /** How the REST API writes datetimes: 2026-04-01T10:00:00.000+0000. */
    private static final DateTimeFormatter RETURNED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxx");

    private final SalesforceSession session;

    public SalesforceChangeReader(SalesforceSession session) {
        this.session = session;
    }

    /** @throws CrmUnavailableException when Salesforce cannot answer right now */
    @Override
    public Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
            Instant until) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        String soql = query(objectType, properties, after, size, until);
        SalesforceDataApi.QueryResult result = session.call("the changes query on " + objectType,
                s -> s.api().query(s.version(), soql, s.authorization(), s.callOptions()),
                r -> r.readEntity(SalesforceDataApi.QueryResult.class));
        List<ChangedRecord> records = new ArrayList<>();
        for (Map<String, Object> row : result.records() == null ? List.<Map<String, Object>>of() : result.records()) {
            Map<String, String> values = new LinkedHashMap<>();
            row.forEach((field, value) -> {
                if (value != null && !"attributes".equals(field) && !(value instanceof Map)) {
                    values.put(field, value.toString());
                }
            });
            records.add(new ChangedRecord(row.get("Id").toString(), modstamp(row.get(MODSTAMP).toString()), values));
        }
        // A full page (or one Salesforce cut short) may have more behind it; the next read starts after its last row.
        boolean more = !records.isEmpty() && (records.size() >= size || !result.done());
        return new Page(records, more ? Optional.of(records.get(records.size() - 1).cursor()) : Optional.empty());
    }

    /** {@code SELECT COUNT()}: one call, answered in {@code totalSize}. */
    @Override
    public long count(String tenantId, String objectType, Instant until) {
        String soql = "SELECT COUNT() FROM " + objectType + " WHERE " + notAfter(until);
        return session.call("the count of " + objectType,
                s -> s.api().query(s.version(), soql, s.authorization(), s.callOptions()),
                r -> r.readEntity(SalesforceDataApi.QueryResult.class)).totalSize();
    }

    /** Rounded down: a change later in the last second is read by the next pass, not half-read now. */
    static String notAfter(Instant until) {
        return MODSTAMP + " <= " + LITERAL.format(until.truncatedTo(ChronoUnit.SECONDS));
    }

    static String query(String objectType, List<String> properties, Cursor after, int limit, Instant until) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", MODSTAMP));
        fields.addAll(properties);
        Instant at = after.modifiedAt();
        Instant wholeSecond = at.truncatedTo(ChronoUnit.SECONDS);
        String from;
        if (!at.equals(wholeSecond)) {
            // A cursor between seconds (a lookback): every modstamp after the second it falls in.
            from = MODSTAMP + " > " + LITERAL.format(wholeSecond);
        } else if (after.id().isEmpty()) {
            from = MODSTAMP + " >= " + LITERAL.format(at);
        } else {
            String t = LITERAL.format(at);
            from = "(" + MODSTAMP + " > " + t + " OR (" + MODSTAMP + " = " + t + " AND Id > '" + Soql.escape(after.id())
                    + "'))";
        }
        String to = notAfter(until);
        return "SELECT " + String.join(", ", fields) + " FROM " + objectType + " WHERE " + from + " AND " + to
                + " ORDER BY " + MODSTAMP + ", Id LIMIT " + limit;
    }

    static Instant modstamp(String value) {
        try {
            return OffsetDateTime.parse(value, RETURNED).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return OffsetDateTime.parse(value).toInstant();
        }
    }
}
