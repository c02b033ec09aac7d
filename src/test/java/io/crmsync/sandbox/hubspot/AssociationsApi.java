package io.crmsync.sandbox.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.hubspot.AssociationTypes.Definition;

/** Associations v4: default and labelled creates, delete, list, and the batch endpoints. */
final class AssociationsApi {

    private static final String OBJECT = "/crm/v4/objects/{objectType}/{objectId}/associations";
    private static final String BATCH = "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch";
    static final int LIST_LIMIT = 500;
    /** HubSpot changelog (Feb 2025): "may not exceed 1000 IDs per request body". */
    static final int BATCH_READ_LIMIT = 1_000;
    /** Associations per from-id in one batch read answer; the rest follow with that input's {@code after}. */
    static final int BATCH_READ_PAGE = 500;

    private final HubSpotPortal portal;

    AssociationsApi(HubSpotPortal portal) {
        this.portal = portal;
    }

    void register(Router router, Handler.Filter filter) {
        router.put(OBJECT + "/default/{toObjectType}/{toObjectId}", ((Handler) this::createDefault).with(filter))
                .put(OBJECT + "/{toObjectType}/{toObjectId}", ((Handler) this::createLabelled).with(filter))
                .delete(OBJECT + "/{toObjectType}/{toObjectId}", ((Handler) this::delete).with(filter))
                .get(OBJECT + "/{toObjectType}", ((Handler) this::list).with(filter))
                .post(BATCH + "/read", ((Handler) this::batchRead).with(filter))
                .post(BATCH + "/create", ((Handler) this::batchCreate).with(filter))
                .post(BATCH + "/associate/default", ((Handler) this::batchDefault).with(filter))
                .post(BATCH + "/archive", ((Handler) this::batchArchive).with(filter));
    }

    private SandboxResponse createDefault(SandboxRequest request) {
        Instant startedAt = portal.clock().instant();
        HubSpotObjectType from = portal.typeFor(request.pathParam("objectType"));
        HubSpotObjectType to = portal.typeFor(request.pathParam("toObjectType"));
        long fromId = existing(from, request.pathParam("objectId"));
        long toId = existing(to, request.pathParam("toObjectId"));
        Definition definition = defaultBetween(from, to);
        portal.associations().add(definition, fromId, toId, portal.sourceOf(request));
        return SandboxResponse.json(200, batch(defaultResults(definition, fromId, toId), List.of(), startedAt));
    }

    private SandboxResponse createLabelled(SandboxRequest request) {
        HubSpotObjectType from = portal.typeFor(request.pathParam("objectType"));
        HubSpotObjectType to = portal.typeFor(request.pathParam("toObjectType"));
        long fromId = existing(from, request.pathParam("objectId"));
        long toId = existing(to, request.pathParam("toObjectId"));
        JsonNode specs = HubSpotJson.read(request);
        if (!specs.isArray() || specs.isEmpty()) {
            return HubSpotErrors.validation("Invalid input JSON: expected a non-empty array of association specs.");
        }
        for (Definition definition : definitions(from, to, specs)) {
            portal.associations().add(definition, fromId, toId, portal.sourceOf(request));
        }
        return SandboxResponse.json(201, labelsBetween(from, fromId, to, toId));
    }

    private SandboxResponse delete(SandboxRequest request) {
        HubSpotObjectType from = portal.typeFor(request.pathParam("objectType"));
        HubSpotObjectType to = portal.typeFor(request.pathParam("toObjectType"));
        requireRelated(from, to);
        long fromId = id(request.pathParam("objectId"));
        long toId = id(request.pathParam("toObjectId"));
        portal.associations().removeAll(from, fromId, to, toId, portal.sourceOf(request));
        return SandboxResponse.empty(204);
    }

    private SandboxResponse list(SandboxRequest request) {
        HubSpotObjectType from = portal.typeFor(request.pathParam("objectType"));
        HubSpotObjectType to = portal.typeFor(request.pathParam("toObjectType"));
        requireRelated(from, to);
        long fromId = existing(from, request.pathParam("objectId"));
        int limit = HubSpotJson.limitParam(request.queryParam("limit"), LIST_LIMIT, LIST_LIMIT);
        long after = request.queryParam("after").flatMap(HubSpotJson::parseId).orElse(0L);
        List<Map<String, Object>> all = associated(from, fromId, to, after);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("results", all.stream().limit(limit).toList());
        if (all.size() > limit) {
            String next = (String) all.get(limit - 1).get("toObjectId");
            response.put("paging", HubSpotJson.nextPage(next, null));
        }
        return SandboxResponse.json(200, response);
    }

    /**
     * Ids with no associations come back as errors (207), as HubSpot reports them. A record with more than
     * {@link #BATCH_READ_PAGE} associations gets a {@code paging.next.after} to send back with its id.
     */
    private SandboxResponse batchRead(SandboxRequest request) {
        Instant startedAt = portal.clock().instant();
        HubSpotObjectType from = portal.typeFor(request.pathParam("fromObjectType"));
        HubSpotObjectType to = portal.typeFor(request.pathParam("toObjectType"));
        requireRelated(from, to);
        JsonNode inputs = HubSpotJson.inputs(HubSpotJson.readObject(request), BATCH_READ_LIMIT);
        List<Object> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode input : inputs) {
            String given = input.path("id").asText("");
            long after = HubSpotJson.parseId(input.path("after").asText("")).orElse(0L);
            List<Map<String, Object>> associated = HubSpotJson.parseId(given)
                    .map(id -> associated(from, id, to, after)).orElse(List.of());
            if (associated.isEmpty()) {
                errors.add(standardError("No " + to.eventPrefixOrName() + " is associated with " + from.eventPrefixOrName()
                        + " " + given + ".", given));
                continue;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("from", Map.of("id", given));
            result.put("to", associated.stream().limit(BATCH_READ_PAGE).toList());
            if (associated.size() > BATCH_READ_PAGE) {
                result.put("paging", HubSpotJson.nextPage(
                        (String) associated.get(BATCH_READ_PAGE - 1).get("toObjectId"), null));
            }
            results.add(result);
        }
        return SandboxResponse.json(errors.isEmpty() ? 200 : 207, batch(results, errors, startedAt));
    }

    private SandboxResponse batchCreate(SandboxRequest request) {
        Instant startedAt = portal.clock().instant();
        HubSpotObjectType from = portal.typeFor(request.pathParam("fromObjectType"));
        HubSpotObjectType to = portal.typeFor(request.pathParam("toObjectType"));
        requireRelated(from, to);
        JsonNode inputs = HubSpotJson.inputs(HubSpotJson.readObject(request), ObjectsApi.BATCH_LIMIT);
        List<Object> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode input : inputs) {
            List<Definition> definitions = definitions(from, to, input.path("types"));
            String fromGiven = input.path("from").path("id").asText("");
            String toGiven = input.path("to").path("id").asText("");
            var fromId = HubSpotJson.parseId(fromGiven).filter(id -> portal.store(from).get(id).isPresent());
            var toId = HubSpotJson.parseId(toGiven).filter(id -> portal.store(to).get(id).isPresent());
            if (fromId.isEmpty() || toId.isEmpty()) {
                errors.add(standardError("Could not associate " + from.errorLabel() + " " + fromGiven + " with "
                        + to.errorLabel() + " " + toGiven + ": an object does not exist.", fromGiven));
                continue;
            }
            ChangeSource source = portal.sourceOf(request);
            definitions.forEach(d -> portal.associations().add(d, fromId.get(), toId.get(), source));
            results.add(labelsBetween(from, fromId.get(), to, toId.get()));
        }
        return SandboxResponse.json(errors.isEmpty() ? 201 : 207, batch(results, errors, startedAt));
    }

    private SandboxResponse batchDefault(SandboxRequest request) {
        Instant startedAt = portal.clock().instant();
        HubSpotObjectType from = portal.typeFor(request.pathParam("fromObjectType"));
        HubSpotObjectType to = portal.typeFor(request.pathParam("toObjectType"));
        Definition definition = defaultBetween(from, to);
        JsonNode inputs = HubSpotJson.inputs(HubSpotJson.readObject(request), ObjectsApi.BATCH_LIMIT);
        List<Object> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (JsonNode input : inputs) {
            String fromGiven = input.path("from").path("id").asText("");
            String toGiven = input.path("to").path("id").asText("");
            var fromId = HubSpotJson.parseId(fromGiven).filter(id -> portal.store(from).get(id).isPresent());
            var toId = HubSpotJson.parseId(toGiven).filter(id -> portal.store(to).get(id).isPresent());
            if (fromId.isEmpty() || toId.isEmpty()) {
                errors.add(standardError("Could not associate " + from.errorLabel() + " " + fromGiven + " with "
                        + to.errorLabel() + " " + toGiven + ": an object does not exist.", fromGiven));
                continue;
            }
            portal.associations().add(definition, fromId.get(), toId.get(), portal.sourceOf(request));
            results.addAll(defaultResults(definition, fromId.get(), toId.get()));
        }
        return SandboxResponse.json(200, batch(results, errors, startedAt));
    }

    private SandboxResponse batchArchive(SandboxRequest request) {
        HubSpotObjectType from = portal.typeFor(request.pathParam("fromObjectType"));
        HubSpotObjectType to = portal.typeFor(request.pathParam("toObjectType"));
        requireRelated(from, to);
        JsonNode inputs = HubSpotJson.inputs(HubSpotJson.readObject(request), ObjectsApi.BATCH_LIMIT);
        ChangeSource source = portal.sourceOf(request);
        for (JsonNode input : inputs) {
            long fromId = id(input.path("from").path("id").asText(""));
            for (JsonNode target : input.path("to")) {
                portal.associations().removeAll(from, fromId, to, id(target.path("id").asText("")), source);
            }
        }
        return SandboxResponse.empty(204);
    }

    // ---- helpers ----

    private List<Definition> definitions(HubSpotObjectType from, HubSpotObjectType to, JsonNode specs) {
        requireRelated(from, to);
        List<Definition> definitions = new ArrayList<>();
        for (JsonNode spec : specs) {
            String category = spec.path("associationCategory").asText("");
            int typeId = spec.path("associationTypeId").asInt(-1);
            if (!category.equals(AssociationTypes.HUBSPOT_DEFINED)) {
                throw new ResponseException(HubSpotErrors.validation("Association category " + category
                        + " is not known here; only HUBSPOT_DEFINED types exist in this portal."));
            }
            definitions.add(portal.associations().types().byId(from, to, typeId).orElseThrow(() ->
                    new ResponseException(HubSpotErrors.validation("associationTypeId " + typeId + " is not valid from "
                            + from.typeId() + " to " + to.typeId() + "."))));
        }
        return definitions;
    }

    private Definition defaultBetween(HubSpotObjectType from, HubSpotObjectType to) {
        return portal.associations().types().defaultBetween(from, to).orElseThrow(() -> new ResponseException(
                HubSpotErrors.validation(from.pathName() + " cannot be associated with " + to.pathName() + ".")));
    }

    private void requireRelated(HubSpotObjectType from, HubSpotObjectType to) {
        defaultBetween(from, to);
    }

    private long existing(HubSpotObjectType type, String rawId) {
        return HubSpotJson.parseId(rawId).filter(id -> portal.store(type).get(id).isPresent())
                .orElseThrow(() -> new ResponseException(HubSpotErrors.objectNotFound()));
    }

    private static long id(String raw) {
        return HubSpotJson.parseId(raw).orElseThrow(() -> new ResponseException(
                HubSpotErrors.validation("'" + raw + "' is not an object id.")));
    }

    /** MultiAssociatedObjectWithLabel entries for targets above {@code after}. */
    private List<Map<String, Object>> associated(HubSpotObjectType from, long fromId, HubSpotObjectType to, long after) {
        SortedMap<Long, Set<Integer>> targets = portal.associations().targets(from, fromId, to);
        List<Map<String, Object>> out = new ArrayList<>();
        targets.tailMap(after + 1).forEach((toId, typeIds) -> {
            List<Map<String, Object>> specs = new ArrayList<>();
            for (int typeId : new TreeSet<>(typeIds)) {
                Definition d = portal.associations().types().byId(from, to, typeId).orElseThrow();
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("category", AssociationTypes.HUBSPOT_DEFINED);
                spec.put("typeId", typeId);
                if (d.label() != null) {
                    spec.put("label", d.label());
                }
                specs.add(spec);
            }
            out.add(Map.of("toObjectId", String.valueOf(toId), "associationTypes", specs));
        });
        return out;
    }

    private Map<String, Object> labelsBetween(HubSpotObjectType from, long fromId, HubSpotObjectType to, long toId) {
        List<String> labels = new ArrayList<>();
        for (int typeId : new TreeSet<>(portal.associations().typesBetween(from, fromId, to, toId))) {
            portal.associations().types().byId(from, to, typeId).map(Definition::label).ifPresent(labels::add);
        }
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("fromObjectTypeId", from.typeId());
        pair.put("fromObjectId", String.valueOf(fromId));
        pair.put("toObjectTypeId", to.typeId());
        pair.put("toObjectId", String.valueOf(toId));
        pair.put("labels", labels);
        return pair;
    }

    /** HubSpot reports a default association in both directions. */
    private List<Object> defaultResults(Definition definition, long fromId, long toId) {
        Definition inverse = portal.associations().types().inverse(definition);
        return List.of(defaultResult(definition, fromId, toId), defaultResult(inverse, toId, fromId));
    }

    private static Map<String, Object> defaultResult(Definition d, long fromId, long toId) {
        return Map.of("from", Map.of("id", String.valueOf(fromId)), "to", Map.of("id", String.valueOf(toId)),
                "associationSpec", Map.of("associationCategory", AssociationTypes.HUBSPOT_DEFINED,
                        "associationTypeId", d.typeId()));
    }

    private Map<String, Object> batch(List<Object> results, List<Map<String, Object>> errors, Instant startedAt) {
        return HubSpotJson.batchBody(results, errors, startedAt, portal.clock().instant());
    }

    private static Map<String, Object> standardError(String message, String id) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "error");
        error.put("category", "VALIDATION_ERROR");
        error.put("subCategory", Map.of());
        error.put("message", message);
        error.put("context", Map.of("fromObjectId", List.of(id)));
        error.put("errors", List.of());
        error.put("links", Map.of());
        return error;
    }
}
