package io.crmsync.activity;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.crmsync.activity.ActivitySync.Ports;
import io.crmsync.crm.HubSpotActivity;
import io.crmsync.sync.CrmRecord;
import io.crmsync.sync.FieldResolver;
import io.crmsync.sync.HubSpotAssociations;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.sync.Link;
import io.crmsync.sync.RecordOutcome;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.RecordWrite;
import io.crmsync.sync.ValuesHash;
import io.crmsync.sync.WriteResult;
import io.crmsync.tenant.ActivitySettings;

/**
 * HubSpot activities to Salesforce: an activity crmsync did not make becomes a Task on the timeline of its first
 * synced contact, upserted by the tenant's Task id field ({@link ActivitySettings#salesforceIdField()}) so a
 * repeat never writes a second Task;
 * a task crmsync made from a Salesforce Task sends its changes back when the tenant chose so. One direction of
 * {@link ActivitySync}, which owns the budget and what an outage does.
 */
final class ActivitiesToSalesforce {

    private final Ports ports;
    private final Clock clock;

    ActivitiesToSalesforce(Ports ports, Clock clock) {
        this.ports = ports;
        this.clock = clock;
    }

    /**
     * Syncs the activities of one type, putting each one's outcome into {@code outcomes} as it is known, so an
     * exception part way leaves the finished ones there.
     */
    void sync(String tenantId, HubSpotActivity type, ActivitySettings chosen, Collection<String> ids,
            Map<String, RecordOutcome> outcomes) {
        Set<String> properties = new LinkedHashSet<>(type.properties());
        properties.add(HubSpotRecords.SALESFORCE_ID_PROPERTY);
        Map<String, CrmRecord> activities = ports.hubSpot().read(tenantId, type.objectType(), ids, properties);
        List<CrmRecord> mirrors = new ArrayList<>();
        List<CrmRecord> timeline = new ArrayList<>();
        for (String id : ids) {
            CrmRecord activity = activities.get(id);
            if (activity == null) {
                outcomes.put(id, RecordOutcome.of(Status.NOT_FOUND));
            } else if (ActivitySync.notBlank(activity.properties().get(HubSpotRecords.SALESFORCE_ID_PROPERTY))) {
                mirrors.add(activity);
            } else if (!chosen.timeline().containsKey(type)) {
                outcomes.put(id, new RecordOutcome(Status.SKIPPED, "HubSpot " + type.settingKey()
                        + " are not on the timeline sync"));
            } else {
                timeline.add(activity);
            }
        }
        if (!mirrors.isEmpty()) {
            outcomes.putAll(type == HubSpotActivity.TASK && chosen.taskUpdatesToSalesforce()
                    ? taskChanges(tenantId, mirrors) : skipped(mirrors,
                            "made from a Salesforce Task; its changes do not flow back"));
        }
        if (!timeline.isEmpty()) {
            outcomes.putAll(timeline(tenantId, type, chosen.timeline().get(type), chosen.salesforceIdField(),
                    timeline));
        }
    }

    /** Changes made in HubSpot to tasks crmsync made from Salesforce Tasks, sent back to those Tasks. */
    private Map<String, RecordOutcome> taskChanges(String tenantId, List<CrmRecord> tasks) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        Map<String, Link> links = ports.links().findByHubSpotIds(tenantId, HubSpotActivity.TASK.objectType(),
                tasks.stream().map(CrmRecord::id).toList());
        List<RecordWrite> writes = new ArrayList<>();
        Map<String, Link> updated = new HashMap<>();
        for (CrmRecord task : tasks) {
            Link link = links.get(task.id());
            if (link == null) {
                outcomes.put(task.id(), new RecordOutcome(Status.SKIPPED, "no Salesforce Task is linked to it"));
                continue;
            }
            Map<String, String> fingerprints = new LinkedHashMap<>(link.fieldFingerprints());
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String field : ActivityMapping.SYNCED_TASK_FIELDS) {
                String property = ActivityMapping.hubSpotPropertyOf(field);
                String seen = ActivityFingerprints.hubSpotValue(property, task.properties().get(property));
                if (!seen.equals(fingerprints.get("@" + property))) {
                    String value = ActivityMapping.salesforceValue(field, task.properties()).orElse(null);
                    fields.put(field, value);
                    fingerprints.put(field, FieldResolver.fingerprint(value));
                    fingerprints.put("@" + property, seen);
                }
            }
            if (fields.isEmpty()) {
                outcomes.put(task.id(), new RecordOutcome(Status.UNCHANGED, "already in Salesforce"));
                continue;
            }
            writes.add(new RecordWrite(link.salesforceId(), fields));
            updated.put(link.salesforceId(), new Link(tenantId, link.hubSpotObject(), link.hubSpotId(),
                    ActivitySync.TASK, link.salesforceId(), ValuesHash.of(fingerprints), clock.instant(),
                    fingerprints, link.version()));
        }
        if (writes.isEmpty()) {
            return outcomes;
        }
        Map<String, String> hubSpotIdOf = new HashMap<>();
        updated.forEach((taskId, link) -> hubSpotIdOf.put(taskId, link.hubSpotId()));
        List<Link> written = new ArrayList<>();
        for (WriteResult result : ports.salesforce().update(tenantId, ActivitySync.TASK, writes)) {
            String hubSpotId = hubSpotIdOf.get(result.key());
            if (result instanceof WriteResult.Written) {
                written.add(updated.get(result.key()));
                outcomes.put(hubSpotId, RecordOutcome.of(Status.SYNCED));
            } else {
                outcomes.put(hubSpotId, ActivitySync.failed(result));
            }
        }
        ports.links().saveAll(written);
        return outcomes;
    }

    /** HubSpot activities as Tasks on the timeline of each one's first synced contact. */
    private Map<String, RecordOutcome> timeline(String tenantId, HubSpotActivity type, String taskType, String idField,
            List<CrmRecord> activities) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        Map<String, List<HubSpotAssociations.Associated>> contacts = ports.associations().read(tenantId,
                type.objectType(), "contact", activities.stream().map(CrmRecord::id).toList());
        Set<String> contactIds = new LinkedHashSet<>();
        contacts.values().forEach(list -> list.forEach(a -> contactIds.add(a.toId())));
        Map<String, Link> contactLinks = contactIds.isEmpty() ? Map.of()
                : ports.links().findByHubSpotIds(tenantId, "contact", contactIds);
        List<RecordWrite> writes = new ArrayList<>();
        Map<String, String> activityOf = new HashMap<>();
        for (CrmRecord activity : activities) {
            Optional<Link> who = contacts.getOrDefault(activity.id(), List.of()).stream()
                    .map(a -> contactLinks.get(a.toId())).filter(Objects::nonNull).findFirst();
            if (who.isEmpty()) {
                outcomes.put(activity.id(), new RecordOutcome(Status.SKIPPED,
                        "no contact associated with it is synced to Salesforce"));
                continue;
            }
            String key = ActivityMapping.activityKey(type, activity.id());
            activityOf.put(key, activity.id());
            writes.add(new RecordWrite(key, ActivityMapping.timelineTask(type, activity.id(), activity.properties(),
                    taskType, who.get().salesforceId(), null, clock.instant())));
        }
        if (writes.isEmpty()) {
            return outcomes;
        }
        for (WriteResult result : ports.salesforce().upsert(tenantId, ActivitySync.TASK,
                idField, writes)) {
            outcomes.put(activityOf.get(result.key()), result instanceof WriteResult.Written
                    ? RecordOutcome.of(Status.SYNCED) : ActivitySync.failed(result));
        }
        return outcomes;
    }

    private static Map<String, RecordOutcome> skipped(List<CrmRecord> records, String why) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        records.forEach(r -> outcomes.put(r.id(), new RecordOutcome(Status.SKIPPED, why)));
        return outcomes;
    }
}
