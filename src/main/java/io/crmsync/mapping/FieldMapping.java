package io.crmsync.mapping;

import java.util.Map;
import java.util.Objects;

/**
 * One HubSpot property paired with one Salesforce field, the rule deciding which way values flow, how values are
 * represented, and for enumerations the HubSpot → Salesforce value map (unmapped values pass unchanged).
 */
public record FieldMapping(String hubSpotProperty, String salesforceField, SyncRule rule, FieldKind kind,
        Map<String, String> valueMap) {

    public FieldMapping {
        Objects.requireNonNull(hubSpotProperty, "hubSpotProperty");
        Objects.requireNonNull(salesforceField, "salesforceField");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        valueMap = valueMap == null ? Map.of() : Map.copyOf(valueMap);
        if (kind == FieldKind.OWNER && rule != SyncRule.TWO_WAY) {
            // HubSpot: "the Owner mapping can only be mapped two-way".
            throw new IllegalArgumentException("the owner mapping " + hubSpotProperty + " ↔ " + salesforceField
                    + " must be TWO_WAY");
        }
    }

    /** A text field with a rule. */
    public static FieldMapping text(String hubSpotProperty, String salesforceField, SyncRule rule) {
        return new FieldMapping(hubSpotProperty, salesforceField, rule, FieldKind.TEXT, Map.of());
    }
}
