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
public record SObjectSchema(String name, String keyPrefix, List<FieldDef> fields) {

    public static final String ID = "Id";
    public static final String CREATED_DATE = "CreatedDate";
    public static final String LAST_MODIFIED_DATE = "LastModifiedDate";
    public static final String SYSTEM_MODSTAMP = "SystemModstamp";
    public static final String IS_DELETED = "IsDeleted";
    public static final String OWNER_ID = "OwnerId";

    /** The Lead fields crmsync maps to, plus the system fields every record has. */
    public static final SObjectSchema LEAD = new SObjectSchema("Lead", "00Q", List.of(
            FieldDef.system(ID, "Lead ID", FieldType.ID),
            FieldDef.text("FirstName", "First Name", FieldType.STRING, 40),
            FieldDef.text("LastName", "Last Name", FieldType.STRING, 80).required(),
            FieldDef.text("Company", "Company", FieldType.STRING, 255).required(),
            FieldDef.text("Email", "Email", FieldType.EMAIL, 80),
            FieldDef.text("Phone", "Phone", FieldType.PHONE, 40),
            FieldDef.text("Title", "Title", FieldType.STRING, 128),
            FieldDef.text("Status", "Status", FieldType.STRING, 40).withDefault("Open - Not Contacted"),
            FieldDef.text("HubSpot_Contact_Id__c", "HubSpot Contact Id", FieldType.STRING, 255).externalId(true),
            FieldDef.system(OWNER_ID, "Owner ID", FieldType.REFERENCE),
            FieldDef.system(IS_DELETED, "Deleted", FieldType.BOOLEAN),
            FieldDef.system(CREATED_DATE, "Created Date", FieldType.DATETIME),
            FieldDef.system(LAST_MODIFIED_DATE, "Last Modified Date", FieldType.DATETIME),
            FieldDef.system(SYSTEM_MODSTAMP, "System Modstamp", FieldType.DATETIME)));

    public SObjectSchema {
        fields = List.copyOf(fields);
    }

    public Optional<FieldDef> field(String anyCase) {
        return Optional.ofNullable(byLowerName().get(anyCase.toLowerCase(Locale.ROOT)));
    }

    public List<String> fieldNames() {
        return fields.stream().map(FieldDef::name).toList();
    }

    private Map<String, FieldDef> byLowerName() {
        Map<String, FieldDef> map = new LinkedHashMap<>();
        fields.forEach(f -> map.put(f.name().toLowerCase(Locale.ROOT), f));
        return map;
    }
}
