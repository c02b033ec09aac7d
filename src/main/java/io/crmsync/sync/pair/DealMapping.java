package io.crmsync.sync.pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.SyncRule;
import io.crmsync.sync.CrmRecord;
import io.crmsync.tenant.TenantSettings;

/**
 * Lays a tenant's deal settings over its deal ↔ opportunity mapping: the stage map becomes {@code dealstage}'s
 * value map, and the pipeline ↔ record type map (when the tenant has one) becomes a two-way
 * {@code pipeline} ↔ {@code RecordTypeId} field. Kept apart from mappings.yaml because HubSpot's connector has
 * them on the Deals settings tab, not in the field mappings.
 */
final class DealMapping {

    static final String STAGE = "dealstage";
    static final String PIPELINE = "pipeline";
    static final String RECORD_TYPE = "RecordTypeId";

    private DealMapping() {
    }

    static ObjectMapping effective(ObjectMapping mapping, TenantSettings settings) {
        List<FieldMapping> fields = new ArrayList<>();
        for (FieldMapping field : mapping.fields()) {
            if (field.hubSpotProperty().equals(PIPELINE) || field.salesforceField().equals(RECORD_TYPE)) {
                continue; // replaced below from the settings
            }
            if (field.hubSpotProperty().equals(STAGE) && !settings.dealStages().isEmpty()) {
                Map<String, String> stages = new LinkedHashMap<>(field.valueMap());
                stages.putAll(settings.dealStages());
                field = new FieldMapping(field.hubSpotProperty(), field.salesforceField(), field.rule(), field.kind(),
                        stages);
            }
            fields.add(field);
        }
        if (!settings.pipelineRecordTypes().isEmpty()) {
            fields.add(new FieldMapping(PIPELINE, RECORD_TYPE, SyncRule.TWO_WAY, FieldKind.ENUMERATION,
                    settings.pipelineRecordTypes()));
        }
        return new ObjectMapping(mapping.pair(), fields, mapping.requiredDefaults(), mapping.salesforceIdField());
    }

    /** Why a HubSpot deal does not sync, if it does not: its pipeline is not one the tenant syncs. */
    static Optional<String> hubSpotExclusion(TenantSettings settings, CrmRecord deal) {
        if (settings.pipelineRecordTypes().isEmpty()) {
            return Optional.empty();
        }
        String pipeline = deal.properties().get(PIPELINE);
        return settings.pipelineRecordTypes().containsKey(pipeline) ? Optional.empty()
                : Optional.of("pipeline " + pipeline + " is not synced");
    }

    /** Why an opportunity does not sync, if it does not: its record type is not one the tenant syncs. */
    static Optional<String> salesforceExclusion(TenantSettings settings, CrmRecord opportunity) {
        if (settings.pipelineRecordTypes().isEmpty()) {
            return Optional.empty();
        }
        String recordType = opportunity.properties().get(RECORD_TYPE);
        return settings.pipelineRecordTypes().containsValue(recordType) ? Optional.empty()
                : Optional.of("record type " + recordType + " is not synced");
    }
}
