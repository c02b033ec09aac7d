package io.crmsync.sandbox.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.MergeResult;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.PropertyProblem;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.WriteResult;

/**
 * CRM v3 objects: create, read, update, archive, list, the batch endpoints, merge and the contacts GDPR delete.
 * Batches validate every input first (a bad property, or a create without a required one such as an engagement's
 * hs_timestamp, fails the whole request with 400, as HubSpot does); per-record problems (missing ids, taken
 * unique values) come back as 207 multi-status.
 */
final class ObjectsApi {

    /** "Object API batch endpoints are limited to 100 inputs per request." */
    static final int BATCH_LIMIT = 100;
    static final int LIST_LIMIT = 100;
    private static final String V3 = "/crm/v3/objects/{objectType}";

    private final HubSpotPortal portal;

    ObjectsApi(HubSpotPortal portal) {
        this.portal = portal;
    }

    void register(Router router, Handler.Filter filter) {
        router.post(V3, ((Handler) this::create).with(filter))
                .get(V3, ((Handler) this::list).with(filter))
                .get(V3 + "/{objectId}", ((Handler) this::read).with(filter))
                .patch(V3 + "/{objectId}", ((Handler) this::update).with(filter))
                .delete(V3 + "/{objectId}", ((Handler) this::archive).with(filter))
                .post(V3 + "/batch/read", ((Handler) this::batchRead).with(filter))
                .post(V3 + "/batch/create", ((Handler) this::batchCreate).with(filter))
                .post(V3 + "/batch/update", ((Handler) this::batchUpdate).with(filter))
                .post(V3 + "/batch/upsert", ((Handler) this::batchUpsert).with(filter))
                .post(V3 + "/batch/archive", ((Handler) this::batchArchive).with(filter))
                .post(V3 + "/merge", ((Handler) this::merge).with(filter))
                .post("/crm/v3/objects/contacts/gdpr-delete", ((Handler) this::gdprDelete).with(filter));
    }

    private SandboxResponse create(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        JsonNode body = HubSpotJson.readObject(request);
        Map<String, String> properties = HubSpotJson.propertiesOf(body);
        List<PendingAssociation> associations = associationsOf(store.type(), body.path("associations"));
        List<String> missing = store.type().missingOnCreate(properties);
        if (!missing.isEmpty()) {
            return HubSpotErrors.requiredPropertiesMissing(store.type(), missing);
        }
        portal.checkNotLocked();
        WriteResult result = store.create(properties, portal.sourceOf(request));
        if (result instanceof WriteResult.Written written) {
            associations.forEach(a -> portal.associations().add(a.definition(), written.object().id(), a.toId(),
                    portal.sourceOf(request)));
        }
        return writeResponse(store.type(), result, 201);
    }

    private SandboxResponse read(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        String idOrValue = request.pathParam("objectId");
        boolean archived = HubSpotJson.archivedParam(request);
        Optional<HubSpotObject> found;
        if (request.queryParam("idProperty").isPresent()) {
            found = archived ? Optional.empty() : byUniqueProperty(store, request.queryParam("idProperty").get(), idOrValue);
        } else {
            Optional<Long> id = HubSpotJson.parseId(idOrValue);
            found = archived ? id.flatMap(store::getArchived) : id.flatMap(store::resolve);
        }
        if (found.isEmpty()) {
            return HubSpotErrors.objectNotFound();
        }
        return SandboxResponse.json(200, portal.json().publicObject(store.type(), found.get(),
                HubSpotJson.listParam(request, "properties"), HubSpotJson.listParam(request, "propertiesWithHistory")));
    }

    private SandboxResponse list(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        int limit = HubSpotJson.limitParam(request.queryParam("limit"), 10, LIST_LIMIT);
        long after = request.queryParam("after").map(a -> HubSpotJson.parseId(a).orElseThrow(() ->
                new ResponseException(HubSpotErrors.validation("Invalid paging cursor: " + a)))).orElse(0L);
        List<HubSpotObject> page = store.page(after, limit + 1, HubSpotJson.archivedParam(request));
        List<String> properties = HubSpotJson.listParam(request, "properties");
        List<String> withHistory = HubSpotJson.listParam(request, "propertiesWithHistory");
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("results", page.stream().limit(limit)
                .map(o -> portal.json().publicObject(store.type(), o, properties, withHistory)).toList());
        if (page.size() > limit) {
            String next = String.valueOf(page.get(limit - 1).id());
            response.put("paging", HubSpotJson.nextPage(next, "?after=" + next));
        }
        return SandboxResponse.json(200, response);
    }

    private SandboxResponse update(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        Map<String, String> properties = HubSpotJson.propertiesOf(HubSpotJson.readObject(request));
        String idOrValue = request.pathParam("objectId");
        Optional<Long> id = request.queryParam("idProperty")
                .map(property -> byUniqueProperty(store, property, idOrValue).map(HubSpotObject::id))
                .orElseGet(() -> HubSpotJson.parseId(idOrValue));
        if (id.isEmpty()) {
            return HubSpotErrors.objectNotFound();
        }
        portal.checkNotLocked();
        return writeResponse(store.type(), store.update(id.get(), properties, portal.sourceOf(request)), 200);
    }

    /** 204 whether or not the record existed, as HubSpot answers. */
    private SandboxResponse archive(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        portal.checkNotLocked();
        HubSpotJson.parseId(request.pathParam("objectId")).ifPresent(id -> archive(store, id, portal.sourceOf(request)));
        return SandboxResponse.empty(204);
    }

    private void archive(HubSpotObjectStore store, long id, ChangeSource source) {
        if (store.archive(id, source)) {
            portal.associations().forget(store.type(), id);
        }
    }

    private SandboxResponse batchRead(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        Instant startedAt = portal.clock().instant();
        JsonNode body = HubSpotJson.readObject(request);
        JsonNode inputs = HubSpotJson.inputs(body, BATCH_LIMIT);
        List<String> properties = HubSpotJson.stringList(body.path("properties"));
        List<String> withHistory = HubSpotJson.stringList(body.path("propertiesWithHistory"));
        Optional<String> idProperty = Optional.ofNullable(body.path("idProperty").textValue()).filter(p -> !p.isEmpty());
        boolean archived = HubSpotJson.archivedParam(request);
        List<Object> results = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        Set<Long> returned = new HashSet<>();
        for (JsonNode input : inputs) {
            String given = input.path("id").asText("");
            Optional<HubSpotObject> found = idProperty.isPresent()
                    ? (archived ? Optional.empty() : byUniqueProperty(store, idProperty.get(), given))
                    : HubSpotJson.parseId(given).flatMap(archived ? store::getArchived : store::get);
            if (found.isEmpty()) {
                missing.add(given);
            } else if (returned.add(found.get().id())) {
                results.add(portal.json().publicObject(store.type(), found.get(), properties, withHistory));
            }
        }
        List<Map<String, Object>> errors = missing.isEmpty() ? List.of()
                : List.of(notFoundError(store.type(), "get", missing));
        return batchResponse(results, errors, startedAt, 200);
    }

    private SandboxResponse batchCreate(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        Instant startedAt = portal.clock().instant();
        JsonNode inputs = HubSpotJson.inputs(HubSpotJson.readObject(request), BATCH_LIMIT);
        List<Map<String, String>> all = new ArrayList<>();
        List<List<PendingAssociation>> associations = new ArrayList<>();
        List<PropertyProblem> problems = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        for (JsonNode input : inputs) {
            Map<String, String> properties = HubSpotJson.propertiesOf(input);
            problems.addAll(portal.properties().check(store.type(), properties).problems());
            missing.addAll(store.type().missingOnCreate(properties));
            all.add(properties);
            associations.add(associationsOf(store.type(), input.path("associations")));
        }
        if (!problems.isEmpty()) {
            return HubSpotErrors.invalidProperties(problems, portal.portalId());
        }
        if (!missing.isEmpty()) {
            // Like a bad property value, one input without a required property fails the whole batch.
            return HubSpotErrors.requiredPropertiesMissing(store.type(), List.copyOf(missing));
        }
        portal.checkNotLocked();
        List<Object> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        ChangeSource source = portal.sourceOf(request);
        for (int i = 0; i < all.size(); i++) {
            WriteResult result = store.create(all.get(i), source);
            if (result instanceof WriteResult.Written written) {
                long id = written.object().id();
                associations.get(i).forEach(a -> portal.associations().add(a.definition(), id, a.toId(), source));
                results.add(portal.json().writtenObject(store.type(), written.object()));
            } else if (result instanceof WriteResult.Conflict conflict) {
                errors.add(conflictError(store.type(), conflict));
            } else {
                errors.add(problemError(result));
            }
        }
        return batchResponse(results, errors, startedAt, 201);
    }

    private SandboxResponse batchUpdate(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        Instant startedAt = portal.clock().instant();
        JsonNode inputs = HubSpotJson.inputs(HubSpotJson.readObject(request), BATCH_LIMIT);
        List<Map<String, String>> all = new ArrayList<>();
        List<String> given = new ArrayList<>();
        List<PropertyProblem> problems = new ArrayList<>();
        for (JsonNode input : inputs) {
            Map<String, String> properties = HubSpotJson.propertiesOf(input);
            if (properties.containsKey(HubSpotObjectType.MERGED_OBJECT_IDS)) {
                return HubSpotErrors.validation(HubSpotObjectType.MERGED_OBJECT_IDS + " cannot be set in batch update.");
            }
            problems.addAll(portal.properties().check(store.type(), properties).problems());
            all.add(properties);
            given.add(input.path("idProperty").isTextual()
                    ? input.path("idProperty").asText() + "=" + input.path("id").asText("")
                    : input.path("id").asText(""));
        }
        if (new HashSet<>(given).size() != given.size()) {
            return HubSpotErrors.validation("Duplicate IDs found in batch input: " + given);
        }
        if (!problems.isEmpty()) {
            return HubSpotErrors.invalidProperties(problems, portal.portalId());
        }
        portal.checkNotLocked();
        List<Object> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        int index = 0;
        for (JsonNode input : inputs) {
            Map<String, String> properties = all.get(index++);
            String id = input.path("id").asText("");
            Optional<Long> target = input.path("idProperty").isTextual()
                    ? byUniqueProperty(store, input.path("idProperty").asText(), id).map(HubSpotObject::id)
                    : HubSpotJson.parseId(id);
            WriteResult result = target.map(t -> store.update(t, properties, portal.sourceOf(request)))
                    .orElse(new WriteResult.NotFound());
            if (result instanceof WriteResult.Written written) {
                results.add(portal.json().writtenObject(store.type(), written.object()));
            } else if (result instanceof WriteResult.NotFound) {
                missing.add(id);
            } else if (result instanceof WriteResult.Conflict conflict) {
                errors.add(conflictError(store.type(), conflict));
            } else {
                errors.add(problemError(result));
            }
        }
        if (!missing.isEmpty()) {
            errors.add(notFoundError(store.type(), "update", missing));
        }
        return batchResponse(results, errors, startedAt, 200);
    }

    /**
     * Creates or updates by a unique property. With {@code email} (contacts) HubSpot does not do partial upserts:
     * any failing input fails the whole request; with other unique properties failures come back as 207.
     */
    private SandboxResponse batchUpsert(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        Instant startedAt = portal.clock().instant();
        JsonNode inputs = HubSpotJson.inputs(HubSpotJson.readObject(request), BATCH_LIMIT);
        List<String> ids = new ArrayList<>();
        Set<String> idProperties = new LinkedHashSet<>();
        List<Map<String, String>> all = new ArrayList<>();
        List<PropertyProblem> problems = new ArrayList<>();
        for (JsonNode input : inputs) {
            String idProperty = input.path("idProperty").asText("");
            if (idProperty.isEmpty()) {
                return HubSpotErrors.validation("Every upsert input needs an idProperty (a unique property).");
            }
            requireUniqueProperty(store.type(), idProperty);
            idProperties.add(idProperty);
            String id = input.path("id").asText("");
            ids.add(id.toLowerCase(java.util.Locale.ROOT));
            Map<String, String> properties = new LinkedHashMap<>(HubSpotJson.propertiesOf(input));
            properties.putIfAbsent(idProperty, id);
            problems.addAll(portal.properties().check(store.type(), properties).problems());
            all.add(properties);
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            return HubSpotErrors.validation("Duplicate IDs found in batch input: " + ids);
        }
        boolean byEmail = idProperties.contains("email");
        if (!problems.isEmpty()) {
            return byEmail ? HubSpotErrors.error(400, "VALIDATION_ERROR",
                    "Partial upserts are not supported when using email as idProperty. "
                            + HubSpotErrors.invalidPropertiesBody(problems, portal.portalId()).get("message"),
                    Map.of("properties", problems.stream().map(PropertyProblem::name).toList()))
                    : HubSpotErrors.invalidProperties(problems, portal.portalId());
        }
        portal.checkNotLocked();
        List<Object> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        int i = 0;
        for (JsonNode input : inputs) {
            String idProperty = input.path("idProperty").asText();
            Map<String, String> properties = all.get(i++);
            Optional<HubSpotObject> existing = store.findByUniqueValue(idProperty, input.path("id").asText(""));
            List<String> missing = existing.isPresent() ? List.of() : store.type().missingOnCreate(properties);
            if (!missing.isEmpty()) {
                errors.add(standardError("VALIDATION_ERROR", HubSpotErrors.requiredPropertiesMessage(store.type()),
                        Map.of("properties", missing)));
                continue;
            }
            ChangeSource source = portal.sourceOf(request);
            WriteResult result = existing.isPresent() ? store.update(existing.get().id(), properties, source)
                    : store.create(properties, source);
            if (result instanceof WriteResult.Written written) {
                Map<String, Object> object = portal.json().writtenObject(store.type(), written.object());
                object.put("new", existing.isEmpty());
                results.add(object);
            } else if (result instanceof WriteResult.Conflict conflict) {
                errors.add(conflictError(store.type(), conflict));
            } else {
                errors.add(problemError(result));
            }
        }
        if (byEmail && !errors.isEmpty()) {
            return HubSpotErrors.validation("Partial upserts are not supported when using email as idProperty: "
                    + errors.get(0).get("message"));
        }
        return batchResponse(results, errors, startedAt, 200);
    }

    private SandboxResponse batchArchive(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        JsonNode inputs = HubSpotJson.inputs(HubSpotJson.readObject(request), BATCH_LIMIT);
        portal.checkNotLocked();
        ChangeSource source = portal.sourceOf(request);
        for (JsonNode input : inputs) {
            HubSpotJson.parseId(input.path("id").asText("")).ifPresent(id -> archive(store, id, source));
        }
        return SandboxResponse.empty(204);
    }

    private SandboxResponse merge(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor(request.pathParam("objectType"));
        if (!store.type().hasWebhooks()) {
            return HubSpotErrors.validation("Merging is not supported for " + store.type().errorLabel() + " objects.");
        }
        JsonNode body = HubSpotJson.readObject(request);
        Optional<Long> primary = HubSpotJson.parseId(body.path("primaryObjectId").asText(""));
        Optional<Long> merged = HubSpotJson.parseId(body.path("objectIdToMerge").asText(""));
        if (primary.isEmpty() || merged.isEmpty()) {
            return HubSpotErrors.validation("primaryObjectId and objectIdToMerge must both be object ids.");
        }
        portal.checkNotLocked();
        MergeResult result = store.merge(primary.get(), merged.get(), portal.sourceOf(request));
        if (result instanceof MergeResult.Merged done) {
            portal.associations().forget(store.type(), merged.get());
            return SandboxResponse.json(200, portal.json().writtenObject(store.type(), done.primary()));
        }
        if (result instanceof MergeResult.Invalid invalid) {
            return HubSpotErrors.validation(invalid.message());
        }
        return HubSpotErrors.objectNotFound();
    }

    /** Erases a contact for good (no recycle bin); fires contact.privacyDeletion and contact.deletion. */
    private SandboxResponse gdprDelete(SandboxRequest request) {
        HubSpotObjectStore store = portal.storeFor("contacts");
        JsonNode body = HubSpotJson.readObject(request);
        String objectId = body.path("objectId").asText("");
        Optional<HubSpotObject> found = body.path("idProperty").isTextual()
                ? byUniqueProperty(store, body.path("idProperty").asText(), objectId)
                : HubSpotJson.parseId(objectId).flatMap(store::get);
        if (found.isEmpty()) {
            return HubSpotErrors.objectNotFound();
        }
        portal.checkNotLocked();
        store.erase(found.get().id(), portal.sourceOf(request));
        portal.associations().forget(store.type(), found.get().id());
        return SandboxResponse.empty(204);
    }

    // ---- helpers ----

    /** An association a create asks for, resolved to its HubSpot-defined type. */
    private record PendingAssociation(AssociationTypes.Definition definition, long toId) {
    }

    private List<PendingAssociation> associationsOf(HubSpotObjectType from, JsonNode associations) {
        List<PendingAssociation> pending = new ArrayList<>();
        for (JsonNode association : associations) {
            long toId = HubSpotJson.parseId(association.path("to").path("id").asText("")).orElseThrow(() ->
                    new ResponseException(HubSpotErrors.validation("associations[].to.id must be an object id.")));
            for (JsonNode spec : association.path("types")) {
                int typeId = spec.path("associationTypeId").asInt(-1);
                AssociationTypes.Definition definition = portal.associations().types().byId(from, typeId)
                        .orElseThrow(() -> new ResponseException(HubSpotErrors.validation(
                                "Association type id " + typeId + " does not exist for " + from.pathName() + ".")));
                if (portal.store(definition.to()).get(toId).isEmpty()) {
                    throw new ResponseException(HubSpotErrors.validation("Association target " + toId + " ("
                            + definition.to().pathName() + ") does not exist."));
                }
                pending.add(new PendingAssociation(definition, toId));
            }
        }
        return pending;
    }

    private Optional<HubSpotObject> byUniqueProperty(HubSpotObjectStore store, String property, String value) {
        requireUniqueProperty(store.type(), property);
        return store.findByUniqueValue(property, value);
    }

    private void requireUniqueProperty(HubSpotObjectType type, String property) {
        if (!portal.properties().uniqueProperties(type).contains(property)) {
            throw new ResponseException(HubSpotErrors.validation(
                    "Property " + property + " is not a unique identifier property for " + type.pathName()));
        }
    }

    private SandboxResponse writeResponse(HubSpotObjectType type, WriteResult result, int status) {
        if (result instanceof WriteResult.Written written) {
            return SandboxResponse.json(status, portal.json().writtenObject(type, written.object()));
        }
        if (result instanceof WriteResult.Conflict conflict) {
            return HubSpotErrors.conflict(type, conflict.existingId());
        }
        if (result instanceof WriteResult.Invalid invalid) {
            return HubSpotErrors.invalidProperties(invalid.problems(), portal.portalId());
        }
        return HubSpotErrors.objectNotFound();
    }

    private SandboxResponse batchResponse(List<Object> results, List<Map<String, Object>> errors, Instant startedAt,
            int fullSuccessStatus) {
        return SandboxResponse.json(errors.isEmpty() ? fullSuccessStatus : 207,
                HubSpotJson.batchBody(results, errors, startedAt, portal.clock().instant()));
    }

    /** StandardError, as batch responses list them. */
    private static Map<String, Object> standardError(String category, String message, Map<String, List<String>> context) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "error");
        error.put("category", category);
        error.put("message", message);
        error.put("context", context);
        error.put("errors", List.of());
        error.put("links", Map.of());
        return error;
    }

    private static Map<String, Object> notFoundError(HubSpotObjectType type, String action, Set<String> ids) {
        return standardError("OBJECT_NOT_FOUND", "Could not " + action + " some " + type.errorLabel()
                + " objects, they may be deleted or not exist. Check that ids are valid.", Map.of("ids", List.copyOf(ids)));
    }

    private static Map<String, Object> conflictError(HubSpotObjectType type, WriteResult.Conflict conflict) {
        return standardError("CONFLICT", type.singularLabel() + " already exists. Existing ID: " + conflict.existingId(),
                Map.of("ids", List.of(String.valueOf(conflict.existingId())), "properties", List.of(conflict.property())));
    }

    private static Map<String, Object> problemError(WriteResult result) {
        List<PropertyProblem> problems = result instanceof WriteResult.Invalid invalid ? invalid.problems() : List.of();
        return standardError("VALIDATION_ERROR", "Property values were not valid",
                Map.of("properties", problems.stream().map(PropertyProblem::name).toList()));
    }
}
