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
    /**
     * Each record's values as search sees them, per type and id, kept while the record is unchanged: a pass of
     * searches over 100,000 records would otherwise rebuild them all on every search.
     */
    private final Map<String, Cached> values = new java.util.concurrent.ConcurrentHashMap<>();
    private final SortKeys keys = new SortKeys();

    /** {@code source} is the record's own properties map: a write makes a new one, so identity says "unchanged". */
    private record Cached(Map<String, String> source, java.time.Instant updatedAt, Map<String, String> values) {
    }

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
        // Each object's values and sort key are built once, not once per comparison (a sort compares n·log n
        // times), so a search over 100,000 records stays well under a second.
        List<HubSpotObject> matching = store.all().stream()
                .map(o -> new Row(o, valuesOf(type, o), query, keys))
                .filter(row -> query.matches(row.values(), keys))
                .sorted(Row.order(query))
                .map(Row::object).toList();
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

    private Map<String, String> valuesOf(HubSpotObjectType type, HubSpotObject object) {
        String key = type.pathName() + "|" + object.id();
        Cached cached = values.get(key);
        if (cached == null || cached.source() != object.properties() || !cached.updatedAt().equals(object.updatedAt())) {
            cached = new Cached(object.properties(), object.updatedAt(),
                    java.util.Collections.unmodifiableMap(HubSpotJson.allProperties(type, object)));
            values.put(key, cached);
        }
        return cached.values();
    }

    /** An object with what a search filters and sorts it by, computed once. */
    private record Row(HubSpotObject object, Map<String, String> values, Comparable<?> key) {
        Row(HubSpotObject object, Map<String, String> values, SearchQuery query, SortKeys keys) {
            this(object, values, query.sort().flatMap(s -> keys.of(s.property(), values.get(s.property().name())))
                    .orElse(null));
        }

        /** By the sort property (unset values last, whatever the direction), then by id, as HubSpot orders. */
        @SuppressWarnings({ "unchecked", "rawtypes" })
        static java.util.Comparator<Row> order(SearchQuery query) {
            java.util.Comparator<Row> byId = java.util.Comparator.comparingLong(r -> r.object().id());
            if (query.sort().isEmpty()) {
                return byId;
            }
            boolean descending = query.sort().get().descending();
            java.util.Comparator<Row> byKey = (a, b) -> {
                if (a.key() == null || b.key() == null) {
                    return a.key() == null ? (b.key() == null ? 0 : 1) : -1;
                }
                int cmp = ((Comparable) a.key()).compareTo(b.key());
                return descending ? -cmp : cmp;
            };
            return byKey.thenComparing(byId);
        }
    }
}
