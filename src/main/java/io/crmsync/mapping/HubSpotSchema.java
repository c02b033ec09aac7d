package io.crmsync.mapping;

import java.util.List;
import java.util.Optional;

/** Port: the properties HubSpot defines for an object type, and creating the ones a mapping needs. */
public interface HubSpotSchema {

    /** Every property of the object type (contact, company, deal). */
    List<HubSpotProperty> properties(String objectType);

    /** Creates a property in crmsync's own property group (creating the group first if needed). */
    void createProperty(String objectType, MappingsFile.NewHubSpotProperty property);

    /** The property group crmsync puts the properties it creates in. */
    String GROUP = "crmsync";

    /**
     * One HubSpot property as the Properties API describes it.
     *
     * @param type string, number, enumeration, date, datetime, bool, phone_number
     * @param fieldType text, textarea, html, number, select, radio, checkbox, booleancheckbox, date, phonenumber,
     *        calculation_equation, file
     * @param options the enumeration's option values (internal values, not labels)
     * @param readOnly HubSpot refuses writes to its value (system and calculated properties)
     * @param referencesUser a "HubSpot user" property (referencedObjectType OWNER)
     * @param hubSpotDefined one of HubSpot's own properties rather than the portal's custom ones
     */
    record HubSpotProperty(String name, String type, String fieldType, List<String> options, boolean readOnly,
            boolean hasUniqueValue, boolean referencesUser, boolean hubSpotDefined) {

        public HubSpotProperty {
            options = List.copyOf(options);
        }
    }

    default Optional<HubSpotProperty> property(String objectType, String name) {
        return properties(objectType).stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
