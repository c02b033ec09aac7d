package io.crmsync.sandbox.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.hubspot.OwnerStore.Owner;

/** {@code GET /crm/v3/owners} (paged, email filter) and {@code /crm/v3/owners/{ownerId}}. */
final class OwnersApi {

    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 100;

    private final HubSpotPortal portal;

    OwnersApi(HubSpotPortal portal) {
        this.portal = portal;
    }

    void register(Router router, Handler.Filter filter) {
        router.get("/crm/v3/owners", ((Handler) this::list).with(filter))
                .get("/crm/v3/owners/{ownerId}", ((Handler) this::read).with(filter));
    }

    private SandboxResponse list(SandboxRequest request) {
        int limit = HubSpotJson.limitParam(request.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        long after = request.queryParam("after").flatMap(HubSpotJson::parseId).orElse(0L);
        List<Owner> matching = portal.owners().all(request.queryParam("email")).stream()
                .filter(o -> o.id() > after).toList();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("results", matching.stream().limit(limit).map(OwnersApi::owner).toList());
        if (matching.size() > limit) {
            response.put("paging", HubSpotJson.nextPage(String.valueOf(matching.get(limit - 1).id()), null));
        }
        return SandboxResponse.json(200, response);
    }

    private SandboxResponse read(SandboxRequest request) {
        Optional<Owner> owner = HubSpotJson.parseId(request.pathParam("ownerId")).flatMap(portal.owners()::get);
        if (request.queryParam("idProperty").filter("userId"::equals).isPresent()) {
            owner = HubSpotJson.parseId(request.pathParam("ownerId")).flatMap(userId -> portal.owners()
                    .all(Optional.empty()).stream().filter(o -> o.userId() == userId).findFirst());
        }
        return owner.map(o -> SandboxResponse.json(200, owner(o))).orElseGet(HubSpotErrors::objectNotFound);
    }

    /** PublicOwner. */
    static Map<String, Object> owner(Owner o) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", String.valueOf(o.id()));
        json.put("email", o.email());
        json.put("type", "PERSON");
        json.put("firstName", o.firstName());
        json.put("lastName", o.lastName());
        json.put("userId", o.userId());
        json.put("userIdIncludingInactive", o.userId());
        json.put("createdAt", HubSpotJson.format(o.createdAt()));
        json.put("updatedAt", HubSpotJson.format(o.updatedAt()));
        json.put("archived", o.archived());
        json.put("teams", List.of());
        return json;
    }
}
