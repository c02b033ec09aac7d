package io.crmsync.crm;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The HubSpot activities crmsync reads through the CRM objects API, each with the properties that carry its title,
 * body and time. Form submissions and email opens and clicks are not CRM objects, so they cannot be read here.
 *
 * @param objectType crmsync's (singular) name of the HubSpot object type
 * @param settingKey the key in the tenant's {@code activities.timeline} setting (HubSpot's plural object name)
 * @param titleProperty null where HubSpot keeps no title (notes)
 * @param label what a Salesforce Task's Subject starts with
 */
public enum HubSpotActivity {
    CALL("call", "calls", "hs_call_title", "hs_call_body", "Call"),
    EMAIL("email", "emails", "hs_email_subject", "hs_email_text", "Email"),
    MEETING("meeting", "meetings", "hs_meeting_title", "hs_meeting_body", "Meeting"),
    NOTE("note", "notes", null, "hs_note_body", "Note"),
    TASK("task", "tasks", "hs_task_subject", "hs_task_body", "Task");

    /** Every engagement's time of occurrence (a meeting's start, a call's time, a task's due date). */
    public static final String TIMESTAMP = "hs_timestamp";
    public static final String OWNER = "hubspot_owner_id";
    public static final String TASK_STATUS = "hs_task_status";
    public static final String TASK_PRIORITY = "hs_task_priority";

    private final String objectType;
    private final String settingKey;
    private final String titleProperty;
    private final String bodyProperty;
    private final String label;

    HubSpotActivity(String objectType, String settingKey, String titleProperty, String bodyProperty, String label) {
        this.objectType = objectType;
        this.settingKey = settingKey;
        this.titleProperty = titleProperty;
        this.bodyProperty = bodyProperty;
        this.label = label;
    }

    public String objectType() {
        return objectType;
    }

    /** In stored settings and the admin API, by the setting key ("calls"). */
    @com.fasterxml.jackson.annotation.JsonValue
    public String settingKey() {
        return settingKey;
    }

    public Optional<String> titleProperty() {
        return Optional.ofNullable(titleProperty);
    }

    public String bodyProperty() {
        return bodyProperty;
    }

    public String label() {
        return label;
    }

    /** The properties to read for a Salesforce Task. */
    public List<String> properties() {
        List<String> names = new java.util.ArrayList<>(List.of(TIMESTAMP, bodyProperty, OWNER));
        titleProperty().ifPresent(names::add);
        if (this == TASK) {
            names.addAll(List.of(TASK_STATUS, TASK_PRIORITY));
        }
        return names;
    }

    public static Optional<HubSpotActivity> ofObjectType(String objectType) {
        return Arrays.stream(values()).filter(a -> a.objectType.equals(objectType)).findFirst();
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static HubSpotActivity fromSettingKey(String key) {
        return ofSettingKey(key).orElseThrow(() -> new IllegalArgumentException("not a HubSpot activity: " + key));
    }

    public static Optional<HubSpotActivity> ofSettingKey(String key) {
        return Arrays.stream(values()).filter(a -> a.settingKey.equals(key)).findFirst();
    }
}
