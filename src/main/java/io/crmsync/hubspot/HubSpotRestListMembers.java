package io.crmsync.hubspot;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.crmsync.sync.HubSpotListMembers;
import io.crmsync.crm.CrmUnavailableException;

/** A HubSpot list's object type and members through the Lists v3 API, for the admin API's list resync. */
@ApplicationScoped
public class HubSpotRestListMembers implements HubSpotListMembers {

    private final HubSpotListsApi api;
    private final HubSpotTokens tokens;

    @Inject
    public HubSpotRestListMembers(@RestClient HubSpotListsApi api,
            HubSpotTokens tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    @Override
    public String objectTypeId(String listId) {
        try (Response response = call("GET list", () -> api.get(listId, tokens.bearer()))) {
            expectOk(listId, response, "GET list");
            HubSpotListsApi.PublicObjectList list = response.readEntity(HubSpotListsApi.ListFetchResponse.class).list();
            if (list == null || list.deletedAt() != null) {
                throw new ListNotFoundException(listId, "was deleted in HubSpot");
            }
            return list.objectTypeId();
        }
    }

    @Override
    public Page members(String listId, String after) {
        try (Response response = call("GET list memberships", () -> api.memberships(listId, after,
                HubSpotListsApi.MEMBERSHIP_PAGE_LIMIT, tokens.bearer()))) {
            expectOk(listId, response, "GET list memberships");
            HubSpotListsApi.MembershipPage page = response.readEntity(HubSpotListsApi.MembershipPage.class);
            List<String> ids = page.results() == null ? List.of()
                    : page.results().stream().map(HubSpotListsApi.JoinTimeAndRecordId::recordId)
                            .filter(id -> id != null && !id.isBlank()).toList();
            Optional<String> next = page.paging() == null || page.paging().next() == null ? Optional.empty()
                    : Optional.ofNullable(page.paging().next().after()).filter(a -> !a.isBlank());
            return new Page(ids, next);
        }
    }

    private static Response call(String endpoint, Supplier<Response> send) {
        try {
            return send.get();
        } catch (ProcessingException e) {
            throw CrmUnavailableException.unreachable("HubSpot " + endpoint, e);
        }
    }

    private static void expectOk(String listId, Response response, String endpoint) {
        int status = response.getStatus();
        if (status == 200) {
            return;
        }
        if (status == 404) {
            throw new ListNotFoundException(listId, "does not exist in HubSpot");
        }
        if (status == 429 || status >= 500) {
            throw new CrmUnavailableException("HubSpot " + endpoint + " answered " + status, null);
        }
        // 400/401/403: the token or its scopes (crm.lists.read) — a configuration fault, said loudly.
        throw new IllegalStateException("HubSpot " + endpoint + " answered " + status);
    }
}
