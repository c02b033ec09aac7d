package io.crmsync.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.sync.InclusionList;
import io.crmsync.sync.InclusionListMissingException;

/**
 * Inclusion-list membership through HubSpot's Lists v3 API. HubSpot has no batch "is member" call, so each
 * batch is answered the cheaper of two ways: one membership GET per contact, or paging through the list.
 */
@ApplicationScoped
public class HubSpotInclusionList implements InclusionList {

    /** The size only picks the call pattern, never the answer, so a few minutes' old size is good enough. */
    static final Duration SIZE_TTL = Duration.ofMinutes(5);
    static final String CONTACT_TYPE_ID = "0-1";

    private final HubSpotListsApi api;
    private final HubSpotTokens tokens;
    private final Clock clock;
    private final Duration sizeTtl;
    private final Map<ListKey, KnownSize> sizes = new ConcurrentHashMap<>();

    @Inject
    public HubSpotInclusionList(@RestClient HubSpotListsApi api, HubSpotTokens tokens) {
        this(api, tokens, Clock.systemUTC(), SIZE_TTL);
    }

    public HubSpotInclusionList(HubSpotListsApi api, HubSpotTokens tokens, Clock clock, Duration sizeTtl) {
        this.api = api;
        this.tokens = tokens;
        this.clock = clock;
        this.sizeTtl = sizeTtl;
    }

    private record ListKey(String tenantId, String listId) {
    }

    /** {@code size} empty when HubSpot did not say (the schema makes it optional). */
    private record KnownSize(OptionalLong size, Instant readAt) {
    }

    @Override
    public Set<String> membersAmong(String tenantId, String listId, Collection<String> contactIds) {
        // HubSpot record ids are numbers; anything else cannot be in a list. Keyed by number, spelled as asked.
        TreeMap<Long, String> asked = new TreeMap<>();
        for (String id : contactIds) {
            parseId(id).ifPresent(n -> asked.putIfAbsent(n, id));
        }
        ListKey key = new ListKey(tenantId, listId);
        OptionalLong size = sizeOf(key);
        if (asked.isEmpty()) {
            return Set.of();
        }
        // Cost per batch of n ids: n membership GETs, or at most ceil(size / 250) pages (fewer, as paging stops
        // past the largest asked id). Ask per record when that is no dearer; when the size is unknown, too,
        // since n is bounded by the batch while a list's pages are not. Both ways read live membership, so a
        // stale size only costs calls, never a wrong answer (an empty list still costs its one empty page).
        long pages = size.isPresent() ? (size.getAsLong() + HubSpotListsApi.MEMBERSHIP_PAGE_LIMIT - 1)
                / HubSpotListsApi.MEMBERSHIP_PAGE_LIMIT
                : Long.MAX_VALUE;
        return asked.size() <= pages ? askPerRecord(listId, asked) : pageThrough(key, asked);
    }

    private OptionalLong sizeOf(ListKey key) {
        Instant now = clock.instant();
        KnownSize known = sizes.get(key);
        if (known != null && now.isBefore(known.readAt().plus(sizeTtl))) {
            return known.size();
        }
        HubSpotListsApi.PublicObjectList list;
        try (Response response = call("GET list", () -> api.get(key.listId(), authorization()))) {
            if (response.getStatus() == 404) {
                throw missing(key, "does not exist in HubSpot");
            }
            expectOk(response, "GET list");
            list = response.readEntity(HubSpotListsApi.ListFetchResponse.class).list();
        }
        if (list == null || list.deletedAt() != null) {
            throw missing(key, "was deleted in HubSpot");
        }
        if (!CONTACT_TYPE_ID.equals(list.objectTypeId())) {
            throw missing(key, "holds object type " + list.objectTypeId() + ", not contacts (" + CONTACT_TYPE_ID + ")");
        }
        OptionalLong size = list.size() == null ? OptionalLong.empty() : OptionalLong.of(list.size());
        sizes.put(key, new KnownSize(size, now));
        return size;
    }

    private Set<String> askPerRecord(String listId, TreeMap<Long, String> asked) {
        Set<String> members = new LinkedHashSet<>();
        for (Map.Entry<Long, String> id : asked.entrySet()) {
            try (Response response = call("GET record memberships", () -> api.listsOfRecord(CONTACT_TYPE_ID,
                    String.valueOf(id.getKey()), authorization()))) {
                // 404: HubSpot knows no such contact (e.g. deleted since the change), so it is in no list.
                if (response.getStatus() == 404) {
                    continue;
                }
                expectOk(response, "GET record memberships");
                HubSpotListsApi.RecordMemberships lists = response.readEntity(HubSpotListsApi.RecordMemberships.class);
                if (lists.results() != null && lists.results().stream().anyMatch(l -> listId.equals(l.listId()))) {
                    members.add(id.getValue());
                }
            }
        }
        return members;
    }

    /** Pages come in ascending record id order, so paging stops once past the largest id asked about. */
    private Set<String> pageThrough(ListKey key, TreeMap<Long, String> asked) {
        long largestAsked = asked.lastKey();
        Set<String> members = new LinkedHashSet<>();
        String after = null;
        while (true) {
            String from = after;
            HubSpotListsApi.MembershipPage page;
            try (Response response = call("GET list memberships", () -> api.memberships(key.listId(), from,
                    HubSpotListsApi.MEMBERSHIP_PAGE_LIMIT, authorization()))) {
                if (response.getStatus() == 404) {
                    throw missing(key, "does not exist in HubSpot");
                }
                expectOk(response, "GET list memberships");
                page = response.readEntity(HubSpotListsApi.MembershipPage.class);
            }
            long lastOnPage = Long.MIN_VALUE;
            for (HubSpotListsApi.JoinTimeAndRecordId member : page.results() == null
                    ? List.<HubSpotListsApi.JoinTimeAndRecordId>of() : page.results()) {
                OptionalLong id = parseId(member.recordId());
                if (id.isPresent()) {
                    lastOnPage = Math.max(lastOnPage, id.getAsLong());
                    String spelled = asked.get(id.getAsLong());
                    if (spelled != null) {
                        members.add(spelled);
                    }
                }
            }
            after = page.paging() == null || page.paging().next() == null ? null : page.paging().next().after();
            if (after == null || lastOnPage >= largestAsked) {
                return members;
            }
            if (after.equals(from)) {
                throw new IllegalStateException("HubSpot list " + key.listId() + " memberships repeat the cursor " + after);
            }
        }
    }

    private InclusionListMissingException missing(ListKey key, String reason) {
        sizes.remove(key);
        return new InclusionListMissingException(key.listId(), reason);
    }

    private static Response call(String endpoint, Supplier<Response> send) {
        try {
            return send.get();
        } catch (ProcessingException e) {
            throw CrmUnavailableException.unreachable("HubSpot " + endpoint, e);
        }
    }

    private static void expectOk(Response response, String endpoint) {
        int status = response.getStatus();
        if (status == 200) {
            return;
        }
        String reason = describe(response);
        if (status == 429 || status >= 500) {
            throw new CrmUnavailableException("HubSpot " + endpoint + " answered " + status + " " + reason, null);
        }
        // 400/401/403 are configuration or programming faults: surface them loudly.
        throw new IllegalStateException("HubSpot " + endpoint + " answered " + status + " " + reason);
    }

    private static String describe(Response response) {
        try {
            HubSpotListsApi.Error error = response.readEntity(HubSpotListsApi.Error.class);
            return error.category() != null ? error.category() + ": " + error.message()
                    : error.errorType() != null ? error.errorType() + "/" + error.policyName() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static OptionalLong parseId(String id) {
        try {
            return id == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private String authorization() {
        return tokens.bearer();
    }
}
