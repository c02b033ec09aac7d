package io.crmsync.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.crmsync.mapping.MappingsFile.FieldSpec;
import io.crmsync.mapping.MappingsFile.NewHubSpotProperty;
import io.crmsync.mapping.MappingsFile.PairSpec;

/**
 * Reads mappings.yaml into a {@link MappingsFile} (every problem reported, each with its line) and writes
 * mappings back as YAML in the same format, fully spelled out (no preset), so what {@code get} prints can be
 * edited and applied again.
 */
public final class MappingsYaml {

    private static final Set<String> PAIR_KEYS = Set.of("preset", "fields", "required_defaults",
            ObjectMappingKeys.SALESFORCE_ID_FIELD);
    private static final Set<String> FIELD_KEYS = Set.of("hubspot", "salesforce", "rule", "kind", "values",
            "create_hubspot_property", "remove");
    private static final Set<String> NEW_PROPERTY_KEYS = Set.of("label", "type", "fieldType", "options");
    private static final String PRESET_RECOMMENDED = "recommended";

    private MappingsYaml() {
    }

    /** The file, or every reason it cannot be read. */
    public record Parsed(Optional<MappingsFile> file, List<MappingError> errors) {
        public Parsed {
            errors = List.copyOf(errors);
        }
    }

    public static Parsed parse(String yaml) {
        YamlNode root;
        try {
            root = YamlNode.read(yaml == null ? "" : yaml);
        } catch (YamlNode.SyntaxError e) {
            return new Parsed(Optional.empty(), List.of(MappingError.inFile(e.line(), e.getMessage())));
        }
        List<MappingError> errors = new ArrayList<>();
        if (!(root instanceof YamlNode.Mapping top) || top.entries().isEmpty()) {
            errors.add(MappingError.inFile(root.line(), "expected object pairs ("
                    + PairNames.choices(ObjectPair.class) + "), found " + root.description()));
            return new Parsed(Optional.empty(), errors);
        }
        Map<ObjectPair, PairSpec> pairs = new LinkedHashMap<>();
        for (YamlNode.Entry entry : top.entries().values()) {
            Optional<ObjectPair> pair = PairNames.pair(entry.key());
            if (pair.isEmpty()) {
                errors.add(MappingError.inFile(entry.keyLine(), "unknown object pair \"" + entry.key() + "\" (use "
                        + PairNames.choices(ObjectPair.class) + ")"));
                continue;
            }
            new PairReader(pair.get(), errors).read(entry).ifPresent(spec -> pairs.put(spec.pair(), spec));
        }
        return errors.isEmpty() ? new Parsed(Optional.of(new MappingsFile(pairs)), List.of())
                : new Parsed(Optional.empty(), errors);
    }

    /** Reads one pair's section, adding what is wrong to {@code errors}. */
    private record PairReader(ObjectPair pair, List<MappingError> errors) {

        Optional<PairSpec> read(YamlNode.Entry section) {
            int before = errors.size();
            YamlNode.Mapping body = mapping(section.value(), "", "the section of " + PairNames.of(pair));
            if (body == null) {
                return Optional.empty();
            }
            unknownKeys(body, PAIR_KEYS, "");
            boolean preset = false;
            YamlNode.Entry presetEntry = body.entries().get("preset");
            if (presetEntry != null) {
                String name = scalar(presetEntry.value(), "", "preset");
                if (name != null && !name.equals(PRESET_RECOMMENDED)) {
                    error(presetEntry.keyLine(), "", "unknown preset \"" + name + "\" (use recommended)");
                }
                preset = PRESET_RECOMMENDED.equals(name);
            }
            List<FieldSpec> fields = new ArrayList<>();
            YamlNode.Entry fieldsEntry = body.entries().get("fields");
            if (fieldsEntry != null && !(fieldsEntry.value() instanceof YamlNode.Null)) {
                if (fieldsEntry.value() instanceof YamlNode.Sequence list) {
                    list.items().forEach(item -> field(item).ifPresent(fields::add));
                } else {
                    error(fieldsEntry.keyLine(), "", "fields must be a list of mappings (- hubspot: …), found "
                            + fieldsEntry.value().description());
                }
            }
            Map<String, String> defaults = stringMap(body.entries().get("required_defaults"), "", "required_defaults");
            Optional<String> idField = Optional.empty();
            YamlNode.Entry idEntry = body.entries().get(ObjectMappingKeys.SALESFORCE_ID_FIELD);
            if (idEntry != null) {
                String name = scalar(idEntry.value(), "", ObjectMappingKeys.SALESFORCE_ID_FIELD);
                if (name != null && !name.matches(ObjectMappingKeys.FIELD_NAME)) {
                    error(idEntry.keyLine(), "", ObjectMappingKeys.SALESFORCE_ID_FIELD + " must be a Salesforce field's"
                            + " API name (letters, digits and underscores, e.g. HubSpot_EU_Contact_Id__c), found \""
                            + name + "\"");
                }
                idField = Optional.ofNullable(name);
            }
            if (!preset && fields.isEmpty() && errors.size() == before) {
                error(section.keyLine(), "", "no fields: list some, or start from preset: recommended");
            }
            return errors.size() == before
                    ? Optional.of(new PairSpec(pair, preset, fields, defaults, section.keyLine(), idField))
                    : Optional.empty();
        }

        private Optional<FieldSpec> field(YamlNode node) {
            int before = errors.size();
            YamlNode.Mapping body = mapping(node, "", "a field entry");
            if (body == null) {
                return Optional.empty();
            }
            // The entry's name first, so every message about it (a missing end included) says which one.
            String label = nameOf(body, "hubspot") + " → " + nameOf(body, "salesforce");
            String hubSpot = requiredScalar(body, "hubspot", label);
            String salesforce = requiredScalar(body, "salesforce", label);
            unknownKeys(body, FIELD_KEYS, label);
            boolean remove = bool(body.entries().get("remove"), label, "remove");
            Optional<SyncRule> rule = Optional.empty();
            YamlNode.Entry ruleEntry = body.entries().get("rule");
            if (ruleEntry != null) {
                String name = scalar(ruleEntry.value(), label, "rule");
                if (name != null) {
                    rule = PairNames.rule(name);
                    if (rule.isEmpty()) {
                        error(ruleEntry.keyLine(), label, "unknown rule \"" + name + "\" (use "
                                + PairNames.choices(SyncRule.class) + ")");
                    }
                }
            } else if (!remove) {
                error(body.line(), label, "rule is required (" + PairNames.choices(SyncRule.class) + ")");
            }
            Optional<FieldKind> kind = Optional.empty();
            YamlNode.Entry kindEntry = body.entries().get("kind");
            if (kindEntry != null) {
                String name = scalar(kindEntry.value(), label, "kind");
                if (name != null) {
                    kind = PairNames.kind(name);
                    if (kind.isEmpty()) {
                        error(kindEntry.keyLine(), label, "unknown kind \"" + name + "\" (use "
                                + PairNames.choices(FieldKind.class) + ")");
                    }
                }
            }
            Map<String, String> values = stringMap(body.entries().get("values"), label, "values");
            Optional<NewHubSpotProperty> create = Optional.empty();
            YamlNode.Entry createEntry = body.entries().get("create_hubspot_property");
            if (createEntry != null && hubSpot != null) {
                create = newProperty(hubSpot, createEntry, label);
            }
            if (remove && (ruleEntry != null || kindEntry != null || !values.isEmpty() || createEntry != null)) {
                error(body.line(), label, "remove: true takes only hubspot and salesforce");
            }
            if (errors.size() > before || hubSpot == null || salesforce == null) {
                return Optional.empty();
            }
            return Optional.of(new FieldSpec(hubSpot, salesforce, rule, kind, values, create, remove, body.line()));
        }

        private Optional<NewHubSpotProperty> newProperty(String name, YamlNode.Entry entry, String label) {
            YamlNode.Mapping body = mapping(entry.value(), label, "create_hubspot_property");
            if (body == null) {
                return Optional.empty();
            }
            unknownKeys(body, NEW_PROPERTY_KEYS, label);
            String propertyLabel = requiredScalar(body, "label", label);
            String type = requiredScalar(body, "type", label);
            String fieldType = requiredScalar(body, "fieldType", label);
            List<NewHubSpotProperty.Option> options = new ArrayList<>();
            YamlNode.Entry optionsEntry = body.entries().get("options");
            if (optionsEntry != null) {
                if (optionsEntry.value() instanceof YamlNode.Sequence list) {
                    for (YamlNode item : list.items()) {
                        if (item instanceof YamlNode.Scalar s) {
                            options.add(new NewHubSpotProperty.Option(s.text(), s.text()));
                        } else if (item instanceof YamlNode.Mapping m) {
                            String optionLabel = requiredScalar(m, "label", label);
                            String value = requiredScalar(m, "value", label);
                            if (optionLabel != null && value != null) {
                                options.add(new NewHubSpotProperty.Option(optionLabel, value));
                            }
                        } else {
                            error(item.line(), label, "an option is a value or {label, value}, found "
                                    + item.description());
                        }
                    }
                } else {
                    error(optionsEntry.keyLine(), label, "options must be a list, found "
                            + optionsEntry.value().description());
                }
            }
            if (propertyLabel == null || type == null || fieldType == null) {
                return Optional.empty();
            }
            return Optional.of(new NewHubSpotProperty(name, propertyLabel, type, fieldType, options));
        }

        private static String nameOf(YamlNode.Mapping body, String key) {
            YamlNode.Entry entry = body.entries().get(key);
            return entry != null && entry.value() instanceof YamlNode.Scalar s && !s.text().isBlank()
                    ? s.text().strip() : "?";
        }

        private YamlNode.Mapping mapping(YamlNode node, String field, String what) {
            if (node instanceof YamlNode.Mapping m) {
                return m;
            }
            error(node.line(), field, what + " must be a mapping (key: value lines), found " + node.description());
            return null;
        }

        private String scalar(YamlNode node, String field, String key) {
            if (node instanceof YamlNode.Scalar s && !s.text().isBlank()) {
                return s.text().strip();
            }
            error(node.line(), field, key + " must be a single value, found " + node.description());
            return null;
        }

        private String requiredScalar(YamlNode.Mapping body, String key, String field) {
            YamlNode.Entry entry = body.entries().get(key);
            if (entry == null) {
                error(body.line(), field, key + " is required");
                return null;
            }
            return scalar(entry.value(), field, key);
        }

        private boolean bool(YamlNode.Entry entry, String field, String key) {
            if (entry == null) {
                return false;
            }
            String text = scalar(entry.value(), field, key);
            if (text != null && !text.equals("true") && !text.equals("false")) {
                error(entry.keyLine(), field, key + " must be true or false, found \"" + text + "\"");
            }
            return "true".equals(text);
        }

        /** key: value lines; values may be blank (a Salesforce default or mapped value of ""). */
        private Map<String, String> stringMap(YamlNode.Entry entry, String field, String key) {
            Map<String, String> map = new LinkedHashMap<>();
            if (entry == null || entry.value() instanceof YamlNode.Null) {
                return map;
            }
            YamlNode.Mapping body = mapping(entry.value(), field, key);
            if (body == null) {
                return map;
            }
            body.entries().values().forEach(e -> {
                if (e.value() instanceof YamlNode.Scalar s) {
                    map.put(e.key(), s.text());
                } else {
                    error(e.keyLine(), field, key + "." + e.key() + " must be a single value, found "
                            + e.value().description());
                }
            });
            return map;
        }

        private void unknownKeys(YamlNode.Mapping body, Set<String> known, String field) {
            body.entries().values().stream().filter(e -> !known.contains(e.key())).forEach(e -> error(e.keyLine(),
                    field, "unknown key \"" + e.key() + "\" (use " + String.join(", ", new java.util.TreeSet<>(known))
                            + ")"));
        }

        private void error(int line, String field, String reason) {
            errors.add(MappingError.inPair(pair, field, line, reason));
        }
    }

    /** The mappings as mappings.yaml, pairs in their declared order, every field with its rule and kind. */
    public static String render(Map<ObjectPair, ObjectMapping> mappings) {
        YAMLMapper yaml = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build();
        ObjectNode root = yaml.createObjectNode();
        for (ObjectPair pair : ObjectPair.values()) {
            ObjectMapping mapping = mappings.get(pair);
            if (mapping == null) {
                continue;
            }
            ObjectNode section = root.putObject(PairNames.of(pair));
            if (mapping.ownIdField()) {
                section.put(ObjectMappingKeys.SALESFORCE_ID_FIELD, mapping.salesforceIdField());
            }
            ArrayNode fields = section.putArray("fields");
            for (FieldMapping field : mapping.fields()) {
                ObjectNode entry = fields.addObject().put("hubspot", field.hubSpotProperty())
                        .put("salesforce", field.salesforceField()).put("rule", PairNames.of(field.rule()))
                        .put("kind", PairNames.of(field.kind()));
                if (!field.valueMap().isEmpty()) {
                    ObjectNode values = entry.putObject("values");
                    new TreeMap<>(field.valueMap()).forEach(values::put);
                }
            }
            if (!mapping.requiredDefaults().isEmpty()) {
                ObjectNode defaults = section.putObject("required_defaults");
                new TreeMap<>(mapping.requiredDefaults()).forEach(defaults::put);
            }
        }
        try {
            return yaml.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render mappings as YAML", e);
        }
    }
}
