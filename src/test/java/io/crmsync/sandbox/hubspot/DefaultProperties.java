package io.crmsync.sandbox.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.crmsync.sandbox.hubspot.PropertyDefinition.Group;
import io.crmsync.sandbox.hubspot.PropertyDefinition.Option;

/** The HubSpot-defined properties and groups a new portal has for each object type (the ones crmsync uses). */
final class DefaultProperties {

    /** HubSpot's lifecycle stages, in funnel order (internal values). */
    static final List<String> LIFECYCLE_STAGES = List.of("subscriber", "lead", "marketingqualifiedlead",
            "salesqualifiedlead", "opportunity", "customer", "evangelist", "other");
    static final List<String> LEAD_STATUSES = List.of("NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED",
            "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING");
    static final List<String> INDUSTRIES = List.of("ACCOUNTING", "AIRLINES_AVIATION", "BANKING", "BIOTECHNOLOGY",
            "COMPUTER_SOFTWARE", "CONSTRUCTION", "EDUCATION_MANAGEMENT", "FINANCIAL_SERVICES", "HOSPITAL_HEALTH_CARE",
            "INFORMATION_TECHNOLOGY_AND_SERVICES", "INSURANCE", "MANUFACTURING", "RETAIL", "TELECOMMUNICATIONS");
    /** The default sales pipeline and its stages. */
    static final List<String> PIPELINES = List.of("default");
    static final List<String> DEAL_STAGES = List.of("appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
            "decisionmakerboughtin", "contractsent", "closedwon", "closedlost");
    static final List<String> TASK_STATUSES = List.of("NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED",
            "DEFERRED");
    static final List<String> TASK_PRIORITIES = List.of("NONE", "LOW", "MEDIUM", "HIGH");
    static final List<String> TASK_TYPES = List.of("CALL", "EMAIL", "LINKED_IN", "MEETING", "LINKED_IN_CONNECT",
            "LINKED_IN_MESSAGE", "TODO");
    static final List<String> CALL_DIRECTIONS = List.of("INBOUND", "OUTBOUND");
    static final List<String> CALL_STATUSES = List.of("BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED",
            "CONNECTING", "FAILED", "IN_PROGRESS", "MISSED", "NO_ANSWER", "QUEUED", "RINGING");
    /**
     * A new portal's call outcomes: hs_call_disposition stores the outcome's GUID, not its label (portals can add
     * their own outcomes; these six are HubSpot's defaults).
     */
    static final List<Option> CALL_OUTCOMES = List.of(
            new Option("Busy", "9d9162e7-6cf3-4944-bf63-4dff82258764", 0, false),
            new Option("Connected", "f240bbac-87c9-4f6e-bf70-924b57d47db7", 1, false),
            new Option("Left live message", "a4c4c377-d246-4b32-a13b-75a56a4cd0ff", 2, false),
            new Option("Left voicemail", "b2cf5968-551e-4856-9783-52b3da59a7d0", 3, false),
            new Option("No answer", "73a0d17f-1163-4015-bdd5-ec830791da20", 4, false),
            new Option("Wrong number", "17b47fee-58de-441e-a44c-c6300d46f273", 5, false));
    static final List<String> EMAIL_DIRECTIONS = List.of("EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL");
    static final List<String> EMAIL_STATUSES = List.of("BOUNCED", "FAILED", "SCHEDULED", "SENDING", "SENT");
    static final List<String> MEETING_OUTCOMES = List.of("SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW",
            "CANCELED");

    private DefaultProperties() {
    }

    static List<Group> groups(HubSpotObjectType type) {
        String info = type.eventPrefixOrName();
        String label = Character.toUpperCase(info.charAt(0)) + info.substring(1) + " information";
        return List.of(new Group(info + "information", label, 0), new Group("hubspot", "HubSpot system", 1));
    }

    static List<PropertyDefinition> of(HubSpotObjectType type) {
        String group = groups(type).get(0).name();
        List<PropertyDefinition> all = new ArrayList<>(system(type));
        switch (type.pathName()) {
            case "contacts" -> {
                for (String[] p : new String[][] { { "email", "Email" }, { "firstname", "First Name" },
                        { "lastname", "Last Name" }, { "company", "Company Name" }, { "jobtitle", "Job Title" },
                        { "city", "City" }, { "state", "State/Region" }, { "country", "Country/Region" },
                        { "zip", "Postal Code" }, { "address", "Street Address" }, { "website", "Website URL" },
                        { "salutation", "Salutation" }, { "industry", "Industry" } }) {
                    all.add(PropertyDefinition.text(p[0], p[1], group));
                }
                all.add(phone("phone", "Phone Number", group));
                all.add(phone("mobilephone", "Mobile Phone Number", group));
                all.add(phone("fax", "Fax Number", group));
                all.add(number("annualrevenue", "Annual Revenue", group));
                all.add(PropertyDefinition.text("numemployees", "Number of Employees", group));
                all.add(select("lifecyclestage", "Lifecycle Stage", group, LIFECYCLE_STAGES));
                all.add(select("hs_lead_status", "Lead Status", group, LEAD_STATUSES));
                all.add(owner(group));
            }
            case "companies" -> {
                for (String[] p : new String[][] { { "name", "Company name" }, { "domain", "Company Domain Name" },
                        { "city", "City" }, { "state", "State/Region" }, { "country", "Country/Region" },
                        { "zip", "Postal Code" }, { "address", "Street Address" }, { "website", "Website URL" },
                        { "description", "Description" } }) {
                    all.add(PropertyDefinition.text(p[0], p[1], group));
                }
                all.add(phone("phone", "Phone Number", group));
                all.add(select("industry", "Industry", group, INDUSTRIES));
                all.add(number("annualrevenue", "Annual Revenue", group));
                all.add(number("numberofemployees", "Number of Employees", group));
                all.add(select("lifecyclestage", "Lifecycle Stage", group, LIFECYCLE_STAGES));
                all.add(owner(group));
            }
            case "deals" -> {
                all.add(PropertyDefinition.text("dealname", "Deal Name", group));
                all.add(PropertyDefinition.text("description", "Deal Description", group));
                all.add(number("amount", "Amount", group));
                all.add(select("dealstage", "Deal Stage", group, DEAL_STAGES));
                all.add(select("pipeline", "Pipeline", group, PIPELINES));
                all.add(datetime("closedate", "Close Date", group, false));
                all.add(owner(group));
            }
            case "tasks" -> {
                all.add(PropertyDefinition.text("hs_task_subject", "Task Title", group));
                all.add(html("hs_task_body", "Task Notes", group));
                all.add(datetime("hs_timestamp", "Due date", group, false));
                all.add(select("hs_task_status", "Task Status", group, TASK_STATUSES));
                all.add(select("hs_task_priority", "Priority", group, TASK_PRIORITIES));
                all.add(select("hs_task_type", "Task Type", group, TASK_TYPES));
                all.add(owner(group));
            }
            case "calls" -> {
                all.add(activityDate(group));
                all.add(PropertyDefinition.text("hs_call_title", "Call Title", group));
                all.add(html("hs_call_body", "Call notes", group));
                all.add(select("hs_call_direction", "Call direction", group, CALL_DIRECTIONS));
                all.add(number("hs_call_duration", "Call duration (milliseconds)", group));
                all.add(select("hs_call_status", "Call status", group, CALL_STATUSES));
                all.add(new PropertyDefinition("hs_call_disposition", "Call outcome", "enumeration", "select", group,
                        "The outcome of the call.", CALL_OUTCOMES, false, true, false, false, -1, Instant.EPOCH));
                all.add(owner(group));
            }
            case "emails" -> {
                all.add(activityDate(group));
                all.add(PropertyDefinition.text("hs_email_subject", "Email subject", group));
                all.add(new PropertyDefinition("hs_email_text", "Email body (plain text)", "string", "textarea", group,
                        "", List.of(), false, true, false, false, -1, Instant.EPOCH));
                all.add(html("hs_email_html", "Email body (HTML)", group));
                all.add(select("hs_email_direction", "Email direction", group, EMAIL_DIRECTIONS));
                all.add(select("hs_email_status", "Email send status", group, EMAIL_STATUSES));
                all.add(owner(group));
            }
            case "meetings" -> {
                all.add(activityDate(group));
                all.add(PropertyDefinition.text("hs_meeting_title", "Meeting name", group));
                all.add(html("hs_meeting_body", "Meeting description", group));
                all.add(datetime("hs_meeting_start_time", "Start time", group, false));
                all.add(datetime("hs_meeting_end_time", "End time", group, false));
                all.add(select("hs_meeting_outcome", "Meeting outcome", group, MEETING_OUTCOMES));
                all.add(owner(group));
            }
            case "notes" -> {
                all.add(activityDate(group));
                all.add(html("hs_note_body", "Note body", group));
                all.add(owner(group));
            }
            default -> {
                // A custom type starts with its system properties only.
            }
        }
        for (String custom : type.customProperties()) {
            if (all.stream().noneMatch(p -> p.name().equals(custom))) {
                all.add(PropertyDefinition.text(custom, custom, group).asCustom(Instant.EPOCH));
            }
        }
        return all;
    }

    private static List<PropertyDefinition> system(HubSpotObjectType type) {
        List<PropertyDefinition> system = new ArrayList<>();
        system.add(new PropertyDefinition(HubSpotObjectType.OBJECT_ID, "Record ID", "number", "number", "hubspot",
                "The unique ID for this record. This value is automatically set by HubSpot.", List.of(), true, true,
                true, false, -1, Instant.EPOCH));
        system.add(datetime(type.createDateName(), "Create Date", "hubspot", true));
        system.add(datetime(type.lastModifiedName(), "Last Modified Date", "hubspot", true));
        if (!type.isEngagement()) {
            system.add(new PropertyDefinition(HubSpotObjectType.MERGED_OBJECT_IDS, "Merged Record IDs", "enumeration",
                    "checkbox", "hubspot", "The list of record IDs that have been merged into this record.",
                    List.of(), false, true, true, true, -1, Instant.EPOCH));
        }
        return system;
    }

    /** hs_timestamp on calls, emails, meetings and notes: required on create (see HubSpotObjectType). */
    private static PropertyDefinition activityDate(String group) {
        return datetime(HubSpotObjectType.TIMESTAMP, "Activity date", group, false);
    }

    private static PropertyDefinition html(String name, String label, String group) {
        return new PropertyDefinition(name, label, "string", "html", group, "", List.of(), false, true, false, false,
                -1, Instant.EPOCH);
    }

    private static PropertyDefinition phone(String name, String label, String group) {
        return new PropertyDefinition(name, label, "string", "phonenumber", group, "", List.of(), false, true, false,
                false, -1, Instant.EPOCH);
    }

    private static PropertyDefinition number(String name, String label, String group) {
        return new PropertyDefinition(name, label, "number", "number", group, "", List.of(), false, true, false,
                false, -1, Instant.EPOCH);
    }

    private static PropertyDefinition datetime(String name, String label, String group, boolean readOnly) {
        return new PropertyDefinition(name, label, "datetime", "date", group, "", List.of(), false, true, readOnly,
                false, -1, Instant.EPOCH);
    }

    private static PropertyDefinition select(String name, String label, String group, List<String> values) {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            options.add(new Option(values.get(i), values.get(i), i, false));
        }
        return new PropertyDefinition(name, label, "enumeration", "select", group, "", options, false, true, false,
                false, -1, Instant.EPOCH);
    }

    /** hubspot_owner_id: an enumeration whose options are the portal's owners (checked against the owners). */
    private static PropertyDefinition owner(String group) {
        return new PropertyDefinition("hubspot_owner_id", "Owner", "enumeration", "select", group,
                "The owner of the record.", List.of(), false, true, false, true, -1, Instant.EPOCH);
    }
}
