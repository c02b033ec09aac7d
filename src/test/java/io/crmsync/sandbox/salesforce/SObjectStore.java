package io.crmsync.sandbox.salesforce;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/**
 * The records of one sObject type, validated against its {@link SObjectSchema} as Salesforce validates
 * them. Each write validates completely before it changes anything, and holds the store's lock, so a
 * unique check and the write that relies on it are one step. Deleted records stay, flagged IsDeleted, as
 * in the recycle bin: only queryAll, getDeleted and undelete see them.
 *
 * <p>Unique and External ID fields are indexed (value → ids of live records) so that unique checks and
 * external-ID lookups stay O(1) when a test seeds hundreds of thousands of records. Every change to
 * {@code records} goes through {@link #put} or {@link #remove}, which keep the index in step.
 */
public final class SObjectStore {

    /** Salesforce's datetime format in REST responses; values have millisecond precision, always .000 here. */
    public static final DateTimeFormatter DATETIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /**
     * Org-level checks run on every API write after the field checks and before the record is stored:
     * references, validation rules, duplicate rules, converted leads.
     */
    @FunctionalInterface
    public interface Checks {
        /** @param previous the stored record for an update, null for a create */
        void check(SObjectSchema schema, Map<String, Object> candidate, Map<String, Object> previous);
    }

    /** The outcome of an upsert: written (created or updated), or several records hold the value. */
    public sealed interface UpsertResult {
        record Written(String id, boolean created, RecordChange change) implements UpsertResult {
        }

        record MultipleMatches(List<String> ids) implements UpsertResult {
        }
    }

    /** A record in the recycle bin, for getDeleted. */
    public record Deletion(String id, Instant deletedDate) {
    }

    /** The schema as the org was created with it; {@link #clear()} goes back to it. */
    private final SObjectSchema standard;
    /** With the custom fields an admin added ({@link #addField}). */
    private volatile SObjectSchema schema;
    private final Clock clock;
    private final Checks checks;
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private final Map<String, Instant> deletedAt = new LinkedHashMap<>();
    /** The unique and External ID fields' indexes, by field name. */
    private final Map<String, FieldIndex> indexes = new HashMap<>();
    private long nextSequence = 1;

    public SObjectStore(SObjectSchema schema, Clock clock, Checks checks) {
        this.standard = schema;
        this.schema = schema;
        this.clock = clock;
        this.checks = checks;
        schema.fields().stream().filter(f -> f.unique() || f.externalId())
                .forEach(f -> indexes.put(f.name(), new FieldIndex(f, new HashMap<>())));
    }

    public SObjectSchema schema() {
        return schema;
    }

    /** Creates a record as {@code userId}; Id and audit fields are set here, OwnerId defaults to the user. */
    public synchronized RecordChange insert(Map<String, Object> given, String userId) {
        return insertAs(null, canonical(given, false, true), userId, true);
    }

    /** Creates a record with a chosen id and no API checks: the org's own users, seeded fixtures. */
    synchronized RecordChange insertSystem(String id, Map<String, Object> fields, String userId) {
        return insertAs(id, canonical(fields, true, true), userId, false);
    }

    private RecordChange insertAs(String fixedId, Map<String, Object> fields, String userId, boolean apiChecks) {
        Map<String, Object> record = new LinkedHashMap<>();
        schema.fields().forEach(f -> record.put(f.name(), f.defaultValue()));
        fields.forEach((k, v) -> {
            if (v != null) {
                record.put(k, v);
            }
        });
        if (schema.field(SObjectSchema.OWNER_ID).isPresent() && record.get(SObjectSchema.OWNER_ID) == null) {
            record.put(SObjectSchema.OWNER_ID, userId);
        }
        derive(record);
        requirePresent(record, schema.fields().stream().filter(FieldDef::requiredOnCreate).map(FieldDef::name).toList());
        requireUnique(record, null);
        if (apiChecks) {
            checks.check(schema, record, null);
        }
        String id = fixedId != null ? fixedId : SalesforceIds.newId(schema.keyPrefix(), nextSequence++);
        String now = DATETIME.format(now());
        record.put(SObjectSchema.ID, id);
        record.put(SObjectSchema.IS_DELETED, false);
        record.put(SObjectSchema.CREATED_DATE, now);
        record.put(SObjectSchema.CREATED_BY_ID, userId);
        record.put(SObjectSchema.LAST_MODIFIED_DATE, now);
        record.put(SObjectSchema.LAST_MODIFIED_BY_ID, userId);
        record.put(SObjectSchema.SYSTEM_MODSTAMP, now);
        put(id, record);
        return new RecordChange(schema.name(), id, RecordChange.Type.CREATE, null, record);
    }

    /** Sets the given fields; JSON null clears one. */
    public synchronized RecordChange update(String id, Map<String, Object> given, String userId) {
        return updateAs(id, canonical(given, false, false), userId, true);
    }

    /** An update by the platform itself (lead conversion): read-only fields allowed, org checks skipped. */
    synchronized RecordChange updateSystem(String id, Map<String, Object> fields, String userId) {
        return updateAs(id, canonical(fields, true, false), userId, false);
    }

    private RecordChange updateAs(String id, Map<String, Object> fields, String userId, boolean apiChecks) {
        Map<String, Object> current = live(id);
        Map<String, Object> updated = new LinkedHashMap<>(current);
        updated.putAll(fields);
        derive(updated);
        List<String> cleared = fields.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey)
                .filter(name -> schema.field(name).map(FieldDef::requiredOnCreate).orElse(false)).toList();
        requirePresent(updated, cleared);
        requireUnique(updated, current.get(SObjectSchema.ID).toString());
        if (apiChecks) {
            checks.check(schema, updated, current);
        }
        String now = DATETIME.format(now());
        updated.put(SObjectSchema.LAST_MODIFIED_DATE, now);
        updated.put(SObjectSchema.LAST_MODIFIED_BY_ID, userId);
        updated.put(SObjectSchema.SYSTEM_MODSTAMP, now);
        put(current.get(SObjectSchema.ID).toString(), updated);
        return new RecordChange(schema.name(), updated.get(SObjectSchema.ID).toString(), RecordChange.Type.UPDATE,
                current, updated);
    }

    /**
     * Creates the record whose external ID field holds {@code value}, or updates the one that does; refuses a
     * field that is not an External ID with 404, as Salesforce does.
     */
    public synchronized UpsertResult upsert(String externalIdField, String value, Map<String, Object> given,
            String userId) {
        FieldDef field = externalIdField(externalIdField);
        List<String> matches = findIds(field.name(), value);
        if (matches.size() > 1) {
            return new UpsertResult.MultipleMatches(matches);
        }
        Map<String, Object> fields = new LinkedHashMap<>(given);
        // The URL names the record; a body value for the same field must not point elsewhere.
        fields.keySet().removeIf(k -> k.equalsIgnoreCase(field.name()));
        if (matches.isEmpty()) {
            fields.put(field.name(), value);
            RecordChange change = insert(fields, userId);
            return new UpsertResult.Written(change.id(), true, change);
        }
        RecordChange change = update(matches.get(0), fields, userId);
        return new UpsertResult.Written(matches.get(0), false, change);
    }

    /** Moves a record to the recycle bin. */
    public synchronized RecordChange delete(String id, String userId) {
        Map<String, Object> current = live(id);
        Map<String, Object> deleted = new LinkedHashMap<>(current);
        Instant now = now();
        deleted.put(SObjectSchema.IS_DELETED, true);
        deleted.put(SObjectSchema.LAST_MODIFIED_BY_ID, userId);
        deleted.put(SObjectSchema.SYSTEM_MODSTAMP, DATETIME.format(now));
        String key = current.get(SObjectSchema.ID).toString();
        put(key, deleted);
        deletedAt.put(key, now);
        return new RecordChange(schema.name(), key, RecordChange.Type.DELETE, current, deleted);
    }

    /** Restores a record from the recycle bin; its unique values must still be free. */
    public synchronized RecordChange undelete(String id, String userId) {
        String key = normalisedId(id);
        Map<String, Object> current = records.get(key);
        if (current == null) {
            throw notFound();
        }
        if (!Boolean.TRUE.equals(current.get(SObjectSchema.IS_DELETED))) {
            throw new Failure(400, SalesforceError.of("UNDELETE_FAILED", "Entity is not in the recycle bin"));
        }
        Map<String, Object> restored = new LinkedHashMap<>(current);
        restored.put(SObjectSchema.IS_DELETED, false);
        requireUnique(restored, key);
        String now = DATETIME.format(now());
        restored.put(SObjectSchema.LAST_MODIFIED_DATE, now);
        restored.put(SObjectSchema.LAST_MODIFIED_BY_ID, userId);
        restored.put(SObjectSchema.SYSTEM_MODSTAMP, now);
        put(key, restored);
        deletedAt.remove(key);
        return new RecordChange(schema.name(), key, RecordChange.Type.UNDELETE, current, restored);
    }

    /** Undoes a write of a rolled-back transaction: puts {@code before} back, or removes a created record. */
    synchronized void restore(String id, Map<String, Object> before) {
        if (before == null) {
            remove(id);
            deletedAt.remove(id);
            return;
        }
        put(id, new LinkedHashMap<>(before));
        if (!Boolean.TRUE.equals(before.get(SObjectSchema.IS_DELETED))) {
            deletedAt.remove(id);
        }
    }

    /** A record that is not deleted. */
    public synchronized Optional<Map<String, Object>> get(String id) {
        return getIncludingDeleted(id).filter(r -> !Boolean.TRUE.equals(r.get(SObjectSchema.IS_DELETED)));
    }

    public synchronized Optional<Map<String, Object>> getIncludingDeleted(String id) {
        return Optional.ofNullable(records.get(normalisedId(id))).map(LinkedHashMap::new);
    }

    /** Ids of live records whose {@code field} equals {@code value} (ignoring case unless the field is case-sensitive). */
    public synchronized List<String> findIds(String fieldName, String value) {
        FieldDef field = schema.field(fieldName).orElseThrow(() -> new IllegalArgumentException(
                "No field " + fieldName + " on " + schema.name()));
        FieldIndex index = indexes.get(field.name());
        if (index != null) {
            return inRecordOrder(index.holders(value));
        }
        return records.values().stream().filter(r -> !isDeleted(r))
                .filter(r -> sameValue(field, r.get(field.name()), value))
                .map(r -> r.get(SObjectSchema.ID).toString()).toList();
    }

    /** Copies of the live records, in creation order. */
    public synchronized List<Map<String, Object>> all() {
        List<Map<String, Object>> copies = new ArrayList<>();
        records.values().stream().filter(r -> !isDeleted(r)).forEach(r -> copies.add(new LinkedHashMap<>(r)));
        return copies;
    }

    /** Copies of all records including those in the recycle bin (queryAll). */
    public synchronized List<Map<String, Object>> allIncludingDeleted() {
        List<Map<String, Object>> copies = new ArrayList<>();
        records.values().forEach(r -> copies.add(new LinkedHashMap<>(r)));
        return copies;
    }

    /** Records deleted within [start, end), oldest first. */
    public synchronized List<Deletion> deletedBetween(Instant start, Instant end) {
        return deletedAt.entrySet().stream()
                .filter(e -> !e.getValue().isBefore(start) && e.getValue().isBefore(end))
                .map(e -> new Deletion(e.getKey(), e.getValue())).toList();
    }

    public synchronized int count() {
        return (int) records.values().stream().filter(r -> !isDeleted(r)).count();
    }

    public synchronized void clear() {
        records.clear();
        schema = standard;
        indexes.keySet().removeIf(name -> standard.field(name).isEmpty());
        indexes.values().forEach(index -> index.liveIds().clear());
        deletedAt.clear();
        nextSequence = 1;
    }

    /**
     * Adds a field as an admin does in Setup (Object Manager → Fields → New): existing records have it blank, and
     * an External ID or unique field is indexed from now on.
     *
     * @throws IllegalArgumentException when the object has a field of that name already
     */
    public synchronized void addField(FieldDef field) {
        if (schema.field(field.name()).isPresent()) {
            throw new IllegalArgumentException(schema.name() + " already has a field " + field.name());
        }
        List<FieldDef> fields = new java.util.ArrayList<>(schema.fields());
        fields.add(field);
        schema = new SObjectSchema(schema.name(), schema.label(), schema.labelPlural(), schema.keyPrefix(), fields);
        records.values().forEach(record -> record.put(field.name(), null));
        if (field.unique() || field.externalId()) {
            indexes.put(field.name(), new FieldIndex(field, new HashMap<>()));
        }
    }

    FieldDef externalIdField(String name) {
        return schema.field(name).filter(FieldDef::externalId)
                .orElseThrow(() -> new Failure(404, SalesforceError.of("NOT_FOUND",
                        "Provided external ID field does not exist or is not accessible: " + name)));
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

    /** The stored, not deleted record; ENTITY_IS_DELETED for one in the recycle bin. */
    private Map<String, Object> live(String id) {
        Map<String, Object> current = records.get(normalisedId(id));
        if (current == null) {
            throw notFound();
        }
        if (isDeleted(current)) {
            throw new Failure(404, SalesforceError.of("ENTITY_IS_DELETED", "entity is deleted", List.of()));
        }
        return current;
    }

    private static boolean isDeleted(Map<String, Object> record) {
        return Boolean.TRUE.equals(record.get(SObjectSchema.IS_DELETED));
    }

    static Failure notFound() {
        return new Failure(404, SalesforceError.of("NOT_FOUND", "The requested resource does not exist"));
    }

    /** Fields computed by the platform: Name of people from FirstName and LastName. */
    private void derive(Map<String, Object> record) {
        if (schema.hasPersonName()) {
            Object first = record.get("FirstName");
            Object last = record.get("LastName");
            String name = ((first == null ? "" : first + " ") + (last == null ? "" : last)).trim();
            record.put(SObjectSchema.NAME, name.isEmpty() ? null : name);
        }
    }

    /**
     * Maps given names to canonical ones and checks each value; "attributes" is allowed and ignored.
     * {@code system} writes may set read-only fields (the platform's own bookkeeping); an update may not
     * name a create-only field at all, even with its current value, as in Salesforce.
     */
    private Map<String, Object> canonical(Map<String, Object> given, boolean system, boolean creating) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> readOnly = new ArrayList<>();
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            if (entry.getKey().equals("attributes")) {
                continue;
            }
            FieldDef field = schema.field(entry.getKey()).orElseThrow(() -> new Failure(400, SalesforceError.of(
                    "INVALID_FIELD", "No such column '" + entry.getKey() + "' on sobject of type " + schema.name())));
            if (!system && (creating ? !field.writable() : !field.updateable())) {
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
            throw parserError(field, value instanceof Map ? "START_OBJECT" : "START_ARRAY", "");
        }
        switch (field.type()) {
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw parserError(field, "VALUE_STRING", value.toString());
                }
                return value;
            }
            case DOUBLE, CURRENCY, INT -> {
                return number(field, value);
            }
            default -> {
                // text, dates, ids: checked below
            }
        }
        String text = value.toString();
        if (text.isEmpty()) {
            return null; // Salesforce stores an empty string as null
        }
        if (field.length() > 0 && text.length() > field.length() && !field.type().isId()) {
            throw new Failure(400, SalesforceError.of("STRING_TOO_LONG", field.label() + ": data value too large: "
                    + text + " (max length=" + field.length() + ")", List.of(field.name())));
        }
        return switch (field.type()) {
            case EMAIL -> {
                if (!EMAIL.matcher(text).matches()) {
                    throw new Failure(400, SalesforceError.of("INVALID_EMAIL_ADDRESS",
                            field.label() + ": invalid email address: " + text, List.of(field.name())));
                }
                yield text;
            }
            case PICKLIST -> {
                if (field.restricted() && !field.picklistValues().contains(text)) {
                    throw new Failure(400, SalesforceError.of("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                            field.label() + ": bad value for restricted picklist field: " + text,
                            List.of(field.name())));
                }
                yield text;
            }
            case DATE -> {
                try {
                    yield LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text).toString();
                } catch (DateTimeParseException e) {
                    throw parserError(field, "VALUE_STRING", text);
                }
            }
            case DATETIME -> {
                try {
                    yield DATETIME.format(SoqlEngine.parseDateTime(text));
                } catch (DateTimeParseException e) {
                    throw parserError(field, "VALUE_STRING", text);
                }
            }
            case ID, REFERENCE -> {
                if (!SalesforceIds.isValid(text)) {
                    throw new Failure(400, SalesforceError.of("MALFORMED_ID",
                            field.label() + ": id value of incorrect type: " + text, List.of(field.name())));
                }
                yield SalesforceIds.to18(text);
            }
            default -> text;
        };
    }

    private static Object number(FieldDef field, Object value) {
        BigDecimal decimal;
        try {
            decimal = value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw parserError(field, "VALUE_STRING", value.toString());
        }
        if (field.type() != FieldType.INT) {
            return decimal.doubleValue();
        }
        try {
            return decimal.intValueExact();
        } catch (ArithmeticException e) {
            throw new Failure(400, SalesforceError.of("NUMBER_OUTSIDE_VALID_RANGE",
                    field.label() + ": value outside of valid range on numeric field: " + value,
                    List.of(field.name())));
        }
    }

    private static Failure parserError(FieldDef field, String token, String text) {
        return new Failure(400, SalesforceError.of("JSON_PARSER_ERROR", "Cannot deserialize instance of "
                + field.type().describeName() + " from " + token + " value " + text + " or request may be missing a"
                + " required field"));
    }

    private static void requirePresent(Map<String, Object> record, List<String> required) {
        List<String> missing = required.stream().filter(name -> record.get(name) == null).toList();
        if (!missing.isEmpty()) {
            throw new Failure(400, SalesforceError.of("REQUIRED_FIELD_MISSING",
                    "Required fields are missing: " + missing, missing));
        }
    }

    /** Unique values must not repeat among live records (the recycle bin does not hold values). */
    private void requireUnique(Map<String, Object> record, String exceptId) {
        for (FieldDef field : schema.fields()) {
            Object value = record.get(field.name());
            if (!field.unique() || value == null) {
                continue;
            }
            for (String otherId : inRecordOrder(indexes.get(field.name()).holders(value.toString()))) {
                if (!otherId.equals(exceptId)) {
                    throw new Failure(400, SalesforceError.of("DUPLICATE_VALUE", "duplicate value found: "
                            + field.name() + " duplicates value on record with id: " + otherId, List.of()));
                }
            }
        }
    }

    /** Stores {@code record} under {@code id}, replacing any record there, and re-indexes it. */
    private void put(String id, Map<String, Object> record) {
        unindex(id, records.put(id, record));
        if (!isDeleted(record)) {
            indexes.values().forEach(index -> index.add(id, record));
        }
    }

    private void remove(String id) {
        unindex(id, records.remove(id));
    }

    /** Drops a record that left the live set (or was replaced) from the index. */
    private void unindex(String id, Map<String, Object> previous) {
        if (previous == null || isDeleted(previous)) {
            return;
        }
        indexes.values().forEach(index -> index.remove(id, previous));
    }

    /**
     * Ids in the order of {@code records}, as a scan would find them. Only a non-unique External ID can hold
     * several, so the scan that orders them runs only for a lookup that fails with multiple matches anyway.
     */
    private List<String> inRecordOrder(Set<String> ids) {
        if (ids.size() <= 1) {
            return List.copyOf(ids);
        }
        return records.keySet().stream().filter(ids::contains).toList();
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

    /**
     * One unique or External ID field's live values: value key → ids of the live records holding it. Keys
     * are equal exactly when {@link #sameValue} matches: ids in 18-character form, text in lower case
     * unless the field is case-sensitive. A unique field has at most one holder; a non-unique External ID
     * may have several.
     */
    private record FieldIndex(FieldDef field, Map<String, Set<String>> liveIds) {

        Set<String> holders(String given) {
            return lookupKey(given).map(key -> liveIds.getOrDefault(key, Set.of())).orElse(Set.of());
        }

        void add(String id, Map<String, Object> record) {
            storedKey(record.get(field.name())).ifPresent(key ->
                    liveIds.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(id));
        }

        void remove(String id, Map<String, Object> record) {
            storedKey(record.get(field.name())).ifPresent(key -> {
                Set<String> ids = liveIds.get(key);
                if (ids != null && ids.remove(id) && ids.isEmpty()) {
                    liveIds.remove(key);
                }
            });
        }

        private Optional<String> storedKey(Object stored) {
            if (stored == null) {
                return Optional.empty();
            }
            String text = stored.toString();
            return Optional.of(field.type().isId() || field.caseSensitive() ? text : text.toLowerCase(Locale.ROOT));
        }

        /** Empty when {@code given} can match no stored value (a malformed id). */
        private Optional<String> lookupKey(String given) {
            if (given == null) {
                return Optional.empty();
            }
            if (field.type().isId()) {
                return SalesforceIds.isValid(given) ? Optional.of(SalesforceIds.to18(given)) : Optional.empty();
            }
            return Optional.of(field.caseSensitive() ? given : given.toLowerCase(Locale.ROOT));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
