package io.crmsync.salesforce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;

import io.crmsync.budget.RetryPolicy;
import io.crmsync.sync.CrmRecord;
import io.crmsync.sync.RecordWrite;
import io.crmsync.sync.SalesforceRecords;
import io.crmsync.sync.WriteResult;

/**
 * Salesforce through the REST API: SOQL reads (one query per batch of ids, following nextRecordsUrl) and sObject
 * Collections writes (200 records per call). Every call carries {@code Sforce-Call-Options: client=…}.
 */
@ApplicationScoped
public class SalesforceRestRecords implements SalesforceRecords {

    /** sObject Collections: "The list can contain up to 200 objects." */
    static final int COLLECTION_LIMIT = 200;
    /** Keeps a SOQL statement far below Salesforce's 100,000-character limit. */
    static final int IDS_PER_QUERY = 300;
    private static final DateTimeFormatter SALESFORCE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final SalesforceSession session;

    public SalesforceRestRecords(SalesforceSession session) {
        this.session = session;
    }

    @Override
    public List<CrmRecord> find(String tenantId, String sObject, Collection<String> fields, Collection<String> ids,
            String externalIdField, Collection<String> externalIds, Collection<String> emails) {
        Set<String> select = new LinkedHashSet<>(List.of("Id", "LastModifiedDate", externalIdField));
        select.addAll(fields);
        boolean hasEmail = select.contains("Email") || !emails.isEmpty();
        if (hasEmail) {
            select.add("Email");
        }
        List<CrmRecord> found = new ArrayList<>();
        Map<String, CrmRecord> byId = new LinkedHashMap<>();
        List<String> idList = List.copyOf(ids);
        List<String> extList = List.copyOf(externalIds);
        List<String> emailList = List.copyOf(emails);
        int chunks = Math.max(1, (int) Math.ceil(Math.max(idList.size(), Math.max(extList.size(), emailList.size()))
                / (double) IDS_PER_QUERY));
        for (int c = 0; c < chunks; c++) {
            List<String> where = new ArrayList<>();
            addIn(where, "Id", slice(idList, c));
            addIn(where, externalIdField, slice(extList, c));
            addIn(where, "Email", slice(emailList, c));
            if (where.isEmpty()) {
                continue;
            }
            String soql = "SELECT " + String.join(", ", select) + " FROM " + sObject + " WHERE "
                    + String.join(" OR ", where) + " ORDER BY LastModifiedDate DESC";
            for (Map<String, Object> row : query(soql)) {
                CrmRecord record = toRecord(row);
                byId.putIfAbsent(record.id(), record);
            }
        }
        found.addAll(byId.values());
        return found;
    }

    @Override
    public List<CrmRecord> findWhere(String tenantId, String sObject, Collection<String> fields, String field,
            Collection<String> values) {
        Set<String> select = new LinkedHashSet<>(List.of("Id"));
        select.addAll(fields);
        List<String> valueList = values.stream().distinct().toList();
        List<CrmRecord> found = new ArrayList<>();
        for (int c = 0; c * IDS_PER_QUERY < valueList.size(); c++) {
            List<String> where = new ArrayList<>();
            addIn(where, field, slice(valueList, c));
            String soql = "SELECT " + String.join(", ", select) + " FROM " + sObject + " WHERE " + where.get(0);
            query(soql).forEach(row -> found.add(toRecord(row)));
        }
        return found;
    }

    @Override
    public List<WriteResult> upsert(String tenantId, String sObject, String externalIdField, List<RecordWrite> writes) {
        // By external id: sent twice, the second finds the record the first made; retried like a read.
        return inCollections(RetryPolicy.Call.REPEATABLE, writes, chunk -> {
            List<Map<String, Object>> records = chunk.stream().map(w -> {
                Map<String, Object> record = body(sObject, w);
                record.put(externalIdField, w.key());
                return record;
            }).toList();
            return s -> s.api().upsertCollection(s.version(), sObject, externalIdField,
                    new SalesforceDataApi.CollectionRequest(false, records), s.authorization(), s.callOptions());
        });
    }

    @Override
    public List<WriteResult> update(String tenantId, String sObject, List<RecordWrite> writes) {
        return inCollections(RetryPolicy.Call.REPEATABLE, writes, chunk -> {
            List<Map<String, Object>> records = chunk.stream().map(w -> {
                Map<String, Object> record = body(sObject, w);
                record.put("Id", w.key());
                return record;
            }).toList();
            return s -> s.api().updateCollection(s.version(), new SalesforceDataApi.CollectionRequest(false, records),
                    s.authorization(), s.callOptions());
        });
    }

    @Override
    public List<WriteResult> create(String tenantId, String sObject, List<Map<String, Object>> records) {
        // Keyed by position: a record being created has no id yet, and results come back in request order.
        List<RecordWrite> writes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            writes.add(new RecordWrite(String.valueOf(i), records.get(i)));
        }
        // A create sent twice makes two records: resent only when Salesforce certainly did nothing (RetryPolicy).
        return inCollections(RetryPolicy.Call.CREATE, writes, chunk -> {
            List<Map<String, Object>> bodies = chunk.stream().map(w -> body(sObject, w)).toList();
            return s -> s.api().createCollection(s.version(), new SalesforceDataApi.CollectionRequest(false, bodies),
                    s.authorization(), s.callOptions());
        }).stream().map(SalesforceRestRecords::asCreated).toList();
    }

    /** Collections create answers without "created": every success of a create made a record. */
    private static WriteResult asCreated(WriteResult result) {
        return result instanceof WriteResult.Written w ? new WriteResult.Written(w.key(), w.id(), true) : result;
    }

    private static Map<String, Object> body(String sObject, RecordWrite write) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", Map.of("type", sObject));
        record.putAll(write.fields());
        return record;
    }

    /** Sends the writes 200 at a time; results come back in request order. */
    private List<WriteResult> inCollections(RetryPolicy.Call kind, List<RecordWrite> writes,
            Function<List<RecordWrite>, Function<SalesforceSession.Current, Response>> request) {
        List<WriteResult> results = new ArrayList<>(writes.size());
        for (int from = 0; from < writes.size(); from += COLLECTION_LIMIT) {
            List<RecordWrite> chunk = writes.subList(from, Math.min(writes.size(), from + COLLECTION_LIMIT));
            List<SalesforceDataApi.CollectionResult> answers = call(kind, request.apply(chunk),
                    r -> r.readEntity(new GenericType<List<SalesforceDataApi.CollectionResult>>() {
                    }));
            for (int i = 0; i < chunk.size(); i++) {
                String key = chunk.get(i).key();
                SalesforceDataApi.CollectionResult answer = i < answers.size() ? answers.get(i) : null;
                results.add(toResult(key, answer));
            }
        }
        return results;
    }

    private static WriteResult toResult(String key, SalesforceDataApi.CollectionResult answer) {
        if (answer == null) {
            return new WriteResult.Retry(key, "no result for this record");
        }
        if (answer.success()) {
            return new WriteResult.Written(key, answer.id(), Boolean.TRUE.equals(answer.created()));
        }
        SalesforceDataApi.CollectionError error = answer.errors() == null || answer.errors().isEmpty() ? null
                : answer.errors().get(0);
        String code = error == null ? "UNKNOWN" : error.statusCode();
        if (SalesforceErrors.TRANSIENT.contains(code)) {
            return new WriteResult.Retry(key, code);
        }
        String message = error == null ? "" : error.message();
        if (error != null && error.fields() != null && !error.fields().isEmpty()) {
            message = message + " (fields " + String.join(", ", error.fields()) + ")";
        }
        return new WriteResult.Refused(key, code, message, SalesforceErrors.categoryOf(code));
    }

    private List<Map<String, Object>> query(String soql) {
        return session.queryAll("a query", soql);
    }

    private <T> T call(RetryPolicy.Call kind, Function<SalesforceSession.Current, Response> request,
            Function<Response, T> read) {
        return session.call("a data call", kind, request, read);
    }

    private static CrmRecord toRecord(Map<String, Object> row) {
        Map<String, String> properties = new HashMap<>();
        row.forEach((field, value) -> {
            if (!"attributes".equals(field) && value != null && !(value instanceof Map)) {
                properties.put(field, String.valueOf(value));
            }
        });
        return new CrmRecord(String.valueOf(row.get("Id")), properties, instant(row.get("LastModifiedDate")));
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        try {
            return OffsetDateTime.parse(value.toString(), SALESFORCE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value.toString()).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static void addIn(List<String> where, String field, List<String> values) {
        if (!values.isEmpty()) {
            where.add(field + " IN (" + values.stream().map(v -> "'" + Soql.escape(v) + "'")
                    .collect(Collectors.joining(", ")) + ")");
        }
    }

    private static List<String> slice(List<String> values, int chunk) {
        int from = chunk * IDS_PER_QUERY;
        return from >= values.size() ? List.of() : values.subList(from, Math.min(values.size(), from + IDS_PER_QUERY));
    }
}
