package io.crmsync.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.crmsync.mapping.HubSpotSchema.HubSpotProperty;
import io.crmsync.mapping.MappingsFile.FieldSpec;
import io.crmsync.mapping.MappingsFile.NewHubSpotProperty;
import io.crmsync.mapping.MappingsFile.PairSpec;
import io.crmsync.mapping.SalesforceSchema.SalesforceField;

/**
 * Checks a {@link MappingsFile} against the live metadata of both CRMs and turns it into {@link ObjectMapping}s:
 * the properties and fields must exist, their types must be compatible (HubSpot's table), a rule may only
 * write where the target accepts writes, every property and field is mapped at most once per pair, owners
 * sync two-way, value maps use real options and picklist values, and the pair's external-ID field exists and is
 * an External ID marked Unique.
 * Pure apart from the two schema ports it reads. {@link PresetMerge} decides a pair's entries when it uses the
 * recommended preset; {@link NewPropertyCheck} checks the properties crmsync is asked to create.
 */
public final class MappingValidator {

    private static final int LISTED_CHOICES = 12;

    private final HubSpotSchema hubSpot;
    private final SalesforceSchema salesforce;

    public MappingValidator(HubSpotSchema hubSpot, SalesforceSchema salesforce) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
    }

    /** A HubSpot property crmsync must create before the mappings can be saved. */
    public record PropertyCreation(ObjectPair pair, String objectType, NewHubSpotProperty property) {
    }

    /** The mappings the file describes, or (with no mappings) every reason it does not fit the CRMs. */
    public record Validation(Map<ObjectPair, ObjectMapping> mappings, List<PropertyCreation> creations,
            List<MappingError> errors) {

        public Validation {
            mappings = Map.copyOf(mappings);
            creations = List.copyOf(creations);
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Validation validate(MappingsFile file) {
        Map<String, Map<String, HubSpotProperty>> hubSpotByObject = new HashMap<>();
        Map<ObjectPair, ObjectMapping> mappings = new LinkedHashMap<>();
        List<PropertyCreation> creations = new ArrayList<>();
        List<MappingError> errors = new ArrayList<>();
        for (ObjectPair pair : ObjectPair.values()) {
            PairSpec spec = file.pairs().get(pair);
            if (spec == null) {
                continue;
            }
            Map<String, HubSpotProperty> properties = hubSpotByObject.computeIfAbsent(pair.hubSpotObject(),
                    type -> byName(hubSpot.properties(type), HubSpotProperty::name));
            Map<String, SalesforceField> fields = byName(salesforce.fields(pair.salesforceObject()),
                    SalesforceField::name);
            new PairCheck(pair, spec, properties, fields).run().ifPresent(result -> {
                errors.addAll(result.errors());
                if (result.errors().isEmpty()) {
                    mappings.put(pair, result.mapping());
                    creations.addAll(result.creations());
                }
            });
        }
        return errors.isEmpty() ? new Validation(mappings, creations, List.of())
                : new Validation(Map.of(), List.of(), errors);
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, i -> i, (a, b) -> a, LinkedHashMap::new));
    }

    /** Whether values flow from HubSpot into Salesforce under the rule. */
    static boolean writesSalesforce(SyncRule rule) {
        return switch (rule) {
            case TWO_WAY, PREFER_SALESFORCE_UNLESS_BLANK, PREFER_HUBSPOT_UNLESS_BLANK, ALWAYS_HUBSPOT -> true;
            case ALWAYS_SALESFORCE, DONT_SYNC -> false;
        };
    }

    /** Whether values flow from Salesforce into HubSpot under the rule. */
    static boolean writesHubSpot(SyncRule rule) {
        return switch (rule) {
            case TWO_WAY, PREFER_SALESFORCE_UNLESS_BLANK, PREFER_HUBSPOT_UNLESS_BLANK, ALWAYS_SALESFORCE -> true;
            case ALWAYS_HUBSPOT, DONT_SYNC -> false;
        };
    }

    private record PairResult(ObjectMapping mapping, List<PropertyCreation> creations, List<MappingError> errors) {
    }

    /** The checks of one pair; collects every error rather than stopping at the first. */
    private static final class PairCheck {
        private final ObjectPair pair;
        private final PairSpec spec;
        private final Map<String, HubSpotProperty> properties;
        private final Map<String, SalesforceField> fields;
        private final List<MappingError> errors = new ArrayList<>();
        private final List<PropertyCreation> creations = new ArrayList<>();

        PairCheck(ObjectPair pair, PairSpec spec, Map<String, HubSpotProperty> properties,
                Map<String, SalesforceField> fields) {
            this.pair = pair;
            this.spec = spec;
            this.properties = properties;
            this.fields = fields;
        }

        Optional<PairResult> run() {
            List<FieldSpec> resolved = PresetMerge.resolve(pair, spec, this::error,
                    reason -> errors.add(MappingError.inPair(pair, "", spec.line(), reason)));
            Map<String, String> defaults = new LinkedHashMap<>();
            if (spec.recommendedPreset()) {
                RecommendedMappings.forPair(pair).ifPresent(m -> defaults.putAll(m.requiredDefaults()));
            }
            defaults.putAll(spec.requiredDefaults());

            checkExternalId();
            Map<String, FieldSpec> byHubSpot = new HashMap<>();
            Map<String, FieldSpec> bySalesforce = new HashMap<>();
            List<FieldMapping> mappings = new ArrayList<>();
            for (FieldSpec field : resolved) {
                FieldSpec sameProperty = byHubSpot.putIfAbsent(field.hubSpotProperty(), field);
                if (sameProperty != null) {
                    error(field, "HubSpot property " + field.hubSpotProperty() + " is mapped twice in "
                            + PairNames.of(pair) + " (also to " + sameProperty.salesforceField() + where(sameProperty)
                            + ")");
                }
                FieldSpec sameField = bySalesforce.putIfAbsent(field.salesforceField(), field);
                if (sameField != null) {
                    error(field, "Salesforce field " + sf(field.salesforceField()) + " is mapped twice in "
                            + PairNames.of(pair) + " (also from " + sameField.hubSpotProperty() + where(sameField) + ")");
                }
                check(field).ifPresent(mappings::add);
            }
            checkDefaults(defaults, resolved);
            if (!errors.isEmpty()) {
                return Optional.of(new PairResult(null, List.of(), errors));
            }
            return Optional.of(new PairResult(new ObjectMapping(pair, mappings, defaults, spec.idField()), creations,
                    List.of()));
        }

        /**
         * The id field (the pair's default, or the tenant's own {@code salesforceIdField}) must exist, be a text
         * External ID marked Unique: crmsync upserts by it and reads the HubSpot id back from it.
         */
        private void checkExternalId() {
            String name = spec.idField();
            String key = spec.salesforceIdField().isPresent() ? ObjectMappingKeys.SALESFORCE_ID_FIELD + " " : "";
            SalesforceField field = fields.get(name);
            if (field == null) {
                errors.add(MappingError.inPair(pair, name, spec.line(), "the " + key + "external-ID field " + sf(name)
                        + " does not exist in Salesforce: crmsync upserts by it (create it as a unique External ID"
                        + " text field)"));
            } else if (!field.externalId()) {
                errors.add(MappingError.inPair(pair, name, spec.line(), sf(name)
                        + " is not an External ID field in Salesforce: mark it External ID and Unique"));
            } else if (!field.type().equals("string")) {
                // HubSpot ids are numbers as text; a number field would write 101 as 101.0 and never match again.
                errors.add(MappingError.inPair(pair, name, spec.line(), sf(name) + " is a " + field.type()
                        + " field: the HubSpot id needs a Text External ID field"));
            } else if (!field.unique()) {
                // An upsert by a non-unique external ID that matches two records fails, and nothing stops a
                // second record with the same HubSpot id from being created by hand or by another tool.
                errors.add(MappingError.inPair(pair, name, spec.line(), sf(name) + " is an External ID field but"
                        + " not Unique in Salesforce: crmsync upserts by it and relies on it to never create a"
                        + " duplicate (mark it Unique in Salesforce: Setup → Object Manager → " + pair.salesforceObject()
                        + " → Fields → " + name + " → Edit → Unique)"));
            }
        }

        private Optional<FieldMapping> check(FieldSpec field) {
            int before = errors.size();
            SyncRule rule = field.rule().orElseThrow(() -> new IllegalStateException("parser lets no rule pass"));
            SalesforceField target = fields.get(field.salesforceField());
            if (target == null) {
                error(field, "Salesforce field " + sf(field.salesforceField()) + " does not exist");
            }
            if (field.salesforceField().equals(spec.idField())) {
                error(field, sf(field.salesforceField()) + " holds the HubSpot record id, which crmsync writes"
                        + " itself: it cannot be mapped" + (spec.salesforceIdField().isPresent()
                                ? " (it is this pair's " + ObjectMappingKeys.SALESFORCE_ID_FIELD + ")" : ""));
            }
            HubSpotProperty property = hubSpotProperty(field);
            if (target == null || property == null) {
                return Optional.empty();
            }
            if (property.referencesUser() && !property.hubSpotDefined()) {
                error(field, "HubSpot property " + hs(property.name())
                        + " is a HubSpot user property: user properties cannot be mapped");
                return Optional.empty();
            }
            List<FieldKind> kinds = FieldCompatibility.kinds(property, target);
            if (kinds.isEmpty()) {
                error(field, "Mismatched Types: HubSpot " + property.fieldType() + " ↔ Salesforce " + target.type()
                        + " (" + hs(property.name()) + " cannot be mapped to " + sf(target.name()) + ")");
                return Optional.empty();
            }
            FieldKind kind = field.kind().orElse(kinds.get(0));
            if (!kinds.contains(kind)) {
                error(field, "Field Format Mismatch: kind " + PairNames.of(kind) + " does not fit HubSpot "
                        + property.fieldType() + " ↔ Salesforce " + target.type() + " (use "
                        + String.join(" or ", kinds.stream().map(PairNames::of).toList()) + ")");
                return Optional.empty();
            }
            if (kind == FieldKind.OWNER && rule != SyncRule.TWO_WAY) {
                error(field, "the owner mapping can only be two_way, not " + PairNames.of(rule));
            }
            checkWritable(field, rule, property, target);
            checkValues(field, kind, property, target);
            if (errors.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new FieldMapping(field.hubSpotProperty(), field.salesforceField(), rule, kind,
                    field.values()));
        }

        /** The existing property, or the one the entry asks crmsync to create; null (and an error) otherwise. */
        private HubSpotProperty hubSpotProperty(FieldSpec field) {
            HubSpotProperty existing = properties.get(field.hubSpotProperty());
            if (existing != null) {
                return existing;
            }
            if (field.createHubSpotProperty().isEmpty()) {
                error(field, "HubSpot property " + hs(field.hubSpotProperty()) + " does not exist (add"
                        + " create_hubspot_property to have crmsync create it)");
                return null;
            }
            NewHubSpotProperty create = field.createHubSpotProperty().get();
            List<String> problems = NewPropertyCheck.problems(create);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> error(field, problem));
                return null;
            }
            creations.add(new PropertyCreation(pair, pair.hubSpotObject(), create));
            return NewPropertyCheck.asProperty(create);
        }

        private void checkWritable(FieldSpec field, SyncRule rule, HubSpotProperty property, SalesforceField target) {
            if (writesSalesforce(rule) && (!target.updateable() || !target.createable())) {
                error(field, "Salesforce field " + sf(target.name()) + " is read-only (not "
                        + (target.updateable() ? "createable" : "updateable") + "), but rule " + PairNames.of(rule)
                        + " writes to Salesforce (use always_salesforce or dont_sync)");
            }
            if (writesHubSpot(rule) && property.readOnly()) {
                error(field, "HubSpot property " + hs(property.name()) + " is read-only, but rule "
                        + PairNames.of(rule) + " writes to HubSpot (use always_hubspot or dont_sync)");
            }
        }

        private void checkValues(FieldSpec field, FieldKind kind, HubSpotProperty property, SalesforceField target) {
            if (field.values().isEmpty()) {
                return;
            }
            if (kind != FieldKind.ENUMERATION && kind != FieldKind.MULTI_ENUMERATION) {
                error(field, "values apply only to enumerations (kind enumeration or multi_enumeration), not "
                        + PairNames.of(kind));
                return;
            }
            // An empty option list means HubSpot fills the options from elsewhere: nothing to check against.
            if (!property.options().isEmpty()) {
                field.values().keySet().stream().filter(v -> !property.options().contains(v)).sorted()
                        .forEach(v -> error(field, "HubSpot value \"" + v + "\" is not an option of "
                                + hs(property.name()) + " (options: " + listed(property.options()) + ")"));
            }
            boolean picklist = target.type().equals("picklist") || target.type().equals("multipicklist");
            if (picklist) {
                field.values().values().stream().distinct().filter(v -> !target.picklistValues().contains(v)).sorted()
                        .forEach(v -> error(field, "Salesforce value \"" + v + "\" is not in the picklist "
                                + sf(target.name()) + " (values: " + listed(target.picklistValues()) + ")"));
            }
        }

        private void checkDefaults(Map<String, String> defaults, List<FieldSpec> resolved) {
            defaults.keySet().stream().sorted().forEach(name -> {
                SalesforceField field = fields.get(name);
                if (field == null) {
                    errors.add(MappingError.inPair(pair, "required_defaults." + name, spec.line(),
                            "Salesforce field " + sf(name) + " does not exist"));
                } else if (!field.createable()) {
                    errors.add(MappingError.inPair(pair, "required_defaults." + name, spec.line(),
                            "Salesforce field " + sf(name) + " is not createable: a default cannot be sent"));
                }
            });
            Set<String> written = new HashSet<>();
            resolved.stream().filter(f -> f.rule().map(MappingValidator::writesSalesforce).orElse(false))
                    .forEach(f -> written.add(f.salesforceField()));
            fields.values().stream()
                    .filter(f -> f.createable() && !f.nillable() && !f.defaultedOnCreate())
                    // Salesforce stores an unset checkbox as false; the id field is crmsync's own.
                    .filter(f -> !f.type().equals("boolean") && !f.name().equals(spec.idField()))
                    .filter(f -> !written.contains(f.name()) && !defaults.containsKey(f.name()))
                    .forEach(f -> errors.add(MappingError.inPair(pair, f.name(), spec.line(), "Salesforce requires "
                            + sf(f.name()) + " when crmsync creates a record: map it with a rule that writes to"
                            + " Salesforce, or give it a value under required_defaults")));
        }

        private void error(FieldSpec field, String reason) {
            errors.add(MappingError.inPair(pair, field.hubSpotProperty() + " → " + field.salesforceField(),
                    field.line(), reason));
        }

        private String where(FieldSpec other) {
            return other.line() > 0 ? ", line " + other.line() : "";
        }

        private String sf(String field) {
            return pair.salesforceObject() + "." + field;
        }

        private String hs(String property) {
            return pair.hubSpotObject() + "." + property;
        }

        private static String listed(List<String> choices) {
            return choices.size() <= LISTED_CHOICES ? String.join(", ", choices)
                    : String.join(", ", choices.subList(0, LISTED_CHOICES)) + " … " + (choices.size() - LISTED_CHOICES)
                            + " more";
        }
    }
}
