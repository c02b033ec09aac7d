package io.crmsync.sandbox.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;

/**
 * {@code POST /crm/v3/objects/{objectType}/search}: filters, one sort, offset paging up to 10,000 results, a
 * request body of at most 3,000 characters. Archived records never appear. Its own rate limit (5/s) is
 * applied by {@link RateLimits}.
 */
final class SearchApi {

    static final String ROUTE = "/crm/v3/objects/{objectType}/search";
    static final int MAX_BODY_CHARS = 3_000;

    private final HubSpotPortal portal;

    SearchApi(HubSpotPortal portal) {
        this.portal = portal;
    }

    void register(Router router, Handler.Filter filter) {
        router.post(ROUTE, ((Handler) this::search).with(filter));
    }

    private SandboxResponse search(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        String text = request.bodyText();
        if (text.length() > MAX_BODY_CHARS) {
            return HubSpotErrors.validation("The search request body is " + text.length() + " characters long; at most "
                    + MAX_BODY_CHARS + " are allowed.");
        }
        JsonNode body = HubSpotJson.readObject(request);
        SearchQuery query;
        try {
            query = SearchQuery.parse(body, name -> portal.properties().find(store.type(), name));
        } catch (SearchQuery.Invalid e) {
            return HubSpotErrors.validation(e.getMessage());
        }
        HubSpotObjectType type = store.type();
        List<HubSpotObject> matching = store.all().stream()
                .filter(o -> query.matches(HubSpotJson.allProperties(type, o)))
                .sorted((a, b) -> query.order().compare(HubSpotJson.allProperties(type, a), HubSpotJson.allProperties(type, b)))
                .toList();
        int total = matching.size();
        List<Map<String, Object>> page = matching.stream().skip(query.after()).limit(query.limit())
                .map(o -> portal.json().publicObject(type, o, query.properties(), List.of())).toList();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("total", total);
        response.put("results", page);
        int next = query.after() + page.size();
        if (next < total) {
            response.put("paging", HubSpotJson.nextPage(String.valueOf(next), null));
        }
        return SandboxResponse.json(200, response);
    }
}
