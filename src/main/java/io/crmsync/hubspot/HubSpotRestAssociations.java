package io.crmsync.hubspot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.crmsync.budget.Crm;
import io.crmsync.budget.RetryPolicy;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crmhttp.CrmRetries;
import io.crmsync.sync.HubSpotAssociations;
import io.crmsync.sync.WriteResult;

/** HubSpot associations through the CRM v4 batch endpoints. */
@ApplicationScoped
public class HubSpotRestAssociations implements HubSpotAssociations {

    /** HubSpot changelog (Feb 2025): association batch reads take at most 1,000 ids. */
    static final int READ_LIMIT = 1_000;
    /**
     * The v4 spec states no create limit; 100 is HubSpot's general batch limit (and the sandbox's), the safe
     * size until a larger one is confirmed.
     */
    static final int CREATE_LIMIT = 100;
    static final String HUBSPOT_DEFINED = "HUBSPOT_DEFINED";

    /** HubSpot-defined association type ids for one direction between two object types. */
    private record PairTypes(int unlabelled, Integer primary) {
    }

    /**
     * From HubSpot's v4 docs (association type ids); only contact and deal to company have a primary type.
     * Activities (tasks, calls, emails, meetings, notes) associate with contacts, companies and deals unlabelled.
     */
    private static final Map<String, PairTypes> TYPES = Map.ofEntries(
            Map.entry("contact>company", new PairTypes(279, 1)),
            Map.entry("company>contact", new PairTypes(280, 2)),
            Map.entry("deal>company", new PairTypes(341, 5)),
            Map.entry("company>deal", new PairTypes(342, 6)),
            Map.entry("deal>contact", new PairTypes(3, null)),
            Map.entry("contact>deal", new PairTypes(4, null)),
            Map.entry("task>contact", new PairTypes(204, null)),
            Map.entry("task>company", new PairTypes(192, null)),
            Map.entry("task>deal", new PairTypes(216, null)),
            Map.entry("call>contact", new PairTypes(194, null)),
            Map.entry("call>company", new PairTypes(182, null)),
            Map.entry("call>deal", new PairTypes(206, null)),
            Map.entry("email>contact", new PairTypes(198, null)),
            Map.entry("email>company", new PairTypes(186, null)),
            Map.entry("email>deal", new PairTypes(210, null)),
            Map.entry("meeting>contact", new PairTypes(200, null)),
            Map.entry("meeting>company", new PairTypes(188, null)),
            Map.entry("meeting>deal", new PairTypes(212, null)),
            Map.entry("note>contact", new PairTypes(202, null)),
            Map.entry("note>company", new PairTypes(190, null)),
            Map.entry("note>deal", new PairTypes(214, null)));

    private final HubSpotAssociationsApi api;
    private final HubSpotTokens tokens;
    private final CrmRetries retries;

    public HubSpotRestAssociations(@RestClient HubSpotAssociationsApi api, HubSpotTokens tokens, CrmRetries retries) {
        this.api = api;
        this.tokens = tokens;
        this.retries = retries;
    }

    @Override
    public Map<String, List<Associated>> read(String tenantId, String fromType, String toType,
            Collection<String> fromIds) {
        PairTypes types = typesBetween(fromType, toType);
        Map<String, List<HubSpotAssociationsApi.AssociatedRecord>> found = new LinkedHashMap<>();
        // Each round asks for the ids still owed a page: all of them first, then those HubSpot paged.
        List<HubSpotAssociationsApi.FetchInput> pending = new LinkedHashSet<>(fromIds).stream()
                .map(id -> new HubSpotAssociationsApi.FetchInput(id, null)).toList();
        while (!pending.isEmpty()) {
            List<HubSpotAssociationsApi.FetchInput> nextRound = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += READ_LIMIT) {
                List<HubSpotAssociationsApi.FetchInput> chunk = pending.subList(from,
                        Math.min(pending.size(), from + READ_LIMIT));
                HubSpotAssociationsApi.BatchReadResponse page = readPage(fromType, toType, chunk);
                // 207 errors name ids without associations of toType: they simply stay absent.
                for (HubSpotAssociationsApi.AssociationsOfRecord record : nullSafe(page.results())) {
                    String fromId = record.from().id();
                    found.computeIfAbsent(fromId, k -> new ArrayList<>()).addAll(nullSafe(record.to()));
                    if (record.paging() != null && record.paging().next() != null
                            && record.paging().next().after() != null) {
                        nextRound.add(new HubSpotAssociationsApi.FetchInput(fromId, record.paging().next().after()));
                    }
                }
            }
            pending = nextRound;
        }
        Map<String, List<Associated>> associations = new LinkedHashMap<>();
        found.forEach((fromId, records) -> {
            // HubSpot lists associations by id; the engine wants the primary one first (a stable sort keeps the rest).
            List<Associated> primaryFirst = records.stream()
                    .map(r -> new Associated(r.toObjectId(), isPrimary(r, types)))
                    .sorted(Comparator.comparing((Associated a) -> !a.primary())).toList();
            if (!primaryFirst.isEmpty()) {
                associations.put(fromId, primaryFirst);
            }
        });
        return associations;
    }

    /** Primary by type id; by HubSpot's "Primary" label as well, should a portal report the type otherwise. */
    private static boolean isPrimary(HubSpotAssociationsApi.AssociatedRecord record, PairTypes types) {
        return nullSafe(record.associationTypes()).stream().anyMatch(t -> HUBSPOT_DEFINED.equals(t.category())
                && ((types.primary() != null && t.typeId() == types.primary()) || "Primary".equals(t.label())));
    }

    private HubSpotAssociationsApi.BatchReadResponse readPage(String fromType, String toType,
            List<HubSpotAssociationsApi.FetchInput> inputs) {
        Response response = send(() -> api.batchRead(HubSpotRestRecords.pluralOf(fromType),
                HubSpotRestRecords.pluralOf(toType), new HubSpotAssociationsApi.BatchReadInput(List.copyOf(inputs)),
                authorization()));
        try (response) {
            int status = response.getStatus();
            if (status == 200 || status == 207) {
                return response.readEntity(HubSpotAssociationsApi.BatchReadResponse.class);
            }
            throw failure("batch/read", status, HubSpotErrorBodies.read(response));
        }
    }

    @Override
    public List<WriteResult> associatePrimary(String tenantId, String fromType, String toType,
            List<Association> pairs) {
        PairTypes types = typesBetween(fromType, toType);
        // A primary association always comes with the unlabelled one; HubSpot adds that itself.
        HubSpotAssociationsApi.TypeSpec type = new HubSpotAssociationsApi.TypeSpec(HUBSPOT_DEFINED,
                types.primary() != null ? types.primary() : types.unlabelled());
        List<WriteResult> results = new ArrayList<>(pairs.size());
        for (int from = 0; from < pairs.size(); from += CREATE_LIMIT) {
            List<Association> chunk = pairs.subList(from, Math.min(pairs.size(), from + CREATE_LIMIT));
            List<HubSpotAssociationsApi.CreateInput> inputs = chunk.stream().map(p -> new HubSpotAssociationsApi
                    .CreateInput(new HubSpotAssociationsApi.ObjectId(p.fromId()),
                            new HubSpotAssociationsApi.ObjectId(p.toId()), List.of(type))).toList();
            Response response = send(() -> api.batchCreate(HubSpotRestRecords.pluralOf(fromType),
                    HubSpotRestRecords.pluralOf(toType), new HubSpotAssociationsApi.BatchCreateInput(inputs),
                    authorization()));
            try (response) {
                int status = response.getStatus();
                if (status == 200 || status == 201 || status == 207) {
                    results.addAll(outcomes(chunk,
                            response.readEntity(HubSpotAssociationsApi.BatchCreateResponse.class)));
                } else if (status == 400 || status == 404 || status == 409) {
                    // HubSpot refused the call as a whole: every pair of it is refused with that reason.
                    HubSpotObjectsApi.StandardError error = HubSpotErrorBodies.read(response);
                    chunk.forEach(p -> results.add(refused(p, error, "HTTP_" + status)));
                } else {
                    throw failure("batch/create", status, HubSpotErrorBodies.read(response));
                }
            }
        }
        return results;
    }

    /** Pairs HubSpot answered for were written; the others were refused, with the error that names their ids. */
    private static List<WriteResult> outcomes(List<Association> chunk,
            HubSpotAssociationsApi.BatchCreateResponse answer) {
        java.util.Set<String> written = new java.util.HashSet<>();
        nullSafe(answer.results()).forEach(r -> written.add(r.fromObjectId() + ">" + r.toObjectId()));
        List<HubSpotObjectsApi.StandardError> errors = nullSafe(answer.errors());
        List<WriteResult> results = new ArrayList<>(chunk.size());
        for (Association pair : chunk) {
            if (written.contains(pair.fromId() + ">" + pair.toId())) {
                results.add(new WriteResult.Written(pair.fromId(), pair.fromId(), true));
                continue;
            }
            HubSpotObjectsApi.StandardError error = errors.stream().filter(e -> mentions(e, pair)).findFirst()
                    .orElse(errors.isEmpty() ? null : errors.get(0));
            results.add(refused(pair, error, "HUBSPOT_ASSOCIATION_NOT_CREATED"));
        }
        return results;
    }

    private static boolean mentions(HubSpotObjectsApi.StandardError error, Association pair) {
        return error.context() != null && error.context().values().stream()
                .anyMatch(ids -> ids != null && (ids.contains(pair.fromId()) || ids.contains(pair.toId())));
    }

    private static WriteResult refused(Association pair, HubSpotObjectsApi.StandardError error, String fallbackCode) {
        String code = error == null || error.category() == null ? fallbackCode : error.category();
        String message = error == null || error.message() == null ? "not in HubSpot's answer" : error.message();
        String category = error != null && ("MISSING_SCOPES".equals(error.category())
                || "FORBIDDEN".equals(error.category())) ? "Permissions" : "Associations";
        return new WriteResult.Refused(pair.fromId(), code, message, category);
    }

    private static PairTypes typesBetween(String fromType, String toType) {
        PairTypes types = TYPES.get(fromType.toLowerCase(Locale.ROOT) + ">" + toType.toLowerCase(Locale.ROOT));
        if (types == null) {
            throw new IllegalArgumentException("crmsync does not associate " + fromType + " with " + toType);
        }
        return types;
    }

    /** Reads, and association writes (setting an association that exists changes nothing): all repeatable. */
    private Response send(Supplier<Response> call) {
        try {
            return retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, call);
        } catch (ProcessingException e) {
            throw CrmUnavailableException.unreachable("HubSpot", e);
        }
    }

    /** 429, 423 (locked) and 5xx pass; anything else is a fault of setup or code and fails loudly. */
    private static RuntimeException failure(String endpoint, int status, HubSpotObjectsApi.StandardError error) {
        String reason = error.category() != null ? error.category()
                : error.errorType() != null ? error.errorType() + "/" + error.policyName() : "";
        String message = "HubSpot associations " + endpoint + " answered " + status + " " + reason;
        if (status == 429 || status == 423 || status >= 500) {
            return new CrmUnavailableException(message, null);
        }
        return new IllegalStateException(message);
    }

    private String authorization() {
        return tokens.bearer();
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
