package io.crmsync.sandbox.salesforce;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/**
 * Bulk API 2.0 query jobs: {@code POST /jobs/query} creates a job (state UploadComplete), {@code GET
 * /jobs/query/{id}} reports it, {@code GET /jobs/query/{id}/results?maxRecords=N&locator=L} answers CSV pages
 * with {@code Sforce-Locator} (the next page, or the string "null") and {@code Sforce-NumberOfRecords}.
 * <p>
 * The SOQL runs when the job is created (results are fixed then, as Salesforce's are), and the job reaches
 * JobComplete on its first status poll (unless a test holds it InProgress for some polls), so a client must
 * poll at least once as it must against a real org.
 * Every call is an ordinary metered REST call.
 */
final class BulkQueryResource {

    private static final CsvMapper CSV = new CsvMapper();

    enum State { UploadComplete, InProgress, JobComplete, Failed, Aborted }

    private record Job(String id, String operation, String object, String createdDate, List<String> columns,
            List<Map<String, String>> rows, State state, String errorMessage, int pollsLeft) {

        /** The job after one more status poll: InProgress while polls are left, then done. */
        Job polled() {
            State next = pollsLeft > 0 ? State.InProgress : errorMessage == null ? State.JobComplete : State.Failed;
            return new Job(id, operation, object, createdDate, columns, rows, next, errorMessage,
                    Math.max(0, pollsLeft - 1));
        }
    }

    private final SalesforceOrg org;
    private final SoqlEngine soql;
    private final RestSupport rest;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong nextJob = new AtomicLong(1);
    /** Set by a test: the next job created fails with this message on its first poll. */
    private final AtomicReference<String> nextFailure = new AtomicReference<>();
    /** Set by a test: the next job created stays InProgress for this many status polls. */
    private final AtomicInteger nextPollsInProgress = new AtomicInteger();

    BulkQueryResource(SalesforceOrg org, SoqlEngine soql, RestSupport rest) {
        this.org = org;
        this.soql = soql;
        this.rest = rest;
    }

    SandboxResponse create(SandboxRequest request) {
        JsonNode body = rest.body(request);
        String operation = body.path("operation").asText("");
        if (!operation.equals("query") && !operation.equals("queryAll")) {
            throw new Failure(400, SalesforceError.of("INVALIDJOB", "Invalid operation: " + operation));
        }
        String query = body.path("query").asText("");
        if (query.isBlank()) {
            throw new Failure(400, SalesforceError.of("INVALIDJOB", "The query is required"));
        }
        SoqlEngine.Result result = soql.run(query, operation.equals("queryAll"));
        List<String> columns = soql.columns(query);
        List<Map<String, String>> rows = result.records().stream().map(r -> csvRow(columns, r)).toList();
        String object = query.replaceFirst("(?is)^.*?\\bFROM\\s+(\\w+).*$", "$1");
        String id = SalesforceIds.newId("750", nextJob.getAndIncrement());
        Job job = new Job(id, operation, object, org.clock().instant().toString(), columns, rows,
                State.UploadComplete, nextFailure.getAndSet(null), nextPollsInProgress.getAndSet(0));
        jobs.put(id, job);
        return SandboxResponse.json(200, info(job, false));
    }

    SandboxResponse status(SandboxRequest request) {
        Job job = job(request);
        if (job.state() == State.UploadComplete || job.state() == State.InProgress) {
            job = job.polled();
            jobs.put(job.id(), job);
        }
        return SandboxResponse.json(200, info(job, true));
    }

    SandboxResponse results(SandboxRequest request) {
        Job job = job(request);
        if (job.state() != State.JobComplete) {
            throw new Failure(400, SalesforceError.of("INVALIDJOB",
                    "Job " + job.id() + " is not in a state to retrieve results: " + job.state()));
        }
        int offset = request.queryParam("locator").map(BulkQueryResource::offset).orElse(0);
        if (offset > job.rows().size()) {
            throw new Failure(400, SalesforceError.of("INVALIDLOCATOR", "Invalid locator"));
        }
        int max = request.queryParam("maxRecords").map(Integer::parseInt).filter(n -> n > 0)
                .orElse(Integer.MAX_VALUE);
        int end = (int) Math.min(job.rows().size(), (long) offset + max);
        String locator = end < job.rows().size() ? locator(end) : "null";
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        job.columns().forEach(schema::addColumn);
        String csv;
        try {
            csv = CSV.writer(schema.build()).writeValueAsString(job.rows().subList(offset, end));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (end == offset) {
            // Jackson writes no header for an empty list; Salesforce still sends the header row.
            csv = String.join(",", job.columns()) + "\n";
        }
        return new SandboxResponse(200, Map.of("Content-Type", "text/csv", "Sforce-Locator", locator,
                "Sforce-NumberOfRecords", Integer.toString(end - offset)), csv.getBytes(StandardCharsets.UTF_8));
    }

    /** The next job created fails (state Failed, this errorMessage) instead of completing. */
    void failNextJob(String errorMessage) {
        nextFailure.set(errorMessage);
    }

    /** The next job created answers InProgress to its first {@code polls} status polls. */
    void holdNextJob(int polls) {
        nextPollsInProgress.set(polls);
    }

    void clear() {
        jobs.clear();
        nextFailure.set(null);
        nextPollsInProgress.set(0);
    }

    private Job job(SandboxRequest request) {
        Job job = jobs.get(request.pathParam("jobId"));
        if (job == null) {
            throw new Failure(404, SalesforceError.of("NOT_FOUND", "The requested resource does not exist"));
        }
        return job;
    }

    private Map<String, Object> info(Job job, boolean withProgress) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.id());
        body.put("operation", job.operation());
        body.put("object", job.object());
        body.put("createdById", org.userId());
        body.put("createdDate", job.createdDate());
        body.put("systemModstamp", job.createdDate());
        body.put("state", job.state().name());
        body.put("concurrencyMode", "Parallel");
        body.put("contentType", "CSV");
        body.put("apiVersion", Double.parseDouble(rest.apiVersion().substring(1)));
        body.put("lineEnding", "LF");
        body.put("columnDelimiter", "COMMA");
        if (withProgress) {
            body.put("jobType", "V2Query");
            body.put("numberRecordsProcessed", job.state() == State.JobComplete ? job.rows().size() : 0);
            body.put("retries", 0);
            body.put("totalProcessingTime", 0);
            if (job.state() == State.Failed) {
                body.put("errorMessage", job.errorMessage());
            }
        }
        return body;
    }

    /** One CSV row: parent fields read through the nested relationship maps; null (or no parent) as "". */
    @SuppressWarnings("unchecked")
    private static Map<String, String> csvRow(List<String> columns, Map<String, Object> record) {
        Map<String, String> row = new LinkedHashMap<>();
        for (String column : columns) {
            Object value = record;
            for (String part : column.split("\\.")) {
                value = value instanceof Map ? ((Map<String, Object>) value).get(part) : null;
            }
            row.put(column, value == null ? "" : value instanceof BigDecimal b ? b.toPlainString() : value.toString());
        }
        return row;
    }

    // Locators are opaque to clients; here they carry the offset of the next page.
    private static String locator(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String locator) {
        try {
            return Integer.parseInt(new String(Base64.getUrlDecoder().decode(locator), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new Failure(400, SalesforceError.of("INVALIDLOCATOR", "Invalid locator"));
        }
    }
}
