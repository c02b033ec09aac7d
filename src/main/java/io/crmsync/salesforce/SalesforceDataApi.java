package io.crmsync.salesforce;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Salesforce REST API resources crmsync calls, under the org's instance URL (built per org at run time).
 * Every call carries {@code Sforce-Call-Options: client=…} so change events can tell crmsync's own writes.
 */
@Path("/services/data/{version}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface SalesforceDataApi {

    /** sObject Rows by External ID: 201 created, 200 (API ≥ 46) or 204 updated, 300 several matches. */
    @PATCH
    @Path("/sobjects/{sObject}/{externalIdField}/{externalId}")
    Response upsert(@PathParam("version") String version, @PathParam("sObject") String sObject,
            @PathParam("externalIdField") String externalIdField, @PathParam("externalId") String externalId,
            Map<String, Object> fields, @HeaderParam("Authorization") String authorization,
            @HeaderParam("Sforce-Call-Options") String callOptions);

    /** sObject Collections update: up to 200 records by Id, one API call. */
    @PATCH
    @Path("/composite/sobjects")
    Response updateCollection(@PathParam("version") String version, CollectionRequest request,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    /** sObject Collections create: up to 200 records, one API call; results in request order. */
    @POST
    @Path("/composite/sobjects")
    Response createCollection(@PathParam("version") String version, CollectionRequest request,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    /** sObject Collections upsert: up to 200 records of one type by external ID, one API call. */
    @PATCH
    @Path("/composite/sobjects/{sObject}/{externalIdField}")
    Response upsertCollection(@PathParam("version") String version, @PathParam("sObject") String sObject,
            @PathParam("externalIdField") String externalIdField, CollectionRequest request,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    /** The next page of a query: {@code locator} is the last segment of nextRecordsUrl. */
    @GET
    @Path("/query/{locator}")
    Response queryMore(@PathParam("version") String version, @PathParam("locator") String locator,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    /** Bulk API 2.0: creates a query job (state UploadComplete); Salesforce runs it asynchronously. */
    @POST
    @Path("/jobs/query")
    Response createQueryJob(@PathParam("version") String version, QueryJobRequest request,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    /** Bulk API 2.0: a query job's state (UploadComplete, InProgress, JobComplete, Failed, Aborted). */
    @GET
    @Path("/jobs/query/{jobId}")
    Response queryJob(@PathParam("version") String version, @PathParam("jobId") String jobId,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    /**
     * Bulk API 2.0: one CSV page of a completed job's results, up to {@code maxRecords} rows from {@code locator}
     * (null for the first page); headers {@code Sforce-Locator} (next page, or "null") and
     * {@code Sforce-NumberOfRecords}.
     */
    @GET
    @Path("/jobs/query/{jobId}/results")
    @Produces("text/csv")
    Response queryJobResults(@PathParam("version") String version, @PathParam("jobId") String jobId,
            @QueryParam("maxRecords") int maxRecords, @QueryParam("locator") String locator,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    /** {@code operation} is "query" (or "queryAll", which includes deleted and archived records). */
    record QueryJobRequest(String operation, String query) {
    }

    /** A Bulk API 2.0 query job as its status call reports it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record QueryJob(String id, String state, Long numberRecordsProcessed, String errorMessage) {
    }

    /** The org's limits, e.g. {@code DailyApiRequests: {Max, Remaining}}. */
    @GET
    @Path("/limits")
    Response limits(@PathParam("version") String version, @HeaderParam("Authorization") String authorization,
            @HeaderParam("Sforce-Call-Options") String callOptions);

    /** One limit of the limits resource. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Limit(@com.fasterxml.jackson.annotation.JsonProperty("Max") long max,
            @com.fasterxml.jackson.annotation.JsonProperty("Remaining") long remaining) {
    }

    /** Records carry {@code attributes.type}; {@code allOrNone} false so one bad record does not sink the rest. */
    record CollectionRequest(boolean allOrNone, List<Map<String, Object>> records) {
    }

    /** One element of a collection answer, in request order. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CollectionResult(String id, boolean success, Boolean created, List<CollectionError> errors) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CollectionError(String statusCode, String message, List<String> fields) {
    }

    @GET
    @Path("/query")
    Response query(@PathParam("version") String version, @QueryParam("q") String soql,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    /** getDeleted: records put into the recycle bin within [start, end), ISO 8601 datetimes. */
    @GET
    @Path("/sobjects/{sObject}/deleted/")
    Response getDeleted(@PathParam("version") String version, @PathParam("sObject") String sObject,
            @QueryParam("start") String start, @QueryParam("end") String end,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeletedResult(List<DeletedRecord> deletedRecords, String earliestDateAvailable, String latestDateCovered) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeletedRecord(String id, String deletedDate) {
    }

    /** The body of a successful upsert (and of a create). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SaveResult(String id, boolean success, Boolean created, List<ApiError> errors) {
    }

    /** One element of Salesforce's error array. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiError(String message, String errorCode, List<String> fields) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record QueryResult(int totalSize, boolean done, String nextRecordsUrl, List<Map<String, Object>> records) {
    }
}
