package io.crmsync.hubspot;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.crmsync.crmhttp.CrmCallFilter;

/**
 * HubSpot CRM v3 Owners API (shapes from HubSpot's OpenAPI document): the users records can be assigned to. Raw
 * {@link Response}s, so the adapter reads every status.
 */
@RegisterRestClient(configKey = "hubspot")
@org.eclipse.microprofile.rest.client.annotation.RegisterProvider(CrmCallFilter.class)
@Path("/crm/v3/owners")
@Produces(MediaType.APPLICATION_JSON)
public interface HubSpotOwnersApi {

    /** The largest page the Owners API serves. */
    int MAX_LIMIT = 500;

    /** One page of owners; {@code after} is the previous page's {@code paging.next.after} (null for the first). */
    @GET
    Response list(@QueryParam("limit") int limit, @QueryParam("after") String after,
            @QueryParam("archived") boolean archived, @HeaderParam("Authorization") String authorization);

    /** CollectionResponsePublicOwnerForwardPaging. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OwnerPage(List<PublicOwner> results, ForwardPaging paging) {
    }

    /** PublicOwner: the parts crmsync matches by. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PublicOwner(String id, String email, String type, String firstName, String lastName, Long userId,
            boolean archived) {
    }

    /** ForwardPaging. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ForwardPaging(NextPage next) {
    }

    /** NextPage. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NextPage(String after, String link) {
    }

    /** Error. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String status, String category, String message) {
    }
}
