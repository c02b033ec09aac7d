package io.crmsync.hubspot;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.crmsync.budget.Crm;
import io.crmsync.budget.RetryPolicy;
import io.crmsync.crmhttp.CrmRetries;
import io.crmsync.sync.CrmRecord;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.sync.RecordWrite;
import io.crmsync.sync.WriteResult;

/** HubSpot records through the CRM v3 batch endpoints, 100 inputs per call. */
@ApplicationScoped
public class HubSpotRestRecords implements HubSpotRecords {

    /** HubSpot: "Object API batch endpoints are limited to 100 inputs per request." */
    static final int BATCH_LIMIT = 100;

    private final HubSpotObjectsApi api;
    private final HubSpotSchemaReader schema;
    private final HubSpotTokens tokens;
    private final CrmRetries retries;

    public HubSpotRestRecords(@RestClient HubSpotObjectsApi api, HubSpotSchemaReader schema, HubSpotTokens tokens,
            CrmRetries retries) {
        this.api = api;
        this.schema = schema;
        this.tokens = tokens;
        this.retries = retries;
    }

    @Override
    public Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
            Collection<String> properties) {
        Map<String, CrmRecord> found = new HashMap<>();
        for (HubSpotObjectsApi.SimplePublicObject object : readBatches(objectType, ids, properties, List.of(), null)) {
            found.put(object.id(), toRecord(object));
        }
        return found;
    }

    @Override
    public Map<String, CrmRecord> readWithHistory(String tenantId, String objectType, Collection<String> ids,
            Collection<String> properties, Collection<String> withHistory) {
        Map<String, CrmRecord> found = new HashMap<>();
        for (HubSpotObjectsApi.SimplePublicObject object : readBatches(objectType, ids, properties, withHistory,
                null)) {
            found.put(object.id(), toRecord(object));
        }
        return found;
    }

    @Override
    public Map<String, CrmRecord> readContactsByEmail(String tenantId, Collection<String> emails,
            Collection<String> properties) {
        java.util.Set<String> asked = new java.util.LinkedHashSet<>(properties);
        asked.add("email");
        Map<String, CrmRecord> found = new HashMap<>();
        for (HubSpotObjectsApi.SimplePublicObject object : readBatches("contact", emails, asked, List.of(), "email")) {
            CrmRecord record = toRecord(object);
            String email = record.properties().get("email");
            if (email != null) {
                found.put(email.toLowerCase(java.util.Locale.ROOT), record);
            }
        }
        return found;
    }

    private List<HubSpotObjectsApi.SimplePublicObject> readBatches(String objectType, Collection<String> keys,
            Collection<String> properties, Collection<String> withHistory, String idProperty) {
        List<HubSpotObjectsApi.SimplePublicObject> objects = new java.util.ArrayList<>();
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(keys));
        for (int from = 0; from < all.size(); from += BATCH_LIMIT) {
            List<HubSpotObjectsApi.ObjectId> inputs = all.subList(from, Math.min(all.size(), from + BATCH_LIMIT))
                    .stream().map(HubSpotObjectsApi.ObjectId::new).toList();
            HubSpotObjectsApi.BatchResponse page = call("batch/read", () -> api.batchRead(pluralOf(objectType), false,
                    new HubSpotObjectsApi.BatchReadInput(List.copyOf(properties),
                            withHistory.isEmpty() ? null : List.copyOf(withHistory), inputs, idProperty),
                    authorization()));
            if (page.results() != null) {
                page.results().stream().filter(o -> !o.archived()).forEach(objects::add);
            }
        }
        return objects;
    }

    @Override
    public List<WriteResult> update(String tenantId, String objectType, List<RecordWrite> writes) {
        return write("batch/update", writes, inputs -> api.batchUpdate(pluralOf(objectType),
                new HubSpotObjectsApi.BatchWriteInput(inputs), authorization()), w -> w.key(), null);
    }

    @Override
    public List<WriteResult> upsert(String tenantId, String objectType, String idProperty, List<RecordWrite> writes) {
        List<WriteResult> results = upsertOnce(objectType, idProperty, writes);
        if (!"email".equals(idProperty) && results.stream().anyMatch(r -> missingIdProperty(r, idProperty))) {
            // crmsync's own unique property is created on first use, so a tenant needs no setup step for it.
            try {
                schema.ensureUniqueProperty(objectType, idProperty);
            } catch (IllegalStateException e) {
                // The refusals stand (they name the property); the next delivery tries again.
                org.jboss.logging.Logger.getLogger(HubSpotRestRecords.class).errorf(
                        "cannot create the HubSpot %s property %s: %s", objectType, idProperty, e.getMessage());
                return results;
            }
            results = upsertOnce(objectType, idProperty, writes);
        }
        return results;
    }

    private List<WriteResult> upsertOnce(String objectType, String idProperty, List<RecordWrite> writes) {
        return write("batch/upsert", writes, inputs -> api.batchUpsert(pluralOf(objectType),
                new HubSpotObjectsApi.BatchWriteInput(inputs), authorization()),
                w -> w.key().toLowerCase(java.util.Locale.ROOT), idProperty);
    }

    /** HubSpot refuses an upsert whose idProperty does not exist or is not unique: the whole call, naming it. */
    private static boolean missingIdProperty(WriteResult result, String idProperty) {
        return result instanceof WriteResult.Refused refused && refused.message().contains(idProperty)
                && (refused.message().contains("unique") || refused.message().contains("does not exist")
                        || refused.message().contains("doesn't exist"));
    }

    /**
     * Writes 100 at a time. A 207 names what was written; inputs missing from the results were refused. A 400
     * refuses the whole call (HubSpot validates a batch as one), so every input of it is refused with its reason.
     */
    private List<WriteResult> write(String endpoint, List<RecordWrite> writes,
            java.util.function.Function<List<HubSpotObjectsApi.WriteInput>, Response> send,
            java.util.function.Function<RecordWrite, String> resultKey, String idProperty) {
        List<WriteResult> results = new java.util.ArrayList<>();
        for (int from = 0; from < writes.size(); from += BATCH_LIMIT) {
            List<RecordWrite> chunk = writes.subList(from, Math.min(writes.size(), from + BATCH_LIMIT));
            List<HubSpotObjectsApi.WriteInput> inputs = chunk.stream().map(w -> new HubSpotObjectsApi.WriteInput(
                    w.key(), idProperty, asStrings(w.fields()))).toList();
            Response response;
            try {
                // batch/update sets values by id, batch/upsert by a unique property: both land the same however
                // often they are sent, so every transient failure may be retried.
                response = retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, () -> send.apply(inputs));
            } catch (ProcessingException e) {
                throw CrmUnavailableException.unreachable("HubSpot", e);
            }
            try (response) {
                int status = response.getStatus();
                if (status == 200 || status == 201 || status == 207) {
                    HubSpotObjectsApi.BatchResponse answer = response.readEntity(HubSpotObjectsApi.BatchResponse.class);
                    Map<String, HubSpotObjectsApi.SimplePublicObject> byKey = new HashMap<>();
                    if (answer.results() != null) {
                        for (HubSpotObjectsApi.SimplePublicObject o : answer.results()) {
                            String key = idProperty == null ? o.id()
                                    : String.valueOf(o.properties().get(idProperty)).toLowerCase(java.util.Locale.ROOT);
                            byKey.put(key, o);
                        }
                    }
                    String reason = answer.errors() == null || answer.errors().isEmpty() ? "not in HubSpot's answer"
                            : answer.errors().get(0).message();
                    String category = answer.errors() == null || answer.errors().isEmpty() ? "Property values"
                            : categoryOf(answer.errors().get(0).category());
                    for (RecordWrite w : chunk) {
                        HubSpotObjectsApi.SimplePublicObject o = byKey.get(resultKey.apply(w));
                        results.add(o != null ? new WriteResult.Written(w.key(), o.id(), Boolean.TRUE.equals(o.isNew()))
                                : new WriteResult.Refused(w.key(), "HUBSPOT_" + endpoint.replace('/', '_').toUpperCase(
                                        java.util.Locale.ROOT), reason, category));
                    }
                    continue;
                }
                if (status == 429 || status == 423 || status >= 500) {
                    throw new CrmUnavailableException("HubSpot " + endpoint + " answered " + status + " " + HubSpotErrorBodies.describe(response), null);
                }
                if (status == 400 || status == 409) {
                    HubSpotObjectsApi.StandardError error = HubSpotErrorBodies.read(response);
                    for (RecordWrite w : chunk) {
                        results.add(new WriteResult.Refused(w.key(), error.category() == null ? "HTTP_" + status
                                : error.category(), error.message() == null ? "" : error.message(),
                                categoryOf(error.category())));
                    }
                    continue;
                }
                throw new IllegalStateException("HubSpot " + endpoint + " answered " + status + " " + HubSpotErrorBodies.describe(response));
            }
        }
        return results;
    }

    @Override
    public void archive(String tenantId, String objectType, Collection<String> ids) {
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        for (int from = 0; from < all.size(); from += BATCH_LIMIT) {
            List<HubSpotObjectsApi.ObjectId> inputs = all.subList(from, Math.min(all.size(), from + BATCH_LIMIT))
                    .stream().map(HubSpotObjectsApi.ObjectId::new).toList();
            Response response;
            try {
                // Archiving an archived record changes nothing (HubSpot answers 204 again): repeatable.
                response = retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, () -> api.batchArchive(
                        pluralOf(objectType), new HubSpotObjectsApi.BatchArchiveInput(inputs), authorization()));
            } catch (ProcessingException e) {
                throw CrmUnavailableException.unreachable("HubSpot", e);
            }
            try (response) {
                int status = response.getStatus();
                if (status == 204 || status == 200) {
                    continue;
                }
                String reason = HubSpotErrorBodies.describe(response);
                if (status == 429 || status == 423 || status >= 500) {
                    throw new CrmUnavailableException("HubSpot batch/archive answered " + status + " " + reason, null);
                }
                throw new IllegalStateException("HubSpot batch/archive answered " + status + " " + reason);
            }
        }
    }

    private static Map<String, String> asStrings(Map<String, Object> fields) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> properties.put(k, v == null ? "" : String.valueOf(v)));
        return properties;
    }

    /** HubSpot's error categories mapped onto the sync-error categories users see. */
    private static String categoryOf(String hubSpotCategory) {
        if (hubSpotCategory == null) {
            return "Property values";
        }
        return switch (hubSpotCategory) {
            case "CONFLICT" -> "Duplicates";
            case "MISSING_SCOPES", "INVALID_AUTHENTICATION", "FORBIDDEN" -> "Permissions";
            default -> "Property values";
        };
    }

    private String authorization() {
        return tokens.bearer();
    }

    /** A batched read, retried like any read. */
    private HubSpotObjectsApi.BatchResponse call(String endpoint, java.util.function.Supplier<Response> send) {
        Response response;
        try {
            response = retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, send);
        } catch (ProcessingException e) {
            throw CrmUnavailableException.unreachable("HubSpot", e);
        }
        try (response) {
            int status = response.getStatus();
            if (status == 200 || status == 207) {
                // 207: some ids were not found; they are simply absent from the results.
                return response.readEntity(HubSpotObjectsApi.BatchResponse.class);
            }
            String reason = HubSpotErrorBodies.describe(response);
            if (status == 429 || status == 423 || status >= 500) {
                throw new CrmUnavailableException("HubSpot " + endpoint + " answered " + status + " " + reason, null);
            }
            // 401/403/400 are configuration or programming faults: surface them loudly.
            throw new IllegalStateException("HubSpot " + endpoint + " answered " + status + " " + reason);
        }
    }

    private static CrmRecord toRecord(HubSpotObjectsApi.SimplePublicObject object) {
        Map<String, String> properties = new HashMap<>();
        if (object.properties() != null) {
            object.properties().forEach((k, v) -> {
                if (v != null) {
                    properties.put(k, v);
                }
            });
        }
        Map<String, Instant> changedAt = new HashMap<>();
        if (object.propertiesWithHistory() != null) {
            // The newest version's timestamp is when the property got its current value.
            object.propertiesWithHistory().forEach((property, versions) -> versions.stream()
                    .map(v -> parseInstant(v.timestamp())).filter(java.util.Objects::nonNull)
                    .max(Instant::compareTo).ifPresent(at -> changedAt.put(property, at)));
        }
        return new CrmRecord(object.id(), properties, parseInstant(object.updatedAt()), changedAt);
    }

    private static Instant parseInstant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The v3 path segment for an object type: contact → contacts, company → companies. */
    static String pluralOf(String objectType) {
        return switch (objectType) {
            case "company" -> "companies";
            case "contact", "deal", "task", "call", "email", "meeting", "note" -> objectType + "s";
            default -> objectType;
        };
    }
}
