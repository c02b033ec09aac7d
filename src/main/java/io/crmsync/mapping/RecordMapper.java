package io.crmsync.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps a HubSpot record's properties onto the Salesforce fields of an {@link ObjectMapping}. */
public final class RecordMapper {

    private RecordMapper() {
    }

    /**
     * The Salesforce field values for a HubSpot record. A blank HubSpot value clears the Salesforce field
     * (JSON null), except where Salesforce requires a value and the mapping names a default.
     */
    public static Map<String, Object> toSalesforce(ObjectMapping mapping, Map<String, String> hubSpotProperties) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldMapping field : mapping.fields()) {
            String canonical = ValueConversion.fromHubSpot(field, hubSpotProperties.get(field.hubSpotProperty()));
            fields.put(field.salesforceField(), canonical == null
                    ? mapping.requiredDefaults().get(field.salesforceField())
                    : ValueConversion.toSalesforce(field, canonical));
        }
        return fields;
    }
}
