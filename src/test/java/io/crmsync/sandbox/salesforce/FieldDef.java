package io.crmsync.sandbox.salesforce;

import java.util.List;

/**
 * One field of an sObject.
 *
 * @param label            used in error messages, as Salesforce does ("Last Name: data value too large…")
 * @param length           maximum characters for text types, 0 when not limited
 * @param requiredOnCreate not nillable and no default: a create without it fails, and it cannot be cleared
 * @param writable         createable and updateable through the API (system fields are not)
 * @param caseSensitive    for unique fields: whether "ABC" and "abc" are different values
 * @param defaultValue     set on create when the field is not given, or null
 * @param picklistValues   the allowed values of a picklist, in display order; empty for other types
 * @param restricted       a restricted picklist refuses values outside {@code picklistValues}
 * @param referenceTo      for references: the sObject types the id may point to (several for polymorphic ones)
 * @param relationshipName for references: the name SOQL uses to reach the parent, e.g. Account, Owner, Who
 * @param createOnly       writable on create but not on update (createable, not updateable: e.g.
 *                         OpportunityContactRole.OpportunityId)
 */
public record FieldDef(String name, String label, FieldType type, int length, boolean requiredOnCreate,
        boolean writable, boolean externalId, boolean unique, boolean caseSensitive, Object defaultValue,
        List<String> picklistValues, boolean restricted, List<String> referenceTo, String relationshipName,
        boolean createOnly) {

    public FieldDef {
        picklistValues = List.copyOf(picklistValues);
        referenceTo = List.copyOf(referenceTo);
    }

    public static FieldDef text(String name, String label, FieldType type, int length) {
        return new FieldDef(name, label, type, length, false, true, false, false, false, null, List.of(), false,
                List.of(), null, false);
    }

    /** A writable field of a type without a length (boolean, number, date). */
    public static FieldDef of(String name, String label, FieldType type) {
        return text(name, label, type, 0);
    }

    public static FieldDef system(String name, String label, FieldType type) {
        return new FieldDef(name, label, type, type.isId() ? 18 : 0, false, false, false, false, false, null,
                List.of(), false, List.of(), null, false);
    }

    /** A restricted picklist (Salesforce refuses other values with INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST). */
    public static FieldDef picklist(String name, String label, List<String> values) {
        return new FieldDef(name, label, FieldType.PICKLIST, 255, false, true, false, false, false, null, values, true,
                List.of(), null, false);
    }

    /** A writable lookup to one or more sObject types. */
    public static FieldDef reference(String name, String label, String relationshipName, List<String> referenceTo) {
        return new FieldDef(name, label, FieldType.REFERENCE, 18, false, true, false, false, false, null, List.of(),
                false, referenceTo, relationshipName, false);
    }

    public FieldDef required() {
        return new FieldDef(name, label, type, length, true, writable, externalId, unique, caseSensitive, defaultValue,
                picklistValues, restricted, referenceTo, relationshipName, createOnly);
    }

    public FieldDef withDefault(Object value) {
        return new FieldDef(name, label, type, length, requiredOnCreate, writable, externalId, unique, caseSensitive,
                value, picklistValues, restricted, referenceTo, relationshipName, createOnly);
    }

    /** An External ID field, unique (case-insensitive) unless {@code unique} is false. */
    public FieldDef externalId(boolean isUnique) {
        return new FieldDef(name, label, type, length, requiredOnCreate, writable, true, isUnique, caseSensitive,
                defaultValue, picklistValues, restricted, referenceTo, relationshipName, createOnly);
    }

    /** Read-only through the API (system fields, formula-like fields such as Name on Lead). */
    public FieldDef readOnly() {
        return new FieldDef(name, label, type, length, requiredOnCreate, false, externalId, unique, caseSensitive,
                defaultValue, picklistValues, restricted, referenceTo, relationshipName, createOnly);
    }

    /** Makes a read-only reference (CreatedById, ConvertedAccountId …) navigable in SOQL. */
    public FieldDef pointingTo(String relationship, List<String> types) {
        return new FieldDef(name, label, type, length, requiredOnCreate, writable, externalId, unique, caseSensitive,
                defaultValue, picklistValues, restricted, types, relationship, createOnly);
    }

    /** Settable when the record is created, never changed afterwards. */
    public FieldDef notUpdateable() {
        return new FieldDef(name, label, type, length, requiredOnCreate, writable, externalId, unique, caseSensitive,
                defaultValue, picklistValues, restricted, referenceTo, relationshipName, true);
    }

    /** Updateable as describe reports it. */
    public boolean updateable() {
        return writable && !createOnly;
    }

    /** Nillable as describe reports it: everything but required fields, booleans and the id. */
    public boolean nillable() {
        return !requiredOnCreate && type != FieldType.BOOLEAN && type != FieldType.ID;
    }
}
