package io.crmsync.sandbox.hubspot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One property of an object type, as the Properties API describes it ({@code Property}).
 *
 * @param type          string, number, enumeration, date, datetime, bool or phone_number
 * @param fieldType     how the UI shows it; must suit {@code type} (see {@link #FIELD_TYPES})
 * @param readOnlyValue system properties (hs_object_id, createdate …): no write may set them
 * @param externalOptions options come from elsewhere (hubspot_owner_id: the portal's owners)
 */
public record PropertyDefinition(String name, String label, String type, String fieldType, String groupName,
        String description, List<Option> options, boolean hasUniqueValue, boolean hubspotDefined,
        boolean readOnlyValue, boolean externalOptions, int displayOrder, Instant createdAt) {

    /** Which field types each type allows (HubSpot's "valid type and fieldType combinations"). */
    public static final Map<String, Set<String>> FIELD_TYPES = Map.of(
            "string", Set.of("text", "textarea", "html", "phonenumber", "file"),
            "number", Set.of("number", "calculation_equation"),
            "enumeration", Set.of("select", "radio", "checkbox", "booleancheckbox"),
            "date", Set.of("date"),
            "datetime", Set.of("date"),
            "bool", Set.of("booleancheckbox"),
            "phone_number", Set.of("phonenumber"));

    /** One choice of an enumeration ({@code Option}). */
    public record Option(String label, String value, int displayOrder, boolean hidden) {
    }

    /** A property group ({@code PropertyGroup}). */
    public record Group(String name, String label, int displayOrder) {
    }

    public PropertyDefinition {
        options = List.copyOf(options);
    }

    public boolean isEnumeration() {
        return "enumeration".equals(type) || "bool".equals(type);
    }

    public static PropertyDefinition text(String name, String label, String group) {
        return new PropertyDefinition(name, label, "string", "text", group, "", List.of(), false, true, false, false,
                -1, Instant.EPOCH);
    }

    public PropertyDefinition asCustom(Instant created) {
        return new PropertyDefinition(name, label, type, fieldType, groupName, description, options, hasUniqueValue,
                false, readOnlyValue, externalOptions, displayOrder, created);
    }
}
