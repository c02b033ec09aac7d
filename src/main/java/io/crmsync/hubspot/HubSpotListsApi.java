package io.crmsync.hubspot;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 * HubSpot Lists v3 reads crmsync needs for inclusion lists (shapes from HubSpot's crm-lists-v3 OpenAPI
 * document). Raw {@link Response}s, so the adapter reads every status.
 */
@RegisterRestClient(configKey = "hubspot")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(CrmCallFilter.class)
@Path("/crm/v3/lists")
@Produces(MediaType.APPLICATION_JSON)
public interface HubSpotListsApi {

    /** "The maximum {@code limit} is 250" for list memberships. */
    int MEMBERSHIP_PAGE_LIMIT = 250;

    /** Fetch a list by ILS id: answers {@link ListFetchResponse}. */
    @GET
    @Path("/{listId}")
    Response get(@PathParam("listId") String listId, @HeaderParam("Authorization") String authorization);

    /**
     * A list's memberships in ascending {@code recordId} order when paged with {@code after}: answers
     * {@link MembershipPage}.
     */
    @GET
    @Path("/{listId}/memberships")
    Response memberships(@PathParam("listId") String listId, @QueryParam("after") String after,
            @QueryParam("limit") int limit, @HeaderParam("Authorization") String authorization);

    /** The lists one record is a member of: answers {@link RecordMemberships}. */
    @GET
    @Path("/records/{objectTypeId}/{recordId}/memberships")
    Response listsOfRecord(@PathParam("objectTypeId") String objectTypeId, @PathParam("recordId") String recordId,
            @HeaderParam("Authorization") String authorization);

    /** ListFetchResponse. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListFetchResponse(PublicObjectList list) {
    }

    /** PublicObjectList: the parts crmsync reads ({@code size} is optional in the schema). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PublicObjectList(String listId, String objectTypeId, String processingType, Long size,
            String deletedAt) {
    }

    /** ApiCollectionResponseJoinTimeAndRecordId. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MembershipPage(List<JoinTimeAndRecordId> results, Paging paging, Long total) {
    }

    /** JoinTimeAndRecordId. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record JoinTimeAndRecordId(String recordId, String membershipTimestamp) {
    }

    /** Paging: only {@code next} is followed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Paging(NextPage next) {
    }

    /** NextPage. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NextPage(String after, String link) {
    }

    /** ApiCollectionResponseRecordListMembership. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordMemberships(List<RecordListMembership> results) {
    }

    /** RecordListMembership. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordListMembership(String listId, Integer listVersion) {
    }

    /** Error, with the rate-limit fields of a 429. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String status, String category, String message, String errorType, String policyName) {
    }
}
