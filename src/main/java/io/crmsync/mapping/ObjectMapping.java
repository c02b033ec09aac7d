package io.crmsync.mapping;

import java.util.List;
import java.util.Map;

/**
 * How one HubSpot object maps onto one Salesforce object.
 *
 * @param externalIdField the Salesforce external-ID field that holds the HubSpot record id, so upserts are
 *        idempotent
 * @param requiredDefaults values sent for Salesforce-required fields the HubSpot record leaves blank
 */
public record ObjectMapping(
        String hubSpotObject,
        String salesforceObject,
        String externalIdField,
        List<FieldMapping> fields,
        Map<String, String> requiredDefaults) {

    public ObjectMapping {
        fields = List.copyOf(fields);
        requiredDefaults = Map.copyOf(requiredDefaults);
    }

    public List<String> hubSpotProperties() {
        return fields.stream().map(FieldMapping::hubSpotProperty).toList();
    }
}
