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

    private DefaultProperties() {
    }

    static List<Group> groups(HubSpotObjectType type) {
        String info = type.eventPrefix().isEmpty() ? "task" : type.eventPrefix();
        return List.of(new Group(info + "information", type.singularLabel() + " information", 0),
                new Group("hubspot", "HubSpot system", 1));
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
                all.add(new PropertyDefinition("hs_task_body", "Task Notes", "string", "html", group, "", List.of(),
                        false, true, false, false, -1, Instant.EPOCH));
                all.add(datetime("hs_timestamp", "Due date", group, false));
                all.add(select("hs_task_status", "Task Status", group, TASK_STATUSES));
                all.add(select("hs_task_priority", "Priority", group, TASK_PRIORITIES));
                all.add(select("hs_task_type", "Task Type", group, TASK_TYPES));
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
        if (!type.pathName().equals("tasks")) {
            system.add(new PropertyDefinition(HubSpotObjectType.MERGED_OBJECT_IDS, "Merged Record IDs", "enumeration",
                    "checkbox", "hubspot", "The list of record IDs that have been merged into this record.",
                    List.of(), false, true, true, true, -1, Instant.EPOCH));
        }
        return system;
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
