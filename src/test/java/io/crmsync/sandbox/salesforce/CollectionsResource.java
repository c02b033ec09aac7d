package io.crmsync.sandbox.salesforce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.salesforce.SObjectStore.UpsertResult;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;
import io.crmsync.sandbox.salesforce.SalesforceOrg.Transaction;

/**
 * sObject Collections ({@code /composite/sobjects}): create, update, upsert, delete and retrieve up to 200
 * records in one call. Results come back in request order; with allOrNone every write is rolled back when
 * one fails and the others report ALL_OR_NONE_OPERATION_ROLLED_BACK. The whole request is one transaction.
 */
final class CollectionsResource {

    static final int MAX_RECORDS = 200;
    private static final SalesforceError ROLLED_BACK = SalesforceError.of("ALL_OR_NONE_OPERATION_ROLLED_BACK",
            "Record rolled back because not all records were valid and the request was using AllOrNone header",
            List.of());

    private final SalesforceOrg org;
    private final RestSupport rest;

    CollectionsResource(SalesforceOrg org, RestSupport rest) {
        this.org = org;
        this.rest = rest;
    }

    /** One record's work inside the request's transaction; returns its successful SaveResult. */
    private record Item(String knownId, Function<Transaction, Map<String, Object>> write) {
    }

    SandboxResponse create(SandboxRequest request) {
        JsonNode body = rest.body(request);
        List<Item> items = new ArrayList<>();
        for (JsonNode record : records(body)) {
            String type = typeOf(record);
            Map<String, Object> fields = rest.fields(record);
            items.add(new Item(null, tx -> RestSupport.saveResult(tx.create(type, fields).id(), null)));
        }
        return run(request, allOrNone(body), items, false);
    }

    SandboxResponse update(SandboxRequest request) {
        JsonNode body = rest.body(request);
        List<Item> items = new ArrayList<>();
        for (JsonNode record : records(body)) {
            String type = typeOf(record);
            Map<String, Object> fields = rest.fields(record);
            Object id = Optional.ofNullable(fields.remove("id")).orElse(fields.remove("Id"));
            if (id == null) {
                items.add(new Item(null, tx -> {
                    throw new Failure(400, SalesforceError.of("MISSING_ARGUMENT", "Id not specified in an update call",
                            List.of()));
                }));
                continue;
            }
            items.add(new Item(id.toString(), tx -> RestSupport.saveResult(tx.update(type, id.toString(), fields).id(),
                    null)));
        }
        return run(request, allOrNone(body), items, false);
    }

    SandboxResponse upsert(SandboxRequest request) {
        JsonNode body = rest.body(request);
        SObjectStore store = org.store(request.pathParam("sObject")).orElseThrow(SObjectStore::notFound);
        String field = store.externalIdField(request.pathParam("externalIdField")).name();
        List<Item> items = new ArrayList<>();
        for (JsonNode record : records(body)) {
            String type = typeOf(record);
            if (!type.equalsIgnoreCase(store.schema().name())) {
                throw new Failure(400, SalesforceError.of("INVALID_TYPE", "The sObject type of all records must"
                        + " match the type in the URL: " + store.schema().name()));
            }
            Map<String, Object> fields = rest.fields(record);
            Object value = fields.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            items.add(new Item(null, tx -> {
                if (value == null) {
                    throw new Failure(400, SalesforceError.of("MISSING_ARGUMENT",
                            field + " not specified", List.of(field)));
                }
                UpsertResult result = tx.upsert(type, field, value.toString(), fields);
                if (result instanceof UpsertResult.MultipleMatches multiple) {
                    throw new Failure(300, SalesforceError.of("DUPLICATE_EXTERNAL_ID", field + ": more than one"
                            + " record found for external id field: " + multiple.ids(), List.of(field)));
                }
                UpsertResult.Written written = (UpsertResult.Written) result;
                return RestSupport.saveResult(written.id(), written.created());
            }));
        }
        return run(request, allOrNone(body), items, true);
    }

    SandboxResponse delete(SandboxRequest request) {
        List<String> ids = request.queryParam("ids").map(s -> Arrays.stream(s.split(",")).map(String::trim)
                .filter(id -> !id.isEmpty()).toList()).orElse(List.of());
        if (ids.isEmpty()) {
            throw new Failure(400, SalesforceError.of("MISSING_ARGUMENT", "ids not specified"));
        }
        checkSize(ids.size());
        boolean allOrNone = request.queryParam("allOrNone").map(Boolean::parseBoolean).orElse(false);
        List<Item> items = ids.stream().map(id -> new Item(id, tx -> RestSupport.saveResult(tx.delete(id).id(),
                null))).toList();
        return run(request, allOrNone, items, false);
    }

    /** GET /composite/sobjects/{sObject}?ids=…&fields=…: the records, null where an id has none. */
    SandboxResponse retrieve(SandboxRequest request) {
        SObjectStore store = org.store(request.pathParam("sObject")).orElseThrow(SObjectStore::notFound);
        List<String> ids = request.queryParam("ids").map(s -> Arrays.stream(s.split(",")).map(String::trim).toList())
                .orElse(List.of());
        checkSize(ids.size());
        List<String> fields = SObjectResource.requestedFields(request, store);
        List<Object> records = new ArrayList<>();
        for (String id : ids) {
            records.add(SalesforceIds.isValid(id) ? store.get(id).map(r -> (Object) rest.withAttributes(store.schema(),
                    r, fields)).orElse(null) : null);
        }
        return SandboxResponse.json(200, records);
    }

    /** Runs every item in one transaction; with allOrNone any failure undoes all of them. */
    private SandboxResponse run(SandboxRequest request, boolean allOrNone, List<Item> items, boolean upsert) {
        String userId = rest.userId(request);
        List<Map<String, Object>> results = org.inTransaction(userId, RestSupport.changeOrigin(request), tx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            boolean failed = false;
            List<Integer> succeeded = new ArrayList<>();
            for (Item item : items) {
                int mark = tx.mark();
                try {
                    out.add(item.write().apply(tx));
                    succeeded.add(out.size() - 1);
                } catch (Failure e) {
                    tx.rollbackTo(mark);
                    out.add(RestSupport.failedResult(item.knownId(), e.error(), upsert));
                    failed = true;
                }
            }
            if (allOrNone && failed) {
                tx.rollbackTo(0);
                for (int index : succeeded) {
                    Object id = out.get(index).get("id");
                    out.set(index, RestSupport.failedResult(items.get(index).knownId() == null ? null
                            : id.toString(), ROLLED_BACK, upsert));
                }
            }
            return out;
        });
        return SandboxResponse.json(200, results);
    }

    private static List<JsonNode> records(JsonNode body) {
        JsonNode records = body.path("records");
        if (!records.isArray()) {
            throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR", "records is required and must be an array"));
        }
        checkSize(records.size());
        List<JsonNode> list = new ArrayList<>();
        records.forEach(list::add);
        return list;
    }

    private static void checkSize(int size) {
        if (size > MAX_RECORDS) {
            throw new Failure(400, SalesforceError.of("EXCEEDED_ID_LIMIT",
                    "record limit reached. cannot submit more than " + MAX_RECORDS + " records into this call"));
        }
    }

    private static boolean allOrNone(JsonNode body) {
        return body.path("allOrNone").asBoolean(false);
    }

    private static String typeOf(JsonNode record) {
        String type = record.path("attributes").path("type").asText("");
        if (type.isEmpty()) {
            throw new Failure(400, SalesforceError.of("INVALID_TYPE",
                    "No SObject Type defined in the attributes of a record"));
        }
        return type;
    }
}
