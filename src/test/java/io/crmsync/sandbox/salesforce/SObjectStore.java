package io.crmsync.sandbox.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/**
 * The records of one sObject type, validated against its {@link SObjectSchema} as Salesforce validates
 * them. Every write holds the store's lock, so a unique check and the write that relies on it are one step
 * (concurrent upserts of one external ID create one record).
 */
public final class SObjectStore {

    /** Salesforce's datetime format in REST responses; values have second precision. */
    public static final DateTimeFormatter DATETIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** The outcome of an upsert: written (created or updated), or several records hold the value. */
    public sealed interface UpsertResult {
        record Written(String id, boolean created) implements UpsertResult {
        }

        record MultipleMatches(List<String> ids) implements UpsertResult {
        }
    }

    private final SObjectSchema schema;
    private final Clock clock;
    private final String ownerId;
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private long nextSequence = 1;

    public SObjectStore(SObjectSchema schema, Clock clock, String ownerId) {
        this.schema = schema;
        this.clock = clock;
        this.ownerId = ownerId;
    }

    public SObjectSchema schema() {
        return schema;
    }

    public synchronized String insert(Map<String, Object> given) {
        Map<String, Object> fields = canonical(given);
        Map<String, Object> record = new LinkedHashMap<>();
        schema.fields().forEach(f -> record.put(f.name(), f.defaultValue()));
        record.putAll(fields);
        requirePresent(record, schema.fields().stream().filter(FieldDef::requiredOnCreate).map(FieldDef::name).toList());
        requireUnique(record, null);
        String id = SalesforceIds.newId(schema.keyPrefix(), nextSequence++);
        String now = DATETIME.format(now());
        record.put(SObjectSchema.ID, id);
        record.put(SObjectSchema.OWNER_ID, ownerId);
        record.put(SObjectSchema.IS_DELETED, false);
        record.put(SObjectSchema.CREATED_DATE, now);
        record.put(SObjectSchema.LAST_MODIFIED_DATE, now);
        record.put(SObjectSchema.SYSTEM_MODSTAMP, now);
        records.put(id, record);
        return id;
    }

    /** Sets the given fields; JSON null clears one. */
    public synchronized void update(String id, Map<String, Object> given) {
        Map<String, Object> current = records.get(normalisedId(id));
        if (current == null) {
            throw notFound();
        }
        Map<String, Object> fields = canonical(given);
        Map<String, Object> updated = new LinkedHashMap<>(current);
        updated.putAll(fields);
        List<String> cleared = fields.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey)
                .filter(name -> schema.field(name).map(FieldDef::requiredOnCreate).orElse(false)).toList();
        requirePresent(updated, cleared);
        requireUnique(updated, current.get(SObjectSchema.ID).toString());
        String now = DATETIME.format(now());
        updated.put(SObjectSchema.LAST_MODIFIED_DATE, now);
        updated.put(SObjectSchema.SYSTEM_MODSTAMP, now);
        records.put(current.get(SObjectSchema.ID).toString(), updated);
    }

    /**
     * Creates the record whose external ID field holds {@code value}, or updates the one that does; refuses a
     * field that is not an External ID with 404, as Salesforce does.
     */
    public synchronized UpsertResult upsert(String externalIdField, String value, Map<String, Object> given) {
        FieldDef field = schema.field(externalIdField).filter(FieldDef::externalId)
                .orElseThrow(() -> new Failure(404, SalesforceError.of("NOT_FOUND",
                        "Provided external ID field does not exist or is not accessible: " + externalIdField)));
        List<String> matches = findIds(field.name(), value);
        if (matches.size() > 1) {
            return new UpsertResult.MultipleMatches(matches);
        }
        Map<String, Object> fields = new LinkedHashMap<>(given);
        // The URL names the record; a body value for the same field must not point elsewhere.
        fields.keySet().removeIf(k -> k.equalsIgnoreCase(field.name()));
        if (matches.isEmpty()) {
            fields.put(field.name(), value);
            return new UpsertResult.Written(insert(fields), true);
        }
        update(matches.get(0), fields);
        return new UpsertResult.Written(matches.get(0), false);
    }

    public synchronized Optional<Map<String, Object>> get(String id) {
        return Optional.ofNullable(records.get(normalisedId(id))).map(LinkedHashMap::new);
    }

    /** Ids of the records whose {@code field} equals {@code value} (ignoring case unless the field is case-sensitive). */
    public synchronized List<String> findIds(String fieldName, String value) {
        FieldDef field = schema.field(fieldName).orElseThrow();
        return records.values().stream().filter(r -> sameValue(field, r.get(field.name()), value))
                .map(r -> r.get(SObjectSchema.ID).toString()).toList();
    }

    /** Copies of all records, in creation order. */
    public synchronized List<Map<String, Object>> all() {
        List<Map<String, Object>> copies = new ArrayList<>();
        records.values().forEach(r -> copies.add(new LinkedHashMap<>(r)));
        return copies;
    }

    public synchronized int count() {
        return records.size();
    }

    public synchronized void clear() {
        records.clear();
        nextSequence = 1;
    }

    /** Ids in URLs may have 15 or 18 characters; other shapes are malformed. */
    String normalisedId(String id) {
        if (!SalesforceIds.isValid(id)) {
            throw new Failure(400, SalesforceError.of("MALFORMED_ID",
                    schema.field(SObjectSchema.ID).map(FieldDef::label).orElse("Id") + ": id value of incorrect type: "
                            + id, List.of(SObjectSchema.ID)));
        }
        return SalesforceIds.to18(id);
    }

    private Failure notFound() {
        return new Failure(404, SalesforceError.of("NOT_FOUND", "The requested resource does not exist"));
    }

    /** Maps given names to canonical ones and checks each value; "attributes" is allowed and ignored. */
    private Map<String, Object> canonical(Map<String, Object> given) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> readOnly = new ArrayList<>();
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            if (entry.getKey().equals("attributes")) {
                continue;
            }
            FieldDef field = schema.field(entry.getKey()).orElseThrow(() -> new Failure(400, SalesforceError.of(
                    "INVALID_FIELD", "No such column '" + entry.getKey() + "' on sobject of type " + schema.name())));
            if (!field.writable()) {
                readOnly.add(field.name());
                continue;
            }
            fields.put(field.name(), checkedValue(field, entry.getValue()));
        }
        if (!readOnly.isEmpty()) {
            throw new Failure(400, SalesforceError.of("INVALID_FIELD_FOR_INSERT_UPDATE",
                    "Unable to create/update fields: " + String.join(", ", readOnly) + ". Please check the security"
                            + " settings of this field and verify that it is read/write for your profile or"
                            + " permission set.",
                    readOnly));
        }
        return fields;
    }

    private static Object checkedValue(FieldDef field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR",
                    "Cannot deserialize instance of " + field.type().name().toLowerCase(Locale.ROOT) + " from "
                            + (value instanceof Map ? "START_OBJECT" : "START_ARRAY") + " value for field "
                            + field.name()));
        }
        if (field.type() == FieldType.BOOLEAN) {
            if (!(value instanceof Boolean)) {
                throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR",
                        "Cannot deserialize instance of boolean from VALUE_STRING value " + value + " for field "
                                + field.name()));
            }
            return value;
        }
        if (field.type() == FieldType.DOUBLE) {
            if (!(value instanceof Number number)) {
                throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR",
                        "Cannot deserialize instance of double from VALUE_STRING value " + value + " for field "
                                + field.name()));
            }
            return number.doubleValue();
        }
        String text = value.toString();
        if (text.isEmpty()) {
            return null; // Salesforce stores an empty string as null
        }
        if (field.length() > 0 && text.length() > field.length()) {
            throw new Failure(400, SalesforceError.of("STRING_TOO_LONG", field.label() + ": data value too large: "
                    + text + " (max length=" + field.length() + ")", List.of(field.name())));
        }
        if (field.type() == FieldType.EMAIL && !EMAIL.matcher(text).matches()) {
            throw new Failure(400, SalesforceError.of("INVALID_EMAIL_ADDRESS",
                    field.label() + ": invalid email address: " + text, List.of(field.name())));
        }
        return text;
    }

    private static void requirePresent(Map<String, Object> record, List<String> required) {
        List<String> missing = required.stream().filter(name -> record.get(name) == null).toList();
        if (!missing.isEmpty()) {
            throw new Failure(400, SalesforceError.of("REQUIRED_FIELD_MISSING",
                    "Required fields are missing: " + missing, missing));
        }
    }

    private void requireUnique(Map<String, Object> record, String exceptId) {
        for (FieldDef field : schema.fields()) {
            Object value = record.get(field.name());
            if (!field.unique() || value == null) {
                continue;
            }
            for (Map<String, Object> other : records.values()) {
                String otherId = other.get(SObjectSchema.ID).toString();
                if (!otherId.equals(exceptId) && sameValue(field, other.get(field.name()), value.toString())) {
                    throw new Failure(400, SalesforceError.of("DUPLICATE_VALUE", "duplicate value found: "
                            + field.name() + " duplicates value on record with id: " + otherId, List.of()));
                }
            }
        }
    }

    private static boolean sameValue(FieldDef field, Object stored, String given) {
        if (stored == null || given == null) {
            return false;
        }
        if (field.type().isId()) {
            return SalesforceIds.isValid(given) && stored.toString().equals(SalesforceIds.to18(given));
        }
        return field.caseSensitive() ? stored.toString().equals(given)
                : stored.toString().toLowerCase(Locale.ROOT).equals(given.toLowerCase(Locale.ROOT));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
