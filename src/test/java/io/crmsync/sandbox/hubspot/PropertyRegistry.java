package io.crmsync.sandbox.hubspot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.crmsync.sandbox.hubspot.HubSpotObjectStore.PropertyProblem;
import io.crmsync.sandbox.hubspot.PropertyDefinition.Group;

/**
 * The portal's property definitions and groups per object type: HubSpot's defaults plus what the Properties
 * API created. Writes are checked and normalised here. Thread-safe (one lock; definitions change rarely).
 */
final class PropertyRegistry {

    /** Writes checked against the definitions: the normalised values, or what was wrong. */
    record Checked(Map<String, String> values, List<PropertyProblem> problems) {
    }

    /** The outcome of creating a property or group. */
    sealed interface Creation<T> {
        record Created<T>(T created) implements Creation<T> {
        }

        /** 409: the name is taken. */
        record Conflict<T>(String message) implements Creation<T> {
        }

        /** 400: the definition itself is invalid. */
        record Invalid<T>(String message) implements Creation<T> {
        }
    }

    private final List<HubSpotObjectType> types;
    private final Clock clock;
    private final Supplier<Set<String>> ownerIds;
    private final Map<String, Map<String, PropertyDefinition>> properties = new LinkedHashMap<>();
    private final Map<String, Map<String, Group>> groups = new LinkedHashMap<>();

    PropertyRegistry(List<HubSpotObjectType> types, Clock clock, Supplier<Set<String>> ownerIds) {
        this.types = List.copyOf(types);
        this.clock = clock;
        this.ownerIds = ownerIds;
        reset();
    }

    /** Back to HubSpot's defaults (and the types' custom properties): API-created ones are gone. */
    synchronized void reset() {
        properties.clear();
        groups.clear();
        for (HubSpotObjectType type : types) {
            Map<String, PropertyDefinition> byName = new LinkedHashMap<>();
            DefaultProperties.of(type).forEach(p -> byName.put(p.name(), p));
            properties.put(type.pathName(), byName);
            Map<String, Group> byGroup = new LinkedHashMap<>();
            DefaultProperties.groups(type).forEach(g -> byGroup.put(g.name(), g));
            groups.put(type.pathName(), byGroup);
        }
    }

    synchronized List<PropertyDefinition> all(HubSpotObjectType type) {
        return List.copyOf(properties.get(type.pathName()).values());
    }

    synchronized Optional<PropertyDefinition> find(HubSpotObjectType type, String name) {
        return Optional.ofNullable(properties.get(type.pathName()).get(name));
    }

    synchronized List<Group> groups(HubSpotObjectType type) {
        return List.copyOf(groups.get(type.pathName()).values());
    }

    /** Properties no two live records may share: the type's built-in one and those flagged hasUniqueValue. */
    synchronized Set<String> uniqueProperties(HubSpotObjectType type) {
        Set<String> unique = new LinkedHashSet<>();
        type.uniqueProperty().ifPresent(unique::add);
        properties.get(type.pathName()).values().stream()
                .filter(p -> p.hasUniqueValue() && !p.readOnlyValue()).forEach(p -> unique.add(p.name()));
        return unique;
    }

    synchronized Creation<PropertyDefinition> create(HubSpotObjectType type, PropertyDefinition property) {
        Map<String, PropertyDefinition> byName = properties.get(type.pathName());
        if (byName.containsKey(property.name())) {
            return new Creation.Conflict<>("A property named '" + property.name() + "' already exists.");
        }
        if (!property.name().matches("[a-z][a-z0-9_]*")) {
            return new Creation.Invalid<>("Property name '" + property.name()
                    + "' is invalid: use lower-case letters, digits and underscores, starting with a letter.");
        }
        Set<String> fieldTypes = PropertyDefinition.FIELD_TYPES.get(property.type());
        if (fieldTypes == null) {
            return new Creation.Invalid<>("Unknown property type '" + property.type() + "'. Valid types are "
                    + PropertyDefinition.FIELD_TYPES.keySet() + ".");
        }
        if (!fieldTypes.contains(property.fieldType())) {
            return new Creation.Invalid<>("Property type '" + property.type() + "' is not compatible with field type '"
                    + property.fieldType() + "'. Valid field types are " + fieldTypes + ".");
        }
        if (property.type().equals("enumeration") && property.options().isEmpty()) {
            return new Creation.Invalid<>("Enumeration property '" + property.name() + "' needs at least one option.");
        }
        if (!groups.get(type.pathName()).containsKey(property.groupName())) {
            return new Creation.Invalid<>("Property group '" + property.groupName() + "' does not exist.");
        }
        PropertyDefinition created = property.type().equals("bool") && property.options().isEmpty()
                ? withBooleanOptions(property) : property;
        created = created.asCustom(clock.instant());
        byName.put(created.name(), created);
        return new Creation.Created<>(created);
    }

    synchronized Creation<Group> createGroup(HubSpotObjectType type, Group group) {
        Map<String, Group> byName = groups.get(type.pathName());
        if (byName.containsKey(group.name())) {
            return new Creation.Conflict<>("A property group named '" + group.name() + "' already exists.");
        }
        if (!group.name().matches("[a-z][a-z0-9_]*")) {
            return new Creation.Invalid<>("Property group name '" + group.name() + "' is invalid.");
        }
        byName.put(group.name(), group);
        return new Creation.Created<>(group);
    }

    /**
     * Checks a write: unknown properties are PROPERTY_DOESNT_EXIST, system ones READ_ONLY_VALUE, and values
     * must suit their type; valid values come back normalised, in the given order.
     */
    Checked check(HubSpotObjectType type, Map<String, String> values) {
        Set<String> owners = ownerIds.get();
        Map<String, String> normalised = new LinkedHashMap<>();
        List<PropertyProblem> problems = new ArrayList<>();
        values.forEach((name, raw) -> {
            Optional<PropertyDefinition> property = find(type, name);
            if (property.isEmpty()) {
                problems.add(new PropertyProblem(name, "PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist"));
            } else if (property.get().readOnlyValue()) {
                problems.add(new PropertyProblem(name, "READ_ONLY_VALUE",
                        name + " is a read only property; its value cannot be set."));
            } else {
                PropertyValues.Result result = PropertyValues.normalise(property.get(), raw == null ? "" : raw, owners);
                if (result.valid()) {
                    normalised.put(name, result.value());
                } else {
                    problems.add(result.problem());
                }
            }
        });
        return new Checked(normalised, problems);
    }

    private static PropertyDefinition withBooleanOptions(PropertyDefinition p) {
        return new PropertyDefinition(p.name(), p.label(), p.type(), p.fieldType(), p.groupName(), p.description(),
                List.of(new PropertyDefinition.Option("Yes", "true", 0, false),
                        new PropertyDefinition.Option("No", "false", 1, false)),
                p.hasUniqueValue(), p.hubspotDefined(), p.readOnlyValue(), p.externalOptions(), p.displayOrder(),
                p.createdAt());
    }
}
