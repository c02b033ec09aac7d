package io.crmsync.hubspot;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.crmsync.crmhttp.CrmCallFilter;

/**
 * HubSpot CRM v4 association batch endpoints (shapes from crm-associations-v4.json). Same host and token as
 * {@link HubSpotObjectsApi}, hence the same config key. Methods return the raw {@link Response} so the adapter
 * sees 207s and rate-limit statuses.
 */
@RegisterRestClient(configKey = "hubspot")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(CrmCallFilter.class)
@Path("/crm/v4/associations/{fromObjectType}/{toObjectType}/batch")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface HubSpotAssociationsApi {

    /** 200 BatchResponsePublicAssociationMultiWithLabel, or 207 …WithErrors (ids with no associations). */
    @POST
    @Path("/read")
    Response batchRead(@PathParam("fromObjectType") String fromObjectType,
            @PathParam("toObjectType") String toObjectType, BatchReadInput input,
            @HeaderParam("Authorization") String authorization);

    /** 201 BatchResponseLabelsBetweenObjectPair, or 207 …WithErrors. */
    @POST
    @Path("/create")
    Response batchCreate(@PathParam("fromObjectType") String fromObjectType,
            @PathParam("toObjectType") String toObjectType, BatchCreateInput input,
            @HeaderParam("Authorization") String authorization);

    /** BatchInputPublicFetchAssociationsBatchRequest. */
    record BatchReadInput(List<FetchInput> inputs) {
    }

    /** PublicFetchAssociationsBatchRequest: {@code after} asks for the next page of one record's associations. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FetchInput(String id, String after) {
    }

    /** BatchResponsePublicAssociationMultiWithLabel(WithErrors). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BatchReadResponse(String status, List<AssociationsOfRecord> results, Integer numErrors,
            List<HubSpotObjectsApi.StandardError> errors) {
    }

    /** PublicAssociationMultiWithLabel: {@code paging} only when the record has more associations. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AssociationsOfRecord(ObjectId from, List<AssociatedRecord> to, Paging paging) {
    }

    /** MultiAssociatedObjectWithLabel. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AssociatedRecord(String toObjectId, List<TypeWithLabel> associationTypes) {
    }

    /** AssociationSpecWithLabel. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TypeWithLabel(String category, int typeId, String label) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Paging(NextPage next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record NextPage(String after) {
    }

    /** BatchInputPublicAssociationMultiPost. */
    record BatchCreateInput(List<CreateInput> inputs) {
    }

    /** PublicAssociationMultiPost. */
    record CreateInput(ObjectId from, ObjectId to, List<TypeSpec> types) {
    }

    /** AssociationSpec. */
    record TypeSpec(String associationCategory, int associationTypeId) {
    }

    /** PublicObjectId. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ObjectId(String id) {
    }

    /** BatchResponseLabelsBetweenObjectPair(WithErrors). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BatchCreateResponse(String status, List<LabelsBetweenPair> results, Integer numErrors,
            List<HubSpotObjectsApi.StandardError> errors) {
    }

    /** LabelsBetweenObjectPair. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LabelsBetweenPair(String fromObjectTypeId, String fromObjectId, String toObjectTypeId, String toObjectId,
            List<String> labels) {
    }
}
