package io.crmsync.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one object pair maps, field by field.
 *
 * @param requiredDefaults values sent for Salesforce-required fields when a record is created and HubSpot has
 *        none (HubSpot's connector sends "[not provided]" for a Lead's LastName and Company)
 * @param salesforceIdField the Salesforce External ID field that holds this tenant's HubSpot record id, by which
 *        records are upserted and paired: the pair's default unless the tenant names its own (mappings.yaml key
 *        {@code salesforceIdField}), as every tenant after the first on one org must — HubSpot ids are per portal
 */
public record ObjectMapping(ObjectPair pair, List<FieldMapping> fields, Map<String, String> requiredDefaults,
        String salesforceIdField) {

    public ObjectMapping {
        Objects.requireNonNull(pair, "pair");
        fields = List.copyOf(fields);
        requiredDefaults = Map.copyOf(requiredDefaults);
        salesforceIdField = salesforceIdField == null || salesforceIdField.isBlank() ? pair.defaultIdField()
                : salesforceIdField;
    }

    /** A mapping on the pair's default id field. */
    public ObjectMapping(ObjectPair pair, List<FieldMapping> fields, Map<String, String> requiredDefaults) {
        this(pair, fields, requiredDefaults, null);
    }

    public ObjectMapping withSalesforceIdField(String field) {
        return new ObjectMapping(pair, fields, requiredDefaults, field);
    }

    /** Whether the tenant named its own id field rather than the pair's default. */
    public boolean ownIdField() {
        return !salesforceIdField.equals(pair.defaultIdField());
    }

    public String hubSpotObject() {
        return pair.hubSpotObject();
    }

    public String salesforceObject() {
        return pair.salesforceObject();
    }

    public List<String> hubSpotProperties() {
        return fields.stream().map(FieldMapping::hubSpotProperty).toList();
    }

    public List<String> salesforceFields() {
        return fields.stream().map(FieldMapping::salesforceField).toList();
    }
}
