package io.crmsync.mapping;

import java.util.Objects;

/** One HubSpot property paired with one Salesforce field. */
public record FieldMapping(String hubSpotProperty, String salesforceField) {
    public FieldMapping {
        Objects.requireNonNull(hubSpotProperty, "hubSpotProperty");
        Objects.requireNonNull(salesforceField, "salesforceField");
    }
}
