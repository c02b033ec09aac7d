package io.crmsync.hubspot;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.crmsync.crmhttp.CrmCallFilter;

/**
 * HubSpot CRM v3 object endpoints crmsync calls (shapes from HubSpot's OpenAPI documents). Methods return the
 * raw {@link Response} so the adapter sees every status and the rate-limit headers.
 */
@RegisterRestClient(configKey = "hubspot")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(CrmCallFilter.class)
@Path("/crm/v3/objects")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface HubSpotObjectsApi {

    @POST
    @Path("/{objectType}/batch/read")
    Response batchRead(@PathParam("objectType") String objectType, @QueryParam("archived") boolean archived,
            BatchReadInput input, @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/{objectType}/batch/update")
    Response batchUpdate(@PathParam("objectType") String objectType, BatchWriteInput input,
            @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/{objectType}/batch/upsert")
    Response batchUpsert(@PathParam("objectType") String objectType, BatchWriteInput input,
            @HeaderParam("Authorization") String authorization);

    /** 204 whether or not the records existed or were already archived. */
    @POST
    @Path("/{objectType}/batch/archive")
    Response batchArchive(@PathParam("objectType") String objectType, BatchArchiveInput input,
            @HeaderParam("Authorization") String authorization);

    /** BatchInputSimplePublicObjectId. */
    record BatchArchiveInput(List<ObjectId> inputs) {
    }

    /** BatchReadInputSimplePublicObjectId; {@code idProperty} e.g. "email" reads contacts by email. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record BatchReadInput(List<String> properties, List<String> propertiesWithHistory, List<ObjectId> inputs,
            String idProperty) {
        public BatchReadInput(List<String> properties, List<String> propertiesWithHistory, List<ObjectId> inputs) {
            this(properties, propertiesWithHistory, inputs, null);
        }
    }

    /** BatchInputSimplePublicObjectBatchInput / …Upsert: ids (or idProperty values) with the properties to set. */
    record BatchWriteInput(List<WriteInput> inputs) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record WriteInput(String id, String idProperty, Map<String, String> properties) {
    }

    /** SimplePublicObjectId. */
    record ObjectId(String id) {
    }

    /** BatchResponseSimplePublicObject / …WithErrors (errors only on 207). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BatchResponse(String status, List<SimplePublicObject> results, Integer numErrors,
            List<StandardError> errors) {
    }

    /** SimplePublicObject. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SimplePublicObject(String id, Map<String, String> properties, String createdAt, String updatedAt,
            boolean archived, Boolean isNew, Map<String, List<ValueWithTimestamp>> propertiesWithHistory) {
    }

    /** ValueWithTimestamp: one version of a property. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ValueWithTimestamp(String value, String timestamp, String sourceType) {
    }

    /** StandardError / Error. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StandardError(String status, String category, String message, String errorType, String policyName,
            Map<String, List<String>> context) {
    }
}
