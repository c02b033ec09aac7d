package io.crmsync.sandbox.hubspot;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the sandbox knows about one CRM object type: its names in paths and events, its system property
 * names (contacts say {@code lastmodifieddate}, most other objects {@code hs_lastmodifieddate}), the
 * property that must be unique, and the properties a write may set.
 *
 * @param pathName            the v3 path segment, "contacts"
 * @param typeId              the object type id, "0-1"; accepted in paths like the name
 * @param eventPrefix         the webhook subscription prefix, "contact" in "contact.creation"
 * @param errorLabel          the upper-case name in error messages, "CONTACT"
 * @param lastModifiedName    the last-modified system property
 * @param uniqueProperty      a property no two records may share (email for contacts)
 * @param defaultProperties   returned when a read names no properties
 * @param writableProperties  the properties a create or update may set; anything else is refused
 */
public record HubSpotObjectType(String pathName, String typeId, String eventPrefix, String errorLabel,
        String lastModifiedName, Optional<String> uniqueProperty, List<String> defaultProperties,
        Set<String> writableProperties) {

    public static final String OBJECT_ID = "hs_object_id";
    public static final String CREATE_DATE = "createdate";

    /** HubSpot's standard contact properties crmsync and its tests use (custom ones can be added). */
    public static final HubSpotObjectType CONTACTS = new HubSpotObjectType("contacts", "0-1", "contact", "CONTACT",
            "lastmodifieddate", Optional.of("email"),
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
            Set.of("email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle", "website",
                    "address", "city", "state", "zip", "country", "lifecyclestage", "hs_lead_status",
                    "hubspot_owner_id", "salutation", "fax", "industry", "annualrevenue", "numemployees"));

    public HubSpotObjectType {
        defaultProperties = List.copyOf(defaultProperties);
        writableProperties = Set.copyOf(writableProperties);
    }

    /** A copy that also accepts {@code extra} properties (a portal's custom properties). */
    public HubSpotObjectType withCustomProperties(String... extra) {
        Set<String> all = new LinkedHashSet<>(writableProperties);
        all.addAll(List.of(extra));
        return new HubSpotObjectType(pathName, typeId, eventPrefix, errorLabel, lastModifiedName, uniqueProperty,
                defaultProperties, all);
    }

    /** System properties every returned object carries whatever was asked for. */
    public List<String> alwaysReturned() {
        return List.of(OBJECT_ID, CREATE_DATE, lastModifiedName);
    }

    public boolean isSystemProperty(String name) {
        return alwaysReturned().contains(name);
    }

    public boolean isNamed(String pathSegment) {
        return pathName.equals(pathSegment) || typeId.equals(pathSegment);
    }
}
