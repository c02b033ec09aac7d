package io.crmsync.sandbox.salesforce;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/**
 * {@code /query} and {@code /queryAll} with Salesforce's paging: a batch of up to 2,000 rows (or the
 * {@code Sforce-Query-Options: batchSize=N}, 200..2,000), then {@code nextRecordsUrl}
 * ({@code /query/<locator>-<offset>}) for the next batch. Results are fixed when the query runs, as a
 * server-side cursor is; locators expire after 15 minutes without use.
 */
final class QueryResource {

    static final int DEFAULT_BATCH = 2_000;
    static final int MIN_BATCH = 200;
    private static final Duration LOCATOR_LIFETIME = Duration.ofMinutes(15);
    private static final Pattern BATCH_SIZE = Pattern.compile("batchSize\\s*=\\s*(\\d+)");
    private static final Pattern LOCATOR = Pattern.compile("(01g[0-9A-Za-z]{15})-(\\d+)");

    private record Cursor(List<Map<String, Object>> rows, int batchSize, boolean all, Instant lastUsed) {
    }

    private final SalesforceOrg org;
    private final SoqlEngine soql;
    private final RestSupport rest;
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final AtomicLong nextLocator = new AtomicLong(1);

    QueryResource(SalesforceOrg org, SoqlEngine soql, RestSupport rest) {
        this.org = org;
        this.soql = soql;
        this.rest = rest;
    }

    SandboxResponse query(SandboxRequest request) {
        return run(request, false);
    }

    SandboxResponse queryAll(SandboxRequest request) {
        return run(request, true);
    }

    SandboxResponse nextPage(SandboxRequest request) {
        Matcher m = LOCATOR.matcher(request.pathParam("locator"));
        Cursor cursor = m.matches() ? cursors.get(m.group(1)) : null;
        Instant now = org.clock().instant();
        if (cursor == null || cursor.lastUsed().plus(LOCATOR_LIFETIME).isBefore(now)) {
            throw new Failure(400, SalesforceError.of("INVALID_QUERY_LOCATOR", "invalid query locator"));
        }
        int offset = Integer.parseInt(m.group(2));
        if (offset > cursor.rows().size()) {
            throw new Failure(400, SalesforceError.of("INVALID_QUERY_LOCATOR", "invalid query locator"));
        }
        cursors.put(m.group(1), new Cursor(cursor.rows(), cursor.batchSize(), cursor.all(), now));
        return page(m.group(1), cursor, offset);
    }

    private SandboxResponse run(SandboxRequest request, boolean all) {
        String q = request.queryParam("q").filter(s -> !s.isBlank()).orElseThrow(() -> new Failure(400,
                SalesforceError.of("MALFORMED_QUERY", "A query string has to be specified")));
        SoqlEngine.Result result = soql.run(q, all);
        if (result.records().isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("totalSize", result.totalSize());
            body.put("done", true);
            body.put("records", List.of());
            return SandboxResponse.json(200, body);
        }
        int batch = batchSize(request);
        Cursor cursor = new Cursor(result.records(), batch, all, org.clock().instant());
        String locator = null;
        if (result.records().size() > batch) {
            locator = SalesforceIds.newId("01g", nextLocator.getAndIncrement()).substring(0, 18);
            cursors.put(locator, cursor);
        }
        return page(locator, cursor, 0);
    }

    private SandboxResponse page(String locator, Cursor cursor, int offset) {
        int end = Math.min(cursor.rows().size(), offset + cursor.batchSize());
        boolean done = end >= cursor.rows().size();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("totalSize", cursor.rows().size());
        body.put("done", done);
        if (!done) {
            body.put("nextRecordsUrl", "/services/data/" + rest.apiVersion() + (cursor.all() ? "/queryAll/" : "/query/")
                    + locator + "-" + end);
        }
        body.put("records", cursor.rows().subList(offset, end));
        if (done && locator != null) {
            cursors.remove(locator);
        }
        return SandboxResponse.json(200, body);
    }

    private static int batchSize(SandboxRequest request) {
        return request.header("Sforce-Query-Options").map(BATCH_SIZE::matcher).filter(Matcher::find)
                .map(m -> Integer.parseInt(m.group(1)))
                .map(n -> Math.max(MIN_BATCH, Math.min(DEFAULT_BATCH, n))).orElse(DEFAULT_BATCH);
    }

    void clear() {
        cursors.clear();
    }
}
