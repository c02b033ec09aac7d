package io.crmsync.mapping;

import java.util.List;
import java.util.Map;

/**
 * How one object pair maps, field by field.
 *
 * @param requiredDefaults values sent for Salesforce-required fields when a record is created and HubSpot has
 *        none (HubSpot's connector sends "[not provided]" for a Lead's LastName and Company)
 */
public record ObjectMapping(ObjectPair pair, List<FieldMapping> fields, Map<String, String> requiredDefaults) {

    public ObjectMapping {
        fields = List.copyOf(fields);
        requiredDefaults = Map.copyOf(requiredDefaults);
    }

    public String hubSpotObject() {
        return pair.hubSpotObject();
    }

    public String salesforceObject() {
        return pair.salesforceObject();
    }

    public String externalIdField() {
        return pair.externalIdField();
    }

    public List<String> hubSpotProperties() {
        return fields.stream().map(FieldMapping::hubSpotProperty).toList();
    }

    public List<String> salesforceFields() {
        return fields.stream().map(FieldMapping::salesforceField).toList();
    }
}
