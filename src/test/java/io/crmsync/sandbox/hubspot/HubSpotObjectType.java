package io.crmsync.sandbox.hubspot;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the sandbox knows about one CRM object type: its names in paths and events, its system property names
 * (contacts say {@code createdate}/{@code lastmodifieddate}, tasks {@code hs_createdate}, most other objects
 * {@code hs_lastmodifieddate}), the property HubSpot keeps unique without it being flagged {@code hasUniqueValue}
 * (a contact's email), the properties a read without {@code properties} returns, and extra custom properties
 * the portal has on top of HubSpot's defaults (see {@link DefaultProperties}).
 *
 * @param pathName          the v3 path segment, "contacts"
 * @param typeId            the object type id, "0-1"; accepted in paths like the name
 * @param eventPrefix       the webhook subscription prefix, "contact" in "contact.creation"; empty when HubSpot
 *                          offers no webhooks for the type (tasks)
 * @param errorLabel        the upper-case name in error messages and association types, "CONTACT"
 * @param createDateName    the create-date system property
 * @param lastModifiedName  the last-modified system property
 * @param uniqueProperty    a property no two live records may share (email for contacts)
 * @param defaultProperties returned when a read names no properties
 * @param customProperties  string properties the portal has in addition to HubSpot's defaults
 */
public record HubSpotObjectType(String pathName, String typeId, String eventPrefix, String errorLabel,
        String createDateName, String lastModifiedName, Optional<String> uniqueProperty,
        List<String> defaultProperties, Set<String> customProperties) {

    public static final String OBJECT_ID = "hs_object_id";
    public static final String MERGED_OBJECT_IDS = "hs_merged_object_ids";

    public static final HubSpotObjectType CONTACTS = new HubSpotObjectType("contacts", "0-1", "contact", "CONTACT",
            "createdate", "lastmodifieddate", Optional.of("email"),
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"), Set.of());
    public static final HubSpotObjectType COMPANIES = new HubSpotObjectType("companies", "0-2", "company", "COMPANY",
            "createdate", "hs_lastmodifieddate", Optional.empty(),
            List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"), Set.of());
    public static final HubSpotObjectType DEALS = new HubSpotObjectType("deals", "0-3", "deal", "DEAL",
            "createdate", "hs_lastmodifieddate", Optional.empty(),
            List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline"), Set.of());
    public static final HubSpotObjectType TASKS = new HubSpotObjectType("tasks", "0-27", "", "TASK",
            "hs_createdate", "hs_lastmodifieddate", Optional.empty(),
            List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id"), Set.of());

    /** The four types crmsync syncs, in the order their ids are handed out. */
    public static final List<HubSpotObjectType> STANDARD = List.of(CONTACTS, COMPANIES, DEALS, TASKS);

    public HubSpotObjectType {
        defaultProperties = List.copyOf(defaultProperties);
        customProperties = Set.copyOf(customProperties);
    }

    /** A copy that also has {@code extra} string properties (a portal's custom properties). */
    public HubSpotObjectType withCustomProperties(String... extra) {
        Set<String> all = new java.util.LinkedHashSet<>(customProperties);
        all.addAll(List.of(extra));
        return new HubSpotObjectType(pathName, typeId, eventPrefix, errorLabel, createDateName, lastModifiedName,
                uniqueProperty, defaultProperties, all);
    }

    /** System properties every returned object carries whatever was asked for. */
    public List<String> alwaysReturned() {
        return List.of(OBJECT_ID, createDateName, lastModifiedName);
    }

    public boolean isNamed(String pathSegment) {
        return pathName.equals(pathSegment) || typeId.equals(pathSegment);
    }

    /** HubSpot offers webhook subscriptions for contacts, companies and deals, not for tasks. */
    public boolean hasWebhooks() {
        return !eventPrefix.isEmpty();
    }

    /** "contact" for messages; tasks have no event prefix, so "task". */
    public String eventPrefixOrName() {
        return eventPrefix.isEmpty() ? pathName.substring(0, pathName.length() - 1) : eventPrefix;
    }

    /** "Contact", as in "Contact already exists. Existing ID: 5". */
    public String singularLabel() {
        return errorLabel.charAt(0) + errorLabel.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
