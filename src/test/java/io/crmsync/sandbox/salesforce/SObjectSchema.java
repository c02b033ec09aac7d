package io.crmsync.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of one sObject type: key prefix and fields. Field and object names are case-insensitive, as in
 * Salesforce; {@link #field} returns the canonical spelling.
 */
public record SObjectSchema(String name, String label, String labelPlural, String keyPrefix, List<FieldDef> fields) {

    public static final String ID = "Id";
    public static final String NAME = "Name";
    public static final String CREATED_DATE = "CreatedDate";
    public static final String CREATED_BY_ID = "CreatedById";
    public static final String LAST_MODIFIED_DATE = "LastModifiedDate";
    public static final String LAST_MODIFIED_BY_ID = "LastModifiedById";
    public static final String SYSTEM_MODSTAMP = "SystemModstamp";
    public static final String IS_DELETED = "IsDeleted";
    public static final String OWNER_ID = "OwnerId";

    public SObjectSchema {
        fields = List.copyOf(fields);
    }

    /** Without labels: the name doubles as label. */
    public SObjectSchema(String name, String keyPrefix, List<FieldDef> fields) {
        this(name, name, name + "s", keyPrefix, fields);
    }

    public Optional<FieldDef> field(String anyCase) {
        return Optional.ofNullable(byLowerName().get(anyCase.toLowerCase(Locale.ROOT)));
    }

    public List<String> fieldNames() {
        return fields.stream().map(FieldDef::name).toList();
    }

    /** The lookup whose relationship name is {@code anyCase} (Account, Owner, Who …). */
    public Optional<FieldDef> relationship(String anyCase) {
        return fields.stream().filter(f -> f.relationshipName() != null
                && f.relationshipName().equalsIgnoreCase(anyCase)).findFirst();
    }

    /** Name is derived from FirstName and LastName (Lead, Contact, User), not written directly. */
    public boolean hasPersonName() {
        return field(NAME).map(f -> !f.writable()).orElse(false) && field("LastName").isPresent();
    }

    private Map<String, FieldDef> byLowerName() {
        Map<String, FieldDef> map = new LinkedHashMap<>();
        fields.forEach(f -> map.put(f.name().toLowerCase(Locale.ROOT), f));
        return map;
    }
}
