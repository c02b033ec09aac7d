package io.crmsync.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed mappings.yaml: what a RevOps engineer asked for, before it is checked against the two CRMs' metadata.
 * Kinds may still be missing (they are inferred from the metadata) and HubSpot properties may not exist yet.
 * Line numbers point back into the file for error messages.
 */
public record MappingsFile(Map<ObjectPair, PairSpec> pairs) {

    public MappingsFile {
        pairs = Map.copyOf(pairs);
    }

    /**
     * One object pair's section.
     *
     * @param recommendedPreset {@code preset: recommended}: start from {@link RecommendedMappings} and apply
     *        {@code fields} as overrides
     * @param salesforceIdField {@code salesforceIdField}: the tenant's own External ID field for the HubSpot id;
     *        empty for the pair's default
     */
    public record PairSpec(ObjectPair pair, boolean recommendedPreset, List<FieldSpec> fields,
            Map<String, String> requiredDefaults, int line, Optional<String> salesforceIdField) {

        public PairSpec {
            Objects.requireNonNull(pair, "pair");
            fields = List.copyOf(fields);
            requiredDefaults = Map.copyOf(requiredDefaults);
            salesforceIdField = salesforceIdField == null ? Optional.empty() : salesforceIdField;
        }

        /** The id field the pair will use: the one named, or the pair's default. */
        public String idField() {
            return salesforceIdField.orElse(pair.defaultIdField());
        }
    }

    /**
     * One field entry.
     *
     * @param rule empty only for {@code remove: true}
     * @param values HubSpot value → Salesforce value, for enumerations
     * @param remove {@code remove: true}: drop the preset's mapping of this property or field
     */
    public record FieldSpec(String hubSpotProperty, String salesforceField, Optional<SyncRule> rule,
            Optional<FieldKind> kind, Map<String, String> values, Optional<NewHubSpotProperty> createHubSpotProperty,
            boolean remove, int line) {

        public FieldSpec {
            Objects.requireNonNull(hubSpotProperty, "hubSpotProperty");
            Objects.requireNonNull(salesforceField, "salesforceField");
            values = Map.copyOf(values);
        }

        /** An entry that says exactly what an existing mapping says. */
        static FieldSpec of(FieldMapping mapping, int line) {
            return new FieldSpec(mapping.hubSpotProperty(), mapping.salesforceField(), Optional.of(mapping.rule()),
                    Optional.of(mapping.kind()), mapping.valueMap(), Optional.empty(), false, line);
        }
    }

    /**
     * A HubSpot property crmsync creates (in its own property group) when it does not exist yet.
     *
     * @param type HubSpot's property type: string, number, enumeration, date, datetime, bool
     * @param fieldType how HubSpot shows it: text, textarea, number, select, radio, checkbox, booleancheckbox, date
     */
    public record NewHubSpotProperty(String name, String label, String type, String fieldType, List<Option> options) {

        public NewHubSpotProperty {
            options = List.copyOf(options);
        }

        public record Option(String label, String value) {
        }
    }
}
