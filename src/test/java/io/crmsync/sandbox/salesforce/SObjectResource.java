package io.crmsync.sandbox.salesforce;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.salesforce.SObjectStore.UpsertResult;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/**
 * {@code /sobjects}: describe (global and per object), create, retrieve (by id or external ID), update,
 * delete, upsert by external ID, and the replication resources getUpdated and getDeleted.
 */
final class SObjectResource {

    /** getUpdated/getDeleted only reach back this far. */
    private static final long REPLICATION_DAYS = 30;

    private final SalesforceOrg org;
    private final RestSupport rest;
    private final Instant orgCreated;

    SObjectResource(SalesforceOrg org, RestSupport rest) {
        this.org = org;
        this.rest = rest;
        this.orgCreated = org.clock().instant().truncatedTo(ChronoUnit.MINUTES);
    }

    SandboxResponse describeGlobal(SandboxRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("encoding", "UTF-8");
        body.put("maxBatchSize", 200);
        body.put("sobjects", org.stores().stream().map(s -> Describe.objectSummary(s.schema(), rest.apiVersion()))
                .toList());
        return SandboxResponse.json(200, body);
    }

    SandboxResponse describe(SandboxRequest request) {
        return SandboxResponse.json(200, Describe.object(requestedStore(request).schema(), rest.apiVersion()));
    }

    SandboxResponse create(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        Map<String, Object> fields = rest.fields(request);
        RecordChange change = org.inTransaction(rest.userId(request), RestSupport.changeOrigin(request),
                tx -> tx.create(store.schema().name(), fields));
        return SandboxResponse.json(201, RestSupport.saveResult(change.id(), null));
    }

    SandboxResponse read(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        Map<String, Object> record = liveRecord(store, request.pathParam("id"));
        return SandboxResponse.json(200, rest.withAttributes(store.schema(), record, requestedFields(request, store)));
    }

    SandboxResponse update(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        Map<String, Object> fields = rest.fields(request);
        org.inTransaction(rest.userId(request), RestSupport.changeOrigin(request),
                tx -> tx.update(store.schema().name(), request.pathParam("id"), fields));
        return SandboxResponse.empty(204);
    }

    SandboxResponse delete(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        String id = request.pathParam("id");
        store.normalisedId(id);
        if (!id.startsWith(store.schema().keyPrefix())) {
            throw SObjectStore.notFound();
        }
        org.inTransaction(rest.userId(request), RestSupport.changeOrigin(request), tx -> tx.delete(id));
        return SandboxResponse.empty(204);
    }

    SandboxResponse readByExternalId(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        String field = store.externalIdField(request.pathParam("externalIdField")).name();
        List<String> ids = store.findIds(field, request.pathParam("externalId"));
        if (ids.size() > 1) {
            return multipleChoices(store, ids);
        }
        Map<String, Object> record = ids.stream().findFirst().flatMap(store::get).orElseThrow(SObjectStore::notFound);
        return SandboxResponse.json(200, rest.withAttributes(store.schema(), record, requestedFields(request, store)));
    }

    SandboxResponse upsert(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        Map<String, Object> fields = rest.fields(request);
        UpsertResult result = org.inTransaction(rest.userId(request), RestSupport.changeOrigin(request),
                tx -> tx.upsert(store.schema().name(), request.pathParam("externalIdField"), request.pathParam("externalId"), fields));
        if (result instanceof UpsertResult.MultipleMatches multiple) {
            return multipleChoices(store, multiple.ids());
        }
        UpsertResult.Written written = (UpsertResult.Written) result;
        return SandboxResponse.json(written.created() ? 201 : 200,
                RestSupport.saveResult(written.id(), written.created()));
    }

    /** getUpdated: ids of live records changed within [start, end), by SystemModstamp, minutes as Salesforce rounds. */
    SandboxResponse updated(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        Instant[] window = replicationWindow(request);
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> record : store.all()) {
            Instant modified = SoqlEngine.parseDateTime(record.get(SObjectSchema.SYSTEM_MODSTAMP).toString());
            if (!modified.isBefore(window[0]) && modified.isBefore(window[1])) {
                ids.add(record.get(SObjectSchema.ID).toString());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ids", ids);
        body.put("latestDateCovered", SObjectStore.DATETIME.format(window[1]));
        return SandboxResponse.json(200, body);
    }

    /** getDeleted: the records put into the recycle bin within [start, end). */
    SandboxResponse deleted(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        Instant[] window = replicationWindow(request);
        List<Map<String, Object>> deleted = store.deletedBetween(window[0], window[1]).stream().map(d -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("deletedDate", SObjectStore.DATETIME.format(d.deletedDate()));
            item.put("id", d.id());
            return item;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deletedRecords", deleted);
        body.put("earliestDateAvailable", SObjectStore.DATETIME.format(orgCreated));
        body.put("latestDateCovered", SObjectStore.DATETIME.format(window[1]));
        return SandboxResponse.json(200, body);
    }

    /** [start, end) cut to whole minutes, end capped at now; start no more than 30 days back. */
    private Instant[] replicationWindow(SandboxRequest request) {
        Instant start = instantParam(request, "start").truncatedTo(ChronoUnit.MINUTES);
        Instant end = instantParam(request, "end");
        Instant now = org.clock().instant();
        end = (end.isAfter(now) ? now : end).truncatedTo(ChronoUnit.MINUTES);
        if (!start.isBefore(end) && !start.equals(end)) {
            throw new Failure(400, SalesforceError.of("INVALID_REPLICATION_DATE", "startDate must chronologically"
                    + " precede endDate by more than one minute"));
        }
        if (start.isBefore(now.minus(REPLICATION_DAYS, ChronoUnit.DAYS))) {
            throw new Failure(400, SalesforceError.of("INVALID_REPLICATION_DATE",
                    "startDate cannot be more than 30 days ago"));
        }
        return new Instant[] { start, end };
    }

    private static Instant instantParam(SandboxRequest request, String name) {
        String text = request.queryParam(name).orElseThrow(() -> new Failure(400, SalesforceError.of(
                "MISSING_ARGUMENT", name + " not specified")));
        try {
            // An unencoded '+' of the offset arrives as a space.
            return SoqlEngine.parseDateTime(text.trim().replace(' ', '+'));
        } catch (DateTimeParseException e) {
            throw new Failure(400, SalesforceError.of("INVALID_REPLICATION_DATE", "Invalid date " + text));
        }
    }

    private Map<String, Object> liveRecord(SObjectStore store, String id) {
        Map<String, Object> record = store.getIncludingDeleted(id).orElseThrow(SObjectStore::notFound);
        if (Boolean.TRUE.equals(record.get(SObjectSchema.IS_DELETED))) {
            throw new Failure(404, SalesforceError.of("ENTITY_IS_DELETED", "entity is deleted", List.of()));
        }
        return record;
    }

    SObjectStore requestedStore(SandboxRequest request) {
        return org.store(request.pathParam("sObject")).orElseThrow(SObjectStore::notFound);
    }

    /** 300 Multiple Choices: the URLs of the records that hold the external ID value. */
    private SandboxResponse multipleChoices(SObjectStore store, List<String> ids) {
        return SandboxResponse.json(300, ids.stream().map(id -> rest.recordUrl(store.schema(), id)).toList());
    }

    static List<String> requestedFields(SandboxRequest request, SObjectStore store) {
        Optional<String> fields = request.queryParam("fields");
        if (fields.isEmpty() || fields.get().isBlank()) {
            return store.schema().fieldNames();
        }
        List<String> names = new ArrayList<>();
        for (String name : fields.get().split(",")) {
            names.add(store.schema().field(name.trim()).map(FieldDef::name).orElseThrow(() -> new Failure(400,
                    SalesforceError.of("INVALID_FIELD", "No such column '" + name.trim() + "' on sobject of type "
                            + store.schema().name()))));
        }
        return names;
    }
}
