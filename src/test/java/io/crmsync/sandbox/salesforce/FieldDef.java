package io.crmsync.sandbox.salesforce;

/**
 * One field of an sObject.
 *
 * @param label            used in error messages, as Salesforce does ("Last Name: data value too large…")
 * @param length           maximum characters for text types, 0 when not limited
 * @param requiredOnCreate not nillable and no default: a create without it fails, and it cannot be cleared
 * @param writable         createable and updateable through the API (system fields are not)
 * @param caseSensitive    for unique fields: whether "ABC" and "abc" are different values
 * @param defaultValue     set on create when the field is not given, or null
 */
public record FieldDef(String name, String label, FieldType type, int length, boolean requiredOnCreate,
        boolean writable, boolean externalId, boolean unique, boolean caseSensitive, Object defaultValue) {

    public static FieldDef text(String name, String label, FieldType type, int length) {
        return new FieldDef(name, label, type, length, false, true, false, false, false, null);
    }

    public static FieldDef system(String name, String label, FieldType type) {
        return new FieldDef(name, label, type, type.isId() ? 18 : 0, false, false, false, false, false, null);
    }

    public FieldDef required() {
        return new FieldDef(name, label, type, length, true, writable, externalId, unique, caseSensitive, defaultValue);
    }

    public FieldDef withDefault(Object value) {
        return new FieldDef(name, label, type, length, requiredOnCreate, writable, externalId, unique, caseSensitive,
                value);
    }

    /** An External ID field, unique (case-insensitive) unless {@code unique} is false. */
    public FieldDef externalId(boolean isUnique) {
        return new FieldDef(name, label, type, length, requiredOnCreate, writable, true, isUnique, caseSensitive,
                defaultValue);
    }
}
