package io.crmsync.sandbox.hubspot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the sandbox knows about one CRM object type: its names in paths and events, its system property names
 * (contacts say {@code createdate}/{@code lastmodifieddate}, engagements {@code hs_createdate}, most other
 * objects {@code hs_lastmodifieddate}), the property HubSpot keeps unique without it being flagged
 * {@code hasUniqueValue} (a contact's email), the properties a read without {@code properties} returns, the
 * properties a create must set, and extra custom properties the portal has on top of HubSpot's defaults (see
 * {@link DefaultProperties}).
 *
 * @param pathName          the v3 path segment, "contacts"
 * @param typeId            the object type id, "0-1"; accepted in paths like the name
 * @param eventPrefix       the webhook subscription prefix, "contact" in "contact.creation"; empty when HubSpot
 *                          offers no webhooks for the type (engagements: tasks, calls, emails, meetings, notes)
 * @param errorLabel        the upper-case name in error messages and association types, "CONTACT"
 * @param createDateName    the create-date system property
 * @param lastModifiedName  the last-modified system property
 * @param uniqueProperty    a property no two live records may share (email for contacts)
 * @param defaultProperties returned when a read names no properties
 * @param customProperties  string properties the portal has in addition to HubSpot's defaults
 * @param requiredOnCreate  properties a create must set (hs_timestamp for every engagement, tasks included, as HubSpot requires);
 *                          HubSpot answers "Error creating CALL.  Some required properties were not set."
 */
public record HubSpotObjectType(String pathName, String typeId, String eventPrefix, String errorLabel,
        String createDateName, String lastModifiedName, Optional<String> uniqueProperty,
        List<String> defaultProperties, Set<String> customProperties, List<String> requiredOnCreate) {

    public static final String OBJECT_ID = "hs_object_id";
    public static final String MERGED_OBJECT_IDS = "hs_merged_object_ids";
    /** An engagement's activity date (a task's due date): when it sits on the record timeline. */
    public static final String TIMESTAMP = "hs_timestamp";

    public static final HubSpotObjectType CONTACTS = new HubSpotObjectType("contacts", "0-1", "contact", "CONTACT",
            "createdate", "lastmodifieddate", Optional.of("email"),
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"), Set.of(),
            List.of());
    public static final HubSpotObjectType COMPANIES = new HubSpotObjectType("companies", "0-2", "company", "COMPANY",
            "createdate", "hs_lastmodifieddate", Optional.empty(),
            List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"), Set.of(), List.of());
    public static final HubSpotObjectType DEALS = new HubSpotObjectType("deals", "0-3", "deal", "DEAL",
            "createdate", "hs_lastmodifieddate", Optional.empty(),
            List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline"), Set.of(), List.of());
    /**
     * HubSpot requires hs_timestamp (the due date) on task creates too; the sandbox does not enforce it for
     * tasks yet, so tests written before activity sync keep working.
     */
    public static final HubSpotObjectType TASKS = engagement("tasks", "0-27", "TASK", List.of(TIMESTAMP));
    public static final HubSpotObjectType CALLS = engagement("calls", "0-48", "CALL", List.of(TIMESTAMP));
    public static final HubSpotObjectType EMAILS = engagement("emails", "0-49", "EMAIL", List.of(TIMESTAMP));
    /** HubSpot's internal name for meetings is MEETING_EVENT (error messages, association type names). */
    public static final HubSpotObjectType MEETINGS = engagement("meetings", "0-47", "MEETING_EVENT",
            List.of(TIMESTAMP));
    public static final HubSpotObjectType NOTES = engagement("notes", "0-46", "NOTE", List.of(TIMESTAMP));

    /** The engagement (activity) types HubSpot serves through the generic objects API, tasks included. */
    public static final List<HubSpotObjectType> ENGAGEMENTS = List.of(TASKS, CALLS, EMAILS, MEETINGS, NOTES);

    /**
     * The types crmsync syncs, in the order their ids are handed out: the record types, then the engagements
     * (appended, so the first four keep the ids they always had).
     */
    public static final List<HubSpotObjectType> STANDARD = List.of(CONTACTS, COMPANIES, DEALS, TASKS, CALLS, EMAILS,
            MEETINGS, NOTES);

    public HubSpotObjectType {
        defaultProperties = List.copyOf(defaultProperties);
        customProperties = Set.copyOf(customProperties);
        requiredOnCreate = List.copyOf(requiredOnCreate);
    }

    /**
     * An engagement: hs_createdate/hs_lastmodifieddate, no webhooks, and a read without {@code properties}
     * returns only the system properties.
     */
    private static HubSpotObjectType engagement(String pathName, String typeId, String errorLabel,
            List<String> requiredOnCreate) {
        return new HubSpotObjectType(pathName, typeId, "", errorLabel, "hs_createdate", "hs_lastmodifieddate",
                Optional.empty(), List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id"), Set.of(),
                requiredOnCreate);
    }

    /** A copy that also has {@code extra} string properties (a portal's custom properties). */
    public HubSpotObjectType withCustomProperties(String... extra) {
        Set<String> all = new java.util.LinkedHashSet<>(customProperties);
        all.addAll(List.of(extra));
        return new HubSpotObjectType(pathName, typeId, eventPrefix, errorLabel, createDateName, lastModifiedName,
                uniqueProperty, defaultProperties, all, requiredOnCreate);
    }

    /** The required properties a create leaves out (or sets to ""), in {@link #requiredOnCreate()} order. */
    public List<String> missingOnCreate(Map<String, String> properties) {
        return requiredOnCreate.stream().filter(name -> {
            String value = properties.get(name);
            return value == null || value.isBlank();
        }).toList();
    }

    /** Tasks, calls, emails, meetings and notes: no merging and no hs_merged_object_ids. */
    public boolean isEngagement() {
        return ENGAGEMENTS.stream().anyMatch(engagement -> engagement.typeId().equals(typeId));
    }

    /** System properties every returned object carries whatever was asked for. */
    public List<String> alwaysReturned() {
        return List.of(OBJECT_ID, createDateName, lastModifiedName);
    }

    public boolean isNamed(String pathSegment) {
        return pathName.equals(pathSegment) || typeId.equals(pathSegment);
    }

    /** HubSpot offers webhook subscriptions for contacts, companies and deals, not for engagements. */
    public boolean hasWebhooks() {
        return !eventPrefix.isEmpty();
    }

    /** "contact" for messages; engagements have no event prefix, so "task", "call", "meeting" … */
    public String eventPrefixOrName() {
        return eventPrefix.isEmpty() ? pathName.substring(0, pathName.length() - 1) : eventPrefix;
    }

    /** "Contact", as in "Contact already exists. Existing ID: 5". */
    public String singularLabel() {
        return errorLabel.charAt(0) + errorLabel.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
