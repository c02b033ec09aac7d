package io.crmsync.hubspot;

import java.util.List;
import java.util.Map;

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
 * HubSpot CRM v3 search (shapes from HubSpot's OpenAPI documents): PublicObjectSearchRequest in, a page with its
 * total out. Raw {@link Response}s, so the adapter reads every status.
 */
@RegisterRestClient(configKey = "hubspot")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(CrmCallFilter.class)
@Path("/crm/v3/objects")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface HubSpotSearchApi {

    /** The largest page search serves. */
    int MAX_LIMIT = 200;

    @POST
    @Path("/{objectType}/search")
    Response search(@PathParam("objectType") String objectType, SearchRequest request,
            @HeaderParam("Authorization") String authorization);

    /** PublicObjectSearchRequest; {@code sorts} holds one property name, "-name" for descending. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SearchRequest(List<FilterGroup> filterGroups, List<String> sorts, List<String> properties, int limit,
            String after) {
    }

    /** FilterGroup: its filters are ANDed; groups are ORed. */
    record FilterGroup(List<Filter> filters) {
    }

    /** Filter. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Filter(String propertyName, String operator, String value) {
    }

    /** CollectionResponseWithTotalSimplePublicObjectForwardPaging. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchPage(int total, List<Result> results) {
    }

    /** SimplePublicObject, the parts a change read needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(String id, Map<String, String> properties, String updatedAt) {
    }
}
