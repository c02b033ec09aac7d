package io.crmsync.hubspot;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import com.fasterxml.jackson.annotation.JsonInclude;

import io.crmsync.crmhttp.CrmCallFilter;

/**
 * HubSpot CRM v3 Properties API (shapes from HubSpot's OpenAPI document): list an object type's properties,
 * create a property and a property group. Raw {@link Response}s, so the adapter reads every status.
 */
@RegisterRestClient(configKey = "hubspot")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(CrmCallFilter.class)
@Path("/crm/v3/properties/{objectType}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface HubSpotPropertiesApi {

    @GET
    Response list(@PathParam("objectType") String objectType, @QueryParam("archived") boolean archived,
            @HeaderParam("Authorization") String authorization);

    @POST
    Response create(@PathParam("objectType") String objectType, PropertyCreate property,
            @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/groups")
    Response createGroup(@PathParam("objectType") String objectType, PropertyGroupCreate group,
            @HeaderParam("Authorization") String authorization);

    /** CollectionResponseProperty (the list is not paged). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PropertyList(List<Property> results) {
    }

    /** Property: the parts the mapping validator needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Property(String name, String type, String fieldType, List<Option> options, Boolean calculated,
            Boolean hasUniqueValue, Boolean hubspotDefined, String referencedObjectType,
            ModificationMetadata modificationMetadata) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModificationMetadata(Boolean readOnlyValue, Boolean readOnlyDefinition, Boolean archivable) {
    }

    /** OptionInput / Option. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Option(String label, String value, Integer displayOrder, Boolean hidden) {
    }

    /** PropertyCreate. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record PropertyCreate(String name, String label, String type, String fieldType, String groupName,
            String description, List<Option> options, Boolean hasUniqueValue) {

        PropertyCreate(String name, String label, String type, String fieldType, String groupName, String description,
                List<Option> options) {
            this(name, label, type, fieldType, groupName, description, options, null);
        }
    }

    /** PropertyGroupCreate. */
    record PropertyGroupCreate(String name, String label, int displayOrder) {
    }

    /** Error. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String status, String category, String message) {
    }
}
