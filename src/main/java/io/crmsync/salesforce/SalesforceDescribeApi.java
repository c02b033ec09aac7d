package io.crmsync.salesforce;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Salesforce's sObject Describe resource, under the org's instance URL (built per org at run time). */
@Path("/services/data/{version}")
@Produces(MediaType.APPLICATION_JSON)
public interface SalesforceDescribeApi {

    @GET
    @Path("/sobjects/{sObject}/describe")
    Response describe(@PathParam("version") String version, @PathParam("sObject") String sObject,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Sforce-Call-Options") String callOptions);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DescribeResult(String name, List<Field> fields) {
    }

    /** The parts of a field's describe the mapping validator needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Field(String name, String type, int length, List<PicklistValue> picklistValues, boolean updateable,
            boolean createable, boolean nillable, boolean defaultedOnCreate, boolean externalId, boolean unique,
            List<String> referenceTo) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PicklistValue(String value, boolean active) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiError(String message, String errorCode) {
    }
}
