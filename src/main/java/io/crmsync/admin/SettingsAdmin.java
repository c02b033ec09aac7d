package io.crmsync.admin;

import io.crmsync.tenant.ActivitySettings;
import io.crmsync.crm.HubSpotActivity;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.mapping.HubSpotSchema;
import io.crmsync.mapping.ObjectMappingKeys;
import io.crmsync.mapping.SalesforceSchema;
import io.crmsync.crm.Side;
import io.crmsync.sync.InclusionList;
import io.crmsync.sync.IdentityFields;
import io.crmsync.sync.InclusionListMissingException;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.TenantDirectory;

/**
 * The settings admin use case: show a tenant's settings, and change them — every key checked (names, values,
 * the inclusion list against HubSpot, stages and record types against both CRMs' metadata) before anything is
 * saved; keys left out keep their current value. One error and nothing changes.
 */
public final class SettingsAdmin {

    /** @param settings the settings in force after the call (null when the tenant is unknown) */
    public record Result(List<String> errors, TenantSettings settings, boolean applied) {
        public Result {
            errors = List.copyOf(errors);
        }
    }

    private static final String ID_FIELD = ObjectMappingKeys.SALESFORCE_ID_FIELD;

    private static final Set<String> KEYS = Set.of("salesforceToHubSpot", "hubSpotToSalesforce", "companySync",
            "tieBreak", "inclusionListId", "dealSync", "pipelineRecordTypes", "dealStages",
            "deleteHubSpotContactsWithSalesforce", "activities");

    private final TenantDirectory tenants;
    private final Function<String, TenantSettings> load;
    private final BiConsumer<String, TenantSettings> save;
    private final HubSpotSchema hubSpot;
    private final SalesforceSchema salesforce;
    private final InclusionList inclusionList;
    private final ActivityIdField idFields;

    public SettingsAdmin(TenantDirectory tenants, Function<String, TenantSettings> load,
            BiConsumer<String, TenantSettings> save, HubSpotSchema hubSpot, SalesforceSchema salesforce,
            InclusionList inclusionList, IdentityFields identity) {
        this.idFields = new ActivityIdField(tenants, identity);
        this.tenants = tenants;
        this.load = load;
        this.save = save;
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.inclusionList = inclusionList;
    }

    public Result get(String tenantId) {
        return known(tenantId).map(t -> new Result(List.of(), load.apply(tenantId), false))
                .orElseGet(() -> unknown(tenantId));
    }

    public Result put(String tenantId, JsonNode changes) {
        if (known(tenantId).isEmpty()) {
            return unknown(tenantId);
        }
        TenantSettings current = load.apply(tenantId);
        if (changes == null || !changes.isObject()) {
            return new Result(List.of("settings must be a JSON object, e.g. {\"dealSync\": true}"), current, false);
        }
        List<String> errors = new ArrayList<>();
        for (Iterator<String> names = changes.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                errors.add(name + ": unknown setting; the settings are " + String.join(", ", KEYS.stream().sorted()
                        .toList()));
            }
        }
        TenantSettings next = new TenantSettings(
                choice(changes, "salesforceToHubSpot", TenantSettings.SalesforceToHubSpot.class,
                        current.salesforceToHubSpot(), errors),
                choice(changes, "hubSpotToSalesforce", TenantSettings.HubSpotToSalesforce.class,
                        current.hubSpotToSalesforce(), errors),
                flag(changes, "companySync", current.companySync(), errors),
                choice(changes, "tieBreak", Side.class, current.tieBreak(), errors),
                changes.has("inclusionListId") ? text(changes, "inclusionListId", errors) : current.inclusionListId(),
                flag(changes, "dealSync", current.dealSync(), errors),
                changes.has("pipelineRecordTypes") ? map(changes, "pipelineRecordTypes", errors)
                        : current.pipelineRecordTypes(),
                changes.has("dealStages") ? map(changes, "dealStages", errors) : current.dealStages(),
                flag(changes, "deleteHubSpotContactsWithSalesforce", current.deleteHubSpotContactsWithSalesforce(),
                        errors),
                changes.has("activities") ? activities(changes.get("activities"), current.activities(), errors)
                        : current.activities());
        if (errors.isEmpty()) {
            checkAgainstTheCrms(tenantId, changes, next, errors);
        }
        if (errors.isEmpty()) {
            errors.addAll(idFields.heldByOthers(tenantId, current, next));
        }
        if (errors.isEmpty()) {
            // Claimed before the save: of two tenants racing for one field, the loser changes nothing.
            errors.addAll(idFields.claim(tenantId, current, next));
        }
        if (!errors.isEmpty()) {
            return new Result(errors, current, false);
        }
        save.accept(tenantId, next);
        return new Result(List.of(), next, true);
    }

    /** What only the CRMs can tell: the list exists, the stages and record types are real. */
    private void checkAgainstTheCrms(String tenantId, JsonNode changes, TenantSettings next, List<String> errors) {
        try {
            if (changes.has("inclusionListId") && next.inclusionListId() != null) {
                try {
                    inclusionList.membersAmong(tenantId, next.inclusionListId(), List.of());
                } catch (InclusionListMissingException e) {
                    errors.add("inclusionListId: " + e.getMessage());
                }
            }
            if (changes.has("dealStages") && !next.dealStages().isEmpty()) {
                List<String> hubSpotStages = hubSpot.property("deal", "dealstage")
                        .map(HubSpotSchema.HubSpotProperty::options).orElse(List.of());
                List<String> salesforceStages = salesforce.fields("Opportunity").stream()
                        .filter(f -> f.name().equals("StageName")).findFirst()
                        .map(SalesforceSchema.SalesforceField::picklistValues).orElse(List.of());
                next.dealStages().forEach((stage, stageName) -> {
                    if (!hubSpotStages.contains(stage)) {
                        errors.add("dealStages: " + stage + " is not a HubSpot deal stage id (known: "
                                + String.join(", ", hubSpotStages) + ")");
                    }
                    if (!salesforceStages.contains(stageName)) {
                        errors.add("dealStages: " + stage + " → " + stageName
                                + " is not an active Opportunity StageName value");
                    }
                });
            }
            if (changes.has("activities") && changes.get("activities").has(ID_FIELD)) {
                errors.addAll(ActivityIdField.problems(salesforce, next.activities().salesforceIdField()));
            }
            if (changes.has("activities") && !next.activities().timeline().isEmpty()) {
                List<String> taskTypes = salesforce.fields("Task").stream().filter(f -> f.name().equals("Type"))
                        .findFirst().map(SalesforceSchema.SalesforceField::picklistValues).orElse(List.of());
                next.activities().timeline().forEach((activity, taskType) -> {
                    if (!taskTypes.contains(taskType)) {
                        errors.add("activities.timeline: " + activity.settingKey() + " → " + taskType
                                + " is not an active Task Type value (known: " + String.join(", ", taskTypes) + ")");
                    }
                });
            }
            if (changes.has("pipelineRecordTypes")) {
                List<String> pipelines = hubSpot.property("deal", "pipeline")
                        .map(HubSpotSchema.HubSpotProperty::options).orElse(List.of());
                next.pipelineRecordTypes().forEach((pipeline, recordType) -> {
                    if (!pipelines.contains(pipeline)) {
                        errors.add("pipelineRecordTypes: " + pipeline + " is not a HubSpot deal pipeline id (known: "
                                + String.join(", ", pipelines) + ")");
                    }
                    if (!recordType.matches("012[0-9A-Za-z]{15}")) {
                        errors.add("pipelineRecordTypes: " + pipeline + " → " + recordType
                                + " is not an 18-character RecordType Id (they start with 012)");
                    }
                });
            }
        } catch (RuntimeException e) {
            errors.add("cannot read the CRM metadata to check the settings: " + e.getMessage());
        }
    }

    private Optional<?> known(String tenantId) {
        return tenantId == null || tenantId.isBlank() ? Optional.empty() : tenants.byId(tenantId);
    }

    private static Result unknown(String tenantId) {
        return new Result(List.of("unknown tenant \"" + tenantId + "\": register it in the tenants table first"), null,
                false);
    }

    private static <E extends Enum<E>> E choice(JsonNode changes, String key, Class<E> type, E current,
            List<String> errors) {
        if (!changes.has(key)) {
            return current;
        }
        String value = changes.get(key).asText("");
        for (E option : type.getEnumConstants()) {
            if (option.name().equals(value)) {
                return option;
            }
        }
        errors.add(key + ": \"" + value + "\" is not one of " + String.join(", ",
                java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        return current;
    }

    /**
     * {@code {"salesforceToHubSpot": ["tasks", "calls", "emails"], "taskUpdatesToSalesforce": true,
     * "timeline": {"emails": "Email", "meetings": "Meeting"}, "salesforceIdField": "HubSpot_EU_Activity_Id__c"}};
     * keys left out keep their value.
     */
    private static ActivitySettings activities(JsonNode value, ActivitySettings current, List<String> errors) {
        if (!value.isObject()) {
            errors.add("activities: must be an object with salesforceToHubSpot, taskUpdatesToSalesforce, timeline");
            return current;
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!List.of("salesforceToHubSpot", "taskUpdatesToSalesforce", "timeline", ID_FIELD).contains(name)) {
                errors.add("activities." + name + ": unknown; use salesforceToHubSpot, taskUpdatesToSalesforce, "
                        + "timeline, " + ID_FIELD);
            }
        }
        java.util.Set<HubSpotActivity> fromSalesforce = current.salesforceToHubSpot();
        if (value.has("salesforceToHubSpot")) {
            fromSalesforce = java.util.EnumSet.noneOf(HubSpotActivity.class);
            JsonNode kinds = value.get("salesforceToHubSpot");
            if (!kinds.isArray()) {
                errors.add("activities.salesforceToHubSpot: must be a list of \"tasks\", \"calls\", \"emails\"");
            } else {
                for (JsonNode kind : kinds) {
                    Optional<HubSpotActivity> activity = HubSpotActivity.ofSettingKey(kind.asText(""))
                            .filter(a -> a == HubSpotActivity.TASK || a == HubSpotActivity.CALL
                                    || a == HubSpotActivity.EMAIL);
                    if (activity.isEmpty()) {
                        errors.add("activities.salesforceToHubSpot: \"" + kind.asText("") + "\" is not one of tasks, "
                                + "calls, emails (Salesforce meetings are Events, which crmsync does not read)");
                    } else {
                        fromSalesforce.add(activity.get());
                    }
                }
            }
        }
        int before = errors.size();
        boolean taskUpdates = flag(value, "taskUpdatesToSalesforce", current.taskUpdatesToSalesforce(), errors);
        Map<HubSpotActivity, String> timeline = current.timeline();
        if (value.has("timeline")) {
            timeline = new java.util.EnumMap<>(HubSpotActivity.class);
            for (Map.Entry<String, String> entry : map(value, "timeline", errors).entrySet()) {
                Optional<HubSpotActivity> activity = HubSpotActivity.ofSettingKey(entry.getKey());
                if (activity.isEmpty()) {
                    errors.add("activities.timeline: \"" + entry.getKey() + "\" is not one of calls, emails, "
                            + "meetings, notes, tasks (form submissions and email opens are not readable CRM "
                            + "objects)");
                } else {
                    timeline.put(activity.get(), entry.getValue());
                }
            }
        }
        // The shared checks name the key alone; inside "activities" the error says where.
        for (int i = before; i < errors.size(); i++) {
            if (!errors.get(i).startsWith("activities.")) {
                errors.set(i, "activities." + errors.get(i));
            }
        }
        String idField = current.salesforceIdField();
        if (value.has(ID_FIELD)) {
            idField = value.get(ID_FIELD).asText("").strip();
            if (!idField.matches("[A-Za-z][A-Za-z0-9_]{0,79}")) {
                errors.add("activities." + ID_FIELD + ": must be a Task field's API name, e.g."
                        + " HubSpot_EU_Activity_Id__c");
                idField = current.salesforceIdField();
            }
        }
        return new ActivitySettings(fromSalesforce, taskUpdates, timeline, idField);
    }

    private static boolean flag(JsonNode changes, String key, boolean current, List<String> errors) {
        if (!changes.has(key)) {
            return current;
        }
        if (!changes.get(key).isBoolean()) {
            errors.add(key + ": must be true or false");
            return current;
        }
        return changes.get(key).booleanValue();
    }

    /** A string, or null / "" to turn the setting off. */
    private static String text(JsonNode changes, String key, List<String> errors) {
        JsonNode value = changes.get(key);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            errors.add(key + ": must be a string (or null to turn it off)");
            return null;
        }
        return value.asText();
    }

    private static Map<String, String> map(JsonNode changes, String key, List<String> errors) {
        JsonNode value = changes.get(key);
        Map<String, String> map = new LinkedHashMap<>();
        if (value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            errors.add(key + ": must be an object of strings, e.g. {\"closedwon\": \"Closed Won\"}");
            return map;
        }
        value.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                errors.add(key + ": " + e.getKey() + " must map to a non-empty string");
            } else {
                map.put(e.getKey(), e.getValue().asText());
            }
        });
        return map;
    }
}
