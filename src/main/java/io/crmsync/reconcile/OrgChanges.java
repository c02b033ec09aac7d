package io.crmsync.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import org.jboss.logging.Logger;

/**
 * One reconcile run's read of one Salesforce org's changes, shared by every tenant on that org: the tenants' passes
 * ask for their pages as they would alone (from their own cursors, with their own fields), and a page this log
 * already holds is answered from memory, without a call. A page it lacks is read once, with the union of the fields
 * every tenant on the org maps for that object, and kept for the tenants after.
 *
 * <p>Who pays: a read is made inside the scope of the tenant whose page needed it (its session, its grant), so the
 * CRM call door charges that tenant's allocation; pages answered from memory charge no one. A read is only ever made
 * where that tenant, alone, would have read too (from the same cursor, with the same page size), so no tenant is
 * charged more than reading alone costs it, and every tenant after the first on an org reads for free. (The ledger
 * counts whole calls per tenant, so a call is not split.) Each tenant's pass still takes one call from its own run
 * budget for each page it is served, as alone: where a tenant stops does not depend on which tenant read first.
 *
 * <p>What it holds, per object: the records read so far, and the cursor spans it holds completely (every record
 * changed within them up to {@link #until} is there). A span that reached the end of the changes is open-ended.
 * Spans a tenant further behind reads are merged in when they meet. Past {@link #maxRecords} it stops keeping
 * and every further read goes to the org as it would alone, so a long catch-up cannot exhaust the function's memory.
 *
 * <p>Counts (of imports begun in the same run, up to the same time) are shared alike; snapshots and reads of fields
 * outside the union go straight to the org. Not thread-safe: one run reads
 * one org's tenants in turn.
 */
final class OrgChanges implements ChangeReader {

    private static final Logger LOG = Logger.getLogger(OrgChanges.class);

    /** About 100 bytes a field: 50,000 records of 20 fields stay near 100 MB of the function's 1 GB. */
    static final int DEFAULT_MAX_RECORDS = 50_000;

    private final ChangeReader org;
    private final Map<String, List<String>> fieldsByObject;
    private final int maxRecords;
    private final Map<String, ObjectLog> logs = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();
    private int kept;

    /**
     * @param fieldsByObject per Salesforce object, the union of the fields its tenants' mappings read there
     */
    OrgChanges(ChangeReader org, Map<String, List<String>> fieldsByObject, int maxRecords) {
        this.org = org;
        this.fieldsByObject = Map.copyOf(fieldsByObject);
        this.maxRecords = maxRecords;
    }

    /** Tenants importing in the same run count up to the same time: the org is counted once. */
    @Override
    public Count countWithCalls(String tenantId, String objectType, Instant until) {
        String key = objectType + " " + until;
        Long known = counts.get(key);
        if (known != null) {
            return new Count(known, 0);
        }
        Count count = org.countWithCalls(tenantId, objectType, until);
        counts.put(key, count.records());
        return count;
    }

    @Override
    public long count(String tenantId, String objectType, Instant until) {
        return countWithCalls(tenantId, objectType, until).records();
    }

    @Override
    public Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
            Instant until) {
        List<String> union = fieldsByObject.get(objectType);
        if (union == null || !union.containsAll(properties)) {
            return org.read(tenantId, objectType, properties, after, limit, until);
        }
        ObjectLog log = logs.computeIfAbsent(objectType, k -> new ObjectLog(union));
        return log.read(tenantId, objectType, properties, after, limit, until);
    }

    /**
     * A cursor span held completely: every record after {@code from} up to {@code to} (to the end of the changes
     * up to {@link ObjectLog#until} when {@code to} is null).
     */
    private record Span(Cursor from, Cursor to) {
        boolean holds(Cursor cursor) {
            return !from.isAfter(cursor) && (to == null || !cursor.isAfter(to));
        }

        /** Overlapping or touching: together they hold one span. */
        boolean meets(Span other) {
            return (other.to == null || !from.isAfter(other.to)) && (to == null || !other.from.isAfter(to));
        }
    }

    private final class ObjectLog {
        private final List<String> fields;
        private final NavigableMap<Cursor, ChangedRecord> records = new TreeMap<>();
        private final List<Span> spans = new ArrayList<>();
        /** The latest change time read up to; raised when a tenant asks for later changes. */
        private Instant until;

        ObjectLog(List<String> fields) {
            this.fields = fields;
        }

        Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
                Instant askedUntil) {
            if (until == null || askedUntil.isAfter(until)) {
                raiseUntil(askedUntil);
            }
            int calls = 0;
            while (true) {
                Span span = spans.stream().filter(s -> s.holds(after)).findFirst().orElse(null);
                if (span != null) {
                    List<ChangedRecord> served = new ArrayList<>();
                    boolean pastUntil = false;
                    for (ChangedRecord record : records.tailMap(after, false).values()) {
                        if (span.to() != null && record.cursor().isAfter(span.to())) {
                            break;
                        }
                        if (record.modifiedAt().isAfter(askedUntil)) {
                            pastUntil = true;
                            break;
                        }
                        served.add(only(record, properties));
                        if (served.size() == limit) {
                            return new Page(served, java.util.Optional.of(record.cursor()), calls);
                        }
                    }
                    if (pastUntil || span.to() == null) {
                        return new Page(served, java.util.Optional.empty(), calls);
                    }
                    if (!served.isEmpty()) {
                        // The span ends here: the tenant asks on from its last record, as it would alone.
                        return new Page(served, java.util.Optional.of(served.get(served.size() - 1).cursor()),
                                calls);
                    }
                }
                Cursor from = span == null ? after : span.to();
                if (kept >= maxRecords) {
                    Page alone = org.read(tenantId, objectType, properties, from, limit, askedUntil);
                    return new Page(alone.records(), alone.next(), calls + alone.callsMade());
                }
                Page page;
                try {
                    page = org.read(tenantId, objectType, fields, from, limit, until);
                } catch (IllegalStateException e) {
                    if (fields.size() == properties.size()) {
                        throw e;
                    }
                    // Another tenant's field this tenant's integration user may not see: it reads its own.
                    LOG.warnf("tenant %s: the org's shared changes read of %s refused (%s); reading its own fields",
                            tenantId, objectType, e.getMessage());
                    Page alone = org.read(tenantId, objectType, properties, from, limit, askedUntil);
                    return new Page(alone.records(), alone.next(), calls + 1 + alone.callsMade());
                }
                calls += page.callsMade();
                keep(from, page);
            }
        }

        private void keep(Cursor from, Page page) {
            for (ChangedRecord record : page.records()) {
                if (records.put(record.cursor(), record) == null) {
                    kept++;
                }
            }
            Cursor last = page.records().isEmpty() ? from : page.records().get(page.records().size() - 1).cursor();
            // A full page with more behind it holds up to its last record; a last page holds everything after from.
            Span merged = new Span(from, page.next().isPresent() ? Cursor.max(last, page.next().get()) : null);
            if (merged.to() != null && !merged.to().isAfter(from)) {
                throw new IllegalStateException("a changes page did not move past its cursor");
            }
            List<Span> apart = new ArrayList<>();
            for (Span span : spans) {
                if (span.meets(merged)) {
                    Cursor to = span.to() == null || merged.to() == null ? null : Cursor.max(span.to(), merged.to());
                    merged = new Span(span.from().isAfter(merged.from()) ? merged.from() : span.from(), to);
                } else {
                    apart.add(span);
                }
            }
            apart.add(merged);
            spans.clear();
            spans.addAll(apart);
        }

        /**
         * Later changes were asked for: the open-ended span now ends at its last record, so the changes after it
         * are read, up to the new time.
         */
        private void raiseUntil(Instant asked) {
            until = asked;
            for (int i = 0; i < spans.size(); i++) {
                Span span = spans.get(i);
                if (span.to() == null) {
                    Map.Entry<Cursor, ChangedRecord> last = records.lastEntry();
                    Cursor to = last == null || !last.getKey().isAfter(span.from()) ? span.from() : last.getKey();
                    spans.set(i, new Span(span.from(), to));
                }
            }
        }

        /** The record as the tenant's own read returns it: without the fields only other tenants map. */
        private ChangedRecord only(ChangedRecord record, List<String> properties) {
            Set<String> asked = new HashSet<>(properties);
            Map<String, String> values = new LinkedHashMap<>();
            record.properties().forEach((field, value) -> {
                if (asked.contains(field) || !fields.contains(field)) {
                    values.put(field, value);
                }
            });
            return new ChangedRecord(record.id(), record.modifiedAt(), values);
        }
    }
}
