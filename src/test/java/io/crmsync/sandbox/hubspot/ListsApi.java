package io.crmsync.sandbox.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.hubspot.ListStore.HubSpotList;
import io.crmsync.sandbox.hubspot.ListStore.MembershipChange;

/** Lists v3, as much as inclusion lists need: create, read, delete, membership changes and reads. */
final class ListsApi {

    static final int MEMBERSHIP_LIMIT = 250;
    static final int DEFAULT_MEMBERSHIP_LIMIT = 100;

    private final HubSpotPortal portal;

    ListsApi(HubSpotPortal portal) {
        this.portal = portal;
    }

    void register(Router router, Handler.Filter filter) {
        router.post("/crm/v3/lists", ((Handler) this::create).with(filter))
                .get("/crm/v3/lists/{listId}", ((Handler) this::read).with(filter))
                .delete("/crm/v3/lists/{listId}", ((Handler) this::delete).with(filter))
                .get("/crm/v3/lists/{listId}/memberships", ((Handler) this::memberships).with(filter))
                .put("/crm/v3/lists/{listId}/memberships/add", ((Handler) this::add).with(filter))
                .put("/crm/v3/lists/{listId}/memberships/remove", ((Handler) this::remove).with(filter))
                .get("/crm/v3/lists/records/{objectTypeId}/{recordId}/memberships", ((Handler) this::listsOf).with(filter));
    }

    private SandboxResponse create(SandboxRequest request) {
        JsonNode body = HubSpotJson.readObject(request);
        try {
            HubSpotList list = portal.lists().create(body.path("name").asText(null), body.path("objectTypeId").asText(""),
                    body.path("processingType").asText(""), body.path("filterBranch"));
            return SandboxResponse.json(200, Map.of("list", list(list, true)));
        } catch (IllegalArgumentException e) {
            return HubSpotErrors.validation(e.getMessage());
        }
    }

    private SandboxResponse read(SandboxRequest request) {
        HubSpotList list = existing(request);
        boolean includeFilters = request.queryParam("includeFilters").map(Boolean::parseBoolean).orElse(false);
        return SandboxResponse.json(200, Map.of("list", list(list, includeFilters)));
    }

    private SandboxResponse delete(SandboxRequest request) {
        portal.lists().delete(existing(request).listId());
        return SandboxResponse.empty(204);
    }

    private SandboxResponse memberships(SandboxRequest request) {
        HubSpotList list = existing(request);
        int limit = HubSpotJson.limitParam(request.queryParam("limit"), DEFAULT_MEMBERSHIP_LIMIT, MEMBERSHIP_LIMIT);
        long after = request.queryParam("after").flatMap(HubSpotJson::parseId).orElse(0L);
        SortedMap<Long, Instant> members = portal.lists().members(list.listId());
        List<Map<String, Object>> page = new ArrayList<>();
        members.tailMap(after + 1).entrySet().stream().limit(limit).forEach(e -> page.add(
                Map.of("recordId", String.valueOf(e.getKey()), "membershipTimestamp", HubSpotJson.format(e.getValue()))));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("results", page);
        response.put("total", members.size());
        if (page.size() == limit && members.tailMap(after + 1).size() > limit) {
            String next = (String) page.get(page.size() - 1).get("recordId");
            response.put("paging", HubSpotJson.nextPage(next, null));
        }
        return SandboxResponse.json(200, response);
    }

    private SandboxResponse add(SandboxRequest request) {
        return change(request, true);
    }

    private SandboxResponse remove(SandboxRequest request) {
        return change(request, false);
    }

    private SandboxResponse change(SandboxRequest request, boolean add) {
        HubSpotList list = existing(request);
        JsonNode body = HubSpotJson.read(request);
        if (!body.isArray()) {
            return HubSpotErrors.validation("Invalid input JSON: expected an array of record ids.");
        }
        try {
            List<String> ids = HubSpotJson.stringList(body);
            MembershipChange change = add ? portal.lists().add(list.listId(), ids) : portal.lists().remove(list.listId(), ids);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("recordIdsMissing", change.missing());
            response.put("recordIdsRemoved", change.removed());
            response.put("recordsIdsAdded", change.added());
            return SandboxResponse.json(200, response);
        } catch (IllegalStateException e) {
            return HubSpotErrors.validation(e.getMessage());
        }
    }

    private SandboxResponse listsOf(SandboxRequest request) {
        HubSpotObjectType type = portal.typeFor(request.pathParam("objectTypeId"));
        long recordId = HubSpotJson.parseId(request.pathParam("recordId")).orElseThrow(() ->
                new ResponseException(HubSpotErrors.objectNotFound()));
        List<Map<String, Object>> results = new ArrayList<>();
        portal.lists().listsOf(type, recordId).forEach((list, joined) -> {
            Map<String, Object> membership = new LinkedHashMap<>();
            membership.put("listId", String.valueOf(list.listId()));
            membership.put("listVersion", list.listVersion());
            membership.put("firstAddedTimestamp", HubSpotJson.format(joined));
            membership.put("lastAddedTimestamp", HubSpotJson.format(joined));
            results.add(membership);
        });
        return SandboxResponse.json(200, Map.of("results", results, "total", results.size()));
    }

    private HubSpotList existing(SandboxRequest request) {
        return HubSpotJson.parseId(request.pathParam("listId")).flatMap(portal.lists()::get)
                .orElseThrow(() -> new ResponseException(HubSpotErrors.error(404, "OBJECT_NOT_FOUND",
                        "List " + request.pathParam("listId") + " does not exist.")));
    }

    /** PublicObjectList. */
    private Map<String, Object> list(HubSpotList list, boolean includeFilters) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("listId", String.valueOf(list.listId()));
        json.put("listVersion", list.listVersion());
        json.put("name", list.name());
        json.put("objectTypeId", list.type().typeId());
        json.put("processingStatus", "COMPLETE");
        json.put("processingType", list.processingType());
        json.put("createdAt", HubSpotJson.format(list.createdAt()));
        json.put("updatedAt", HubSpotJson.format(list.updatedAt()));
        json.put("filtersUpdatedAt", HubSpotJson.format(list.createdAt()));
        try {
            json.put("size", portal.lists().members(list.listId()).size());
        } catch (NoSuchElementException e) {
            json.put("size", 0);
        }
        if (includeFilters) {
            list.filterBranch().ifPresent(f -> json.put("filterBranch", f));
        }
        return json;
    }
}
