package io.crmsync.activity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.crmsync.crm.HubSpotActivity;

/**
 * Values between a Salesforce Task and a HubSpot activity, in both directions, with no I/O: which HubSpot type a
 * Task becomes, a Task's fields as HubSpot properties, a HubSpot task's changes as Task fields, and a HubSpot
 * activity as a new Task on the timeline of the synced Lead or Contact.
 */
public final class ActivityMapping {

    /**
     * crmsync's default external ID on Task: the HubSpot activity a Task was made from, so it is never written
     * twice. Each tenant's own is {@link io.crmsync.tenant.ActivitySettings#salesforceIdField()}; this is the
     * first tenant's on an org.
     */
    public static final String ACTIVITY_KEY_FIELD = io.crmsync.tenant.ActivitySettings.DEFAULT_ID_FIELD;
    public static final String SUBJECT = "Subject";
    public static final String DESCRIPTION = "Description";
    public static final String ACTIVITY_DATE = "ActivityDate";
    public static final String STATUS = "Status";
    public static final String PRIORITY = "Priority";
    public static final String OWNER_ID = "OwnerId";
    public static final String WHO_ID = "WhoId";
    public static final String WHAT_ID = "WhatId";
    public static final String TYPE = "Type";
    public static final String TASK_SUBTYPE = "TaskSubtype";
    /** The Task fields that sync between a Salesforce Task and its HubSpot twin. */
    public static final java.util.List<String> SYNCED_TASK_FIELDS = java.util.List.of(SUBJECT, DESCRIPTION,
            ACTIVITY_DATE, STATUS, PRIORITY);

    static final int SUBJECT_LENGTH = 255;
    static final int DESCRIPTION_LENGTH = 32_000;

    private static final Map<String, String> STATUS_TO_HUBSPOT = Map.of("Not Started", "NOT_STARTED",
            "In Progress", "IN_PROGRESS", "Completed", "COMPLETED", "Waiting on someone else", "WAITING",
            "Deferred", "DEFERRED");
    private static final Map<String, String> PRIORITY_TO_HUBSPOT = Map.of("High", "HIGH", "Normal", "MEDIUM",
            "Low", "LOW");

    private ActivityMapping() {
    }

    /** What a Salesforce Task becomes in HubSpot, by its TaskSubtype: a call, an email, or else a task. */
    public static HubSpotActivity targetOf(String taskSubtype) {
        if ("Call".equals(taskSubtype)) {
            return HubSpotActivity.CALL;
        }
        if ("Email".equals(taskSubtype) || "ListEmail".equals(taskSubtype)) {
            return HubSpotActivity.EMAIL;
        }
        return HubSpotActivity.TASK;
    }

    /** The HubSpot properties a Task's field sets ({@code hs_timestamp} for ActivityDate, …). */
    public static Map<String, String> hubSpotValues(HubSpotActivity target, String field, String value,
            Instant createdAt) {
        Map<String, String> out = new LinkedHashMap<>();
        switch (field) {
            case SUBJECT -> target.titleProperty().ifPresent(p -> out.put(p, value == null ? "" : value));
            case DESCRIPTION -> out.put(target.bodyProperty(), html(value));
            case ACTIVITY_DATE -> out.put(HubSpotActivity.TIMESTAMP, timestamp(value, createdAt));
            case STATUS -> {
                if (target == HubSpotActivity.TASK) {
                    out.put(HubSpotActivity.TASK_STATUS, STATUS_TO_HUBSPOT.getOrDefault(value, "NOT_STARTED"));
                }
            }
            case PRIORITY -> {
                if (target == HubSpotActivity.TASK) {
                    out.put(HubSpotActivity.TASK_PRIORITY, PRIORITY_TO_HUBSPOT.getOrDefault(value, "MEDIUM"));
                }
            }
            default -> throw new IllegalArgumentException("not a synced Task field: " + field);
        }
        return out;
    }

    /** What a call or an email needs in HubSpot besides the Task's fields: it happened, it was sent. */
    public static Map<String, String> hubSpotFixedValues(HubSpotActivity target) {
        return switch (target) {
            case CALL -> Map.of("hs_call_status", "COMPLETED");
            case EMAIL -> Map.of("hs_email_direction", "EMAIL", "hs_email_status", "SENT");
            default -> Map.of();
        };
    }

    /**
     * The value of a synced Task field that the HubSpot task's properties stand for (the inverse of
     * {@link #hubSpotValues}); empty when HubSpot has nothing for it.
     */
    public static Optional<String> salesforceValue(String field, Map<String, String> task) {
        return switch (field) {
            case SUBJECT -> Optional.ofNullable(task.get("hs_task_subject")).map(s -> truncate(s, SUBJECT_LENGTH));
            case DESCRIPTION -> Optional.ofNullable(task.get("hs_task_body")).map(b -> truncate(plainText(b),
                    DESCRIPTION_LENGTH));
            case ACTIVITY_DATE -> instant(task.get(HubSpotActivity.TIMESTAMP))
                    .map(at -> LocalDate.ofInstant(at, ZoneOffset.UTC).toString());
            case STATUS -> Optional.ofNullable(task.get(HubSpotActivity.TASK_STATUS)).flatMap(s -> keyOf(
                    STATUS_TO_HUBSPOT, s));
            case PRIORITY -> Optional.ofNullable(task.get(HubSpotActivity.TASK_PRIORITY)).flatMap(p -> keyOf(
                    PRIORITY_TO_HUBSPOT, p));
            default -> throw new IllegalArgumentException("not a synced Task field: " + field);
        };
    }

    /** The HubSpot property a synced Task field comes from, for a task. */
    public static String hubSpotPropertyOf(String field) {
        return switch (field) {
            case SUBJECT -> "hs_task_subject";
            case DESCRIPTION -> "hs_task_body";
            case ACTIVITY_DATE -> HubSpotActivity.TIMESTAMP;
            case STATUS -> HubSpotActivity.TASK_STATUS;
            case PRIORITY -> HubSpotActivity.TASK_PRIORITY;
            default -> throw new IllegalArgumentException("not a synced Task field: " + field);
        };
    }

    /** The stable key of a HubSpot activity on the Task made from it: "calls:123". */
    public static String activityKey(HubSpotActivity type, String id) {
        return type.settingKey() + ":" + id;
    }

    /**
     * A HubSpot activity as a new (or updated) Salesforce Task on the timeline of {@code whoId}.
     *
     * @param taskType the Task Type picklist value the tenant chose for this kind of activity
     * @param whatId the Account or Opportunity, only with a Contact (a Lead takes none); may be null
     */
    public static Map<String, Object> timelineTask(HubSpotActivity type, String id, Map<String, String> activity,
            String taskType, String whoId, String whatId, Instant fallbackTime) {
        Map<String, Object> task = new LinkedHashMap<>();
        String title = type.titleProperty().map(activity::get).filter(t -> !t.isBlank()).orElse(null);
        String body = activity.get(type.bodyProperty()) == null ? null : plainText(activity.get(type.bodyProperty()));
        String subject = type.label() + ": " + (title != null ? title : body != null && !body.isBlank()
                ? firstLine(body) : "(no subject)");
        task.put(SUBJECT, truncate(subject, SUBJECT_LENGTH));
        task.put(DESCRIPTION, body == null ? null : truncate(body, DESCRIPTION_LENGTH));
        Instant at = instant(activity.get(HubSpotActivity.TIMESTAMP)).orElse(fallbackTime);
        task.put(ACTIVITY_DATE, LocalDate.ofInstant(at, ZoneOffset.UTC).toString());
        if (type == HubSpotActivity.TASK) {
            task.put(STATUS, salesforceValue(STATUS, activity).orElse("Not Started"));
            task.put(PRIORITY, salesforceValue(PRIORITY, activity).orElse("Normal"));
        } else {
            // A call made, an email sent, a meeting booked, a note written: each already happened.
            task.put(STATUS, "Completed");
            task.put(PRIORITY, "Normal");
        }
        task.put(TYPE, taskType);
        task.put(WHO_ID, whoId);
        if (whatId != null) {
            task.put(WHAT_ID, whatId);
        }
        return task;
    }

    /** TaskSubtype is set on create only; an upsert that may update must leave it out. */
    public static String taskSubtypeOf(HubSpotActivity type) {
        return switch (type) {
            case CALL -> "Call";
            case EMAIL -> "Email";
            default -> "Task";
        };
    }

    /**
     * Plain text to HubSpot's HTML bodies: escaped, line breaks as {@code <br>}, so {@link #plainText} gives the
     * same text back.
     */
    static String html(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
    }

    /**
     * HubSpot's HTML bodies as Salesforce's plain-text Description. Hand-written on purpose: crmsync has no HTML
     * parser among its dependencies, and only line breaks, tags and the common entities matter here.
     */
    static String plainText(String html) {
        if (html == null) {
            return null;
        }
        String text = html.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</p>\\s*<p[^>]*>", "\n")
                .replaceAll("<[^>]*>", "");
        return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    /** Noon UTC of a due date keeps its calendar day in every time zone from UTC−11 to UTC+11. */
    static String timestamp(String activityDate, Instant createdAt) {
        if (activityDate == null || activityDate.isBlank()) {
            return createdAt.toString();
        }
        return LocalDate.parse(activityDate.substring(0, 10)).atTime(12, 0).toInstant(ZoneOffset.UTC).toString();
    }

    static Optional<Instant> instant(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(value))
                    : Instant.parse(value));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> keyOf(Map<String, String> map, String value) {
        return map.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).findFirst();
    }

    private static String firstLine(String text) {
        String line = text.strip();
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end).strip();
    }

    private static String truncate(String value, int length) {
        return value.length() <= length ? value : value.substring(0, length);
    }
}
