package io.crmsync.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.crmsync.mapping.HubSpotSchema.HubSpotProperty;
import io.crmsync.mapping.MappingsFile.NewHubSpotProperty;

/**
 * What crmsync can create in HubSpot for a {@code create_hubspot_property} entry: a valid internal name, a type with a
 * field type HubSpot accepts for it (each one mappable), and options exactly for enumerations. Apart from
 * {@link MappingValidator} because these rules are HubSpot's property API's, not the mapping's.
 */
final class NewPropertyCheck {

    /** HubSpot type → the field types crmsync can create it with (each one mappable). */
    private static final Map<String, Set<String>> CREATABLE = Map.of(
            "string", Set.of("text", "textarea"),
            "number", Set.of("number"),
            "enumeration", Set.of("select", "radio", "checkbox"),
            "bool", Set.of("booleancheckbox"),
            "date", Set.of("date"),
            "datetime", Set.of("date"));

    private NewPropertyCheck() {
    }

    /** Every reason HubSpot would refuse to create the property, in the order the file's reader should fix them. */
    static List<String> problems(NewHubSpotProperty create) {
        List<String> problems = new ArrayList<>();
        if (!create.name().matches("[a-z][a-z0-9_]*")) {
            problems.add("cannot create HubSpot property \"" + create.name()
                    + "\": internal names are lower-case letters, digits and underscores, starting with a letter");
        }
        Set<String> fieldTypes = CREATABLE.get(create.type());
        if (fieldTypes == null) {
            problems.add("cannot create HubSpot property " + create.name() + " of type " + create.type()
                    + " (use " + String.join(", ", CREATABLE.keySet().stream().sorted().toList()) + ")");
        } else if (!fieldTypes.contains(create.fieldType())) {
            problems.add("cannot create HubSpot property " + create.name() + ": type " + create.type()
                    + " takes fieldType " + String.join(" or ", fieldTypes.stream().sorted().toList())
                    + ", not " + create.fieldType());
        }
        boolean enumeration = create.type().equals("enumeration");
        if (enumeration && create.options().isEmpty()) {
            problems.add("cannot create HubSpot property " + create.name() + ": an enumeration needs options");
        }
        if (!enumeration && !create.options().isEmpty()) {
            problems.add("cannot create HubSpot property " + create.name() + ": only enumerations take options");
        }
        return problems;
    }

    /** The property as HubSpot will hold it once created, for the mapping's other checks. */
    static HubSpotProperty asProperty(NewHubSpotProperty create) {
        List<String> options = create.type().equals("bool") ? List.of("true", "false")
                : create.options().stream().map(NewHubSpotProperty.Option::value).toList();
        return new HubSpotProperty(create.name(), create.type(), create.fieldType(), options, false, false, false,
                false);
    }
}
