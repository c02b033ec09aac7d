package io.crmsync.activity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.crm.HubSpotActivity;
import io.crmsync.sync.ActivityNotices;
import io.crmsync.sync.CrmRecord;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.sync.FieldResolver;
import io.crmsync.sync.HubSpotAssociations;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.sync.Link;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.OwnerDirectory;
import io.crmsync.sync.Owners;
import io.crmsync.sync.RecordOutcome;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.RecordWrite;
import io.crmsync.sync.SalesforceRecords;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.tenant.ActivitySettings;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.sync.ValuesHash;
import io.crmsync.sync.WriteResult;

/**
 * The activity use case the worker runs for Task notices from Salesforce and activity notices from HubSpot:
 * Salesforce Tasks become HubSpot tasks, calls or emails (upserted by their Salesforce Id, associated with the
 * synced contact, company and deal); a HubSpot task made that way sends its changes back when the tenant chose so;
 * and HubSpot activities become Tasks on the synced Lead or Contact, upserted by {@link
 * ActivityMapping#ACTIVITY_KEY_FIELD} so a repeat never writes a second Task.
 *
 * <p>Every write goes through the same CRM adapters (and so the same budget) as records. Activity sync is the first
 * thing paused as the window fills ({@link io.crmsync.budget.Usage#activitiesAllowed()}): its notices are deferred,
 * not dropped.
 */
public final class ActivitySync implements ActivityNotices {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ActivitySync.class);

    /** How long a paused tenant's activity notices wait before they are looked at again (SQS's longest delay). */
    static final Duration PAUSE_RECHECK = Duration.ofMinutes(15);
    static final String TASK = "Task";

    public record Ports(SalesforceRecords salesforce, HubSpotRecords hubSpot, HubSpotAssociations associations,
            LinkStore links, Ledger ledger, OwnerDirectory owners) {
    }

    private final Ports ports;
    private final Function<String, TenantSettings> settings;
    private final Clock clock;

    public ActivitySync(Ports ports, Function<String, TenantSettings> settings, Clock clock) {
        this.ports = ports;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether a notice is about an activity rather than a record. */
    @Override
    public boolean handles(boolean fromHubSpot, String objectType) {
        return fromHubSpot ? HubSpotActivity.ofObjectType(objectType).isPresent() : TASK.equals(objectType);
    }

    @Override
    public Map<String, RecordOutcome> sync(String tenantId, boolean fromHubSpot, String objectType,
            Collection<String> ids) {
        return fromHubSpot ? fromHubSpot(tenantId, objectType, ids) : fromSalesforce(tenantId, ids);
    }

    /** Salesforce Tasks to HubSpot. */
    public Map<String, RecordOutcome> fromSalesforce(String tenantId, Collection<String> ids) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        ActivitySettings chosen = settings.apply(tenantId).activities();
        if (chosen.salesforceToHubSpot().isEmpty()) {
            ids.forEach(id -> outcomes.put(id, new RecordOutcome(Status.SKIPPED, "Salesforce task sync is off")));
            return outcomes;
        }
        try {
            requireRoom(tenantId);
            List<String> fields = new ArrayList<>(ActivityMapping.SYNCED_TASK_FIELDS);
            fields.addAll(List.of(ActivityMapping.OWNER_ID, ActivityMapping.WHO_ID, ActivityMapping.WHAT_ID,
                    ActivityMapping.TASK_SUBTYPE, ActivityMapping.ACTIVITY_KEY_FIELD, "CreatedDate"));
            Map<String, CrmRecord> tasks = new HashMap<>();
            ports.salesforce().find(tenantId, TASK, fields, ids, ActivityMapping.ACTIVITY_KEY_FIELD, List.of(),
                    List.of()).forEach(t -> tasks.put(t.id(), t));
            Owners owners = null;
            Map<HubSpotActivity, List<Pending>> byTarget = new LinkedHashMap<>();
            for (String id : ids) {
                CrmRecord task = tasks.get(id);
                if (task == null) {
                    outcomes.put(id, RecordOutcome.of(Status.NOT_FOUND));
                    continue;
                }
                Map<String, String> values = task.properties();
                if (notBlank(values.get(ActivityMapping.ACTIVITY_KEY_FIELD))) {
                    outcomes.put(id, new RecordOutcome(Status.SKIPPED, "made from a HubSpot activity"));
                    continue;
                }
                HubSpotActivity target = ActivityMapping.targetOf(values.get(ActivityMapping.TASK_SUBTYPE));
                if (!chosen.salesforceToHubSpot().contains(target)) {
                    outcomes.put(id, new RecordOutcome(Status.SKIPPED, "Salesforce " + target.settingKey()
                            + " do not sync (activities.salesforceToHubSpot)"));
                    continue;
                }
                Related related = related(tenantId, values);
                if (related.isEmpty()) {
                    outcomes.put(id, new RecordOutcome(Status.SKIPPED,
                            "its Lead, Contact, Account or Opportunity is not synced to HubSpot"));
                    continue;
                }
                Optional<Link> link = ports.links().findBySalesforceId(tenantId, TASK, id);
                Map<String, String> fingerprints = salesforceFingerprints(values);
                Map<String, String> previous = link.map(Link::fieldFingerprints).orElse(Map.of());
                Instant createdAt = ActivityMapping.instant(values.get("CreatedDate")).orElse(clock.instant());
                Map<String, Object> properties = new LinkedHashMap<>();
                for (String field : ActivityMapping.SYNCED_TASK_FIELDS) {
                    if (link.isEmpty() || !fingerprints.get(field).equals(previous.get(field))) {
                        properties.putAll(ActivityMapping.hubSpotValues(target, field, values.get(field), createdAt));
                    }
                }
                String ownerId = values.get(ActivityMapping.OWNER_ID);
                if (ownerId != null && (link.isEmpty() || !fingerprints.get(ActivityMapping.OWNER_ID)
                        .equals(previous.get(ActivityMapping.OWNER_ID)))) {
                    if (owners == null) {
                        owners = ports.owners().owners(tenantId);
                    }
                    // Only a user whose email names exactly one HubSpot owner; otherwise the owner stays unset.
                    owners.emailOfSalesforceUser(ownerId).flatMap(owners::hubSpotOwnerFor)
                            .ifPresent(owner -> properties.put(HubSpotActivity.OWNER, owner));
                }
                if (link.isPresent() && properties.isEmpty()) {
                    outcomes.put(id, new RecordOutcome(Status.UNCHANGED, "already in HubSpot"));
                    continue;
                }
                if (link.isEmpty()) {
                    properties.putAll(ActivityMapping.hubSpotFixedValues(target));
                }
                byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(new Pending(id, values, properties,
                        related, link, fingerprints));
            }
            byTarget.forEach((target, pending) -> outcomes.putAll(writeToHubSpot(tenantId, target, pending)));
        } catch (SyncPausedException e) {
            ids.forEach(id -> outcomes.putIfAbsent(id, RecordOutcome.deferred(e)));
        } catch (CrmUnavailableException e) {
            ids.forEach(id -> outcomes.putIfAbsent(id, RecordOutcome.unfinished(e)));
        }
        return outcomes;
    }

    /** HubSpot activities to Salesforce: timeline Tasks, and changes of tasks made from Salesforce Tasks. */
    public Map<String, RecordOutcome> fromHubSpot(String tenantId, String objectType, Collection<String> ids) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        HubSpotActivity type = HubSpotActivity.ofObjectType(objectType)
                .orElseThrow(() -> new IllegalArgumentException("not a HubSpot activity type: " + objectType));
        ActivitySettings chosen = settings.apply(tenantId).activities();
        if (!chosen.hubSpotTypesToRead().contains(type)) {
            ids.forEach(id -> outcomes.put(id, new RecordOutcome(Status.SKIPPED, "HubSpot " + type.settingKey()
                    + " do not sync (activities.timeline)")));
            return outcomes;
        }
        try {
            requireRoom(tenantId);
            Set<String> properties = new LinkedHashSet<>(type.properties());
            properties.add(HubSpotRecords.SALESFORCE_ID_PROPERTY);
            Map<String, CrmRecord> activities = ports.hubSpot().read(tenantId, type.objectType(), ids, properties);
            List<CrmRecord> mirrors = new ArrayList<>();
            List<CrmRecord> timeline = new ArrayList<>();
            for (String id : ids) {
                CrmRecord activity = activities.get(id);
                if (activity == null) {
                    outcomes.put(id, RecordOutcome.of(Status.NOT_FOUND));
                } else if (notBlank(activity.properties().get(HubSpotRecords.SALESFORCE_ID_PROPERTY))) {
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
                        ? taskChangesToSalesforce(tenantId, mirrors) : skipped(mirrors,
                                "made from a Salesforce Task; its changes do not flow back"));
            }
            if (!timeline.isEmpty()) {
                outcomes.putAll(timelineToSalesforce(tenantId, type, chosen.timeline().get(type), timeline));
            }
        } catch (SyncPausedException e) {
            ids.forEach(id -> outcomes.putIfAbsent(id, RecordOutcome.deferred(e)));
        } catch (CrmUnavailableException e) {
            ids.forEach(id -> outcomes.putIfAbsent(id, RecordOutcome.unfinished(e)));
        }
        return outcomes;
    }

    /** A Task on its way to HubSpot: the properties to write and the records to associate it with. */
    private record Pending(String taskId, Map<String, String> values, Map<String, Object> properties,
            Related related, Optional<Link> link, Map<String, String> fingerprints) {
    }

    /** The HubSpot twins of a Task's WhoId and WhatId (null where there is none). */
    private record Related(String contactId, String companyId, String dealId) {
        boolean isEmpty() {
            return contactId == null && companyId == null && dealId == null;
        }
    }

    private Related related(String tenantId, Map<String, String> task) {
        String who = task.get(ActivityMapping.WHO_ID);
        String what = task.get(ActivityMapping.WHAT_ID);
        String contact = twin(tenantId, who, who != null && who.startsWith("00Q") ? "Lead" : "Contact");
        String company = what != null && what.startsWith("001") ? twin(tenantId, what, "Account") : null;
        String deal = what != null && what.startsWith("006") ? twin(tenantId, what, "Opportunity") : null;
        return new Related(contact, company, deal);
    }

    private String twin(String tenantId, String salesforceId, String sObject) {
        if (!notBlank(salesforceId)) {
            return null;
        }
        return ports.links().findBySalesforceId(tenantId, sObject, salesforceId).map(Link::hubSpotId).orElse(null);
    }

    private Map<String, RecordOutcome> writeToHubSpot(String tenantId, HubSpotActivity target, List<Pending> pending) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        List<RecordWrite> writes = pending.stream().map(p -> new RecordWrite(p.taskId(), p.properties())).toList();
        Map<String, Pending> byTask = new HashMap<>();
        pending.forEach(p -> byTask.put(p.taskId(), p));
        List<WriteResult> results = ports.hubSpot().upsert(tenantId, target.objectType(),
                HubSpotRecords.SALESFORCE_ID_PROPERTY, writes);
        Map<String, List<HubSpotAssociations.Association>> associations = new LinkedHashMap<>();
        List<Link> links = new ArrayList<>();
        for (WriteResult result : results) {
            if (result instanceof WriteResult.Written written) {
                Pending p = byTask.get(written.key());
                if (p.link().isEmpty() || !p.link().get().hubSpotId().equals(written.id())) {
                    associate(associations, "contact", written.id(), p.related().contactId());
                    associate(associations, "company", written.id(), p.related().companyId());
                    associate(associations, "deal", written.id(), p.related().dealId());
                }
                links.add(linkAfter(tenantId, target, written.id(), p.taskId(), p.fingerprints(),
                        hubSpotFingerprints(p.properties(), p.link())));
                outcomes.put(written.key(), RecordOutcome.of(Status.SYNCED));
            } else {
                outcomes.put(result.key(), failed(result));
            }
        }
        associations.forEach((toType, pairs) -> {
            for (WriteResult result : ports.associations().associatePrimary(tenantId, target.objectType(), toType,
                    pairs)) {
                if (!(result instanceof WriteResult.Written)) {
                    // The activity is in HubSpot; only its link to the record is missing. Ids only in the log.
                    LOG.warnf("tenant %s: %s %s not associated with its %s: %s", tenantId, target.objectType(),
                            result.key(), toType, failed(result).detail());
                }
            }
        });
        links.forEach(ports.links()::save);
        return outcomes;
    }

    private static void associate(Map<String, List<HubSpotAssociations.Association>> associations, String toType,
            String activityId, String toId) {
        if (toId != null) {
            associations.computeIfAbsent(toType, t -> new ArrayList<>())
                    .add(new HubSpotAssociations.Association(activityId, toId));
        }
    }

    /** Changes made in HubSpot to tasks crmsync made from Salesforce Tasks, sent back to those Tasks. */
    private Map<String, RecordOutcome> taskChangesToSalesforce(String tenantId, List<CrmRecord> tasks) {
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
                String seen = hubSpotFingerprint(property, task.properties().get(property));
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
            updated.put(link.salesforceId(), new Link(tenantId, link.hubSpotObject(), link.hubSpotId(), TASK,
                    link.salesforceId(), ValuesHash.of(fingerprints), clock.instant(), fingerprints));
        }
        if (writes.isEmpty()) {
            return outcomes;
        }
        Map<String, String> hubSpotIdOf = new HashMap<>();
        updated.forEach((taskId, link) -> hubSpotIdOf.put(taskId, link.hubSpotId()));
        for (WriteResult result : ports.salesforce().update(tenantId, TASK, writes)) {
            String hubSpotId = hubSpotIdOf.get(result.key());
            if (result instanceof WriteResult.Written) {
                ports.links().save(updated.get(result.key()));
                outcomes.put(hubSpotId, RecordOutcome.of(Status.SYNCED));
            } else {
                outcomes.put(hubSpotId, failed(result));
            }
        }
        return outcomes;
    }

    /** HubSpot activities as Tasks on the timeline of each one's first synced contact. */
    private Map<String, RecordOutcome> timelineToSalesforce(String tenantId, HubSpotActivity type, String taskType,
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
                    .map(a -> contactLinks.get(a.toId())).filter(java.util.Objects::nonNull).findFirst();
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
        for (WriteResult result : ports.salesforce().upsert(tenantId, TASK, ActivityMapping.ACTIVITY_KEY_FIELD,
                writes)) {
            outcomes.put(activityOf.get(result.key()), result instanceof WriteResult.Written
                    ? RecordOutcome.of(Status.SYNCED) : failed(result));
        }
        return outcomes;
    }

    /** Activity sync stops first as the window fills: its notices wait instead of taking the last calls. */
    private void requireRoom(String tenantId) {
        Instant now = clock.instant();
        for (Crm crm : Crm.values()) {
            if (!ports.ledger().usage(tenantId, crm, now).activitiesAllowed()) {
                throw new SyncPausedException("activity sync paused: the " + crm + " window is at 60% of its "
                        + "allocation", now.plus(PAUSE_RECHECK), Optional.empty());
            }
        }
    }

    private Link linkAfter(String tenantId, HubSpotActivity target, String hubSpotId, String taskId,
            Map<String, String> salesforceFingerprints, Map<String, String> hubSpotFingerprints) {
        Map<String, String> fingerprints = new LinkedHashMap<>(salesforceFingerprints);
        fingerprints.putAll(hubSpotFingerprints);
        return new Link(tenantId, target.objectType(), hubSpotId, TASK, taskId, ValuesHash.of(fingerprints),
                clock.instant(), fingerprints);
    }

    private static Map<String, String> salesforceFingerprints(Map<String, String> task) {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (String field : ActivityMapping.SYNCED_TASK_FIELDS) {
            fingerprints.put(field, FieldResolver.fingerprint(task.get(field)));
        }
        fingerprints.put(ActivityMapping.OWNER_ID, FieldResolver.fingerprint(task.get(ActivityMapping.OWNER_ID)));
        return fingerprints;
    }

    /** What crmsync wrote to HubSpot, as "@property" fingerprints, over what it wrote before. */
    private static Map<String, String> hubSpotFingerprints(Map<String, Object> written, Optional<Link> link) {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        link.ifPresent(l -> l.fieldFingerprints().forEach((k, v) -> {
            if (k.startsWith("@")) {
                fingerprints.put(k, v);
            }
        }));
        written.forEach((property, value) -> fingerprints.put("@" + property,
                hubSpotFingerprint(property, value == null ? null : value.toString())));
        return fingerprints;
    }

    /** HubSpot's form of a value may differ from what was written (timestamps, HTML); compare what it means. */
    static String hubSpotFingerprint(String property, String value) {
        String meaning = value;
        if (HubSpotActivity.TIMESTAMP.equals(property)) {
            meaning = ActivityMapping.instant(value).map(Instant::toString).orElse(value);
        } else if (property.endsWith("_body")) {
            meaning = ActivityMapping.plainText(value);
        }
        return FieldResolver.fingerprint(meaning == null || meaning.isEmpty() ? null : meaning);
    }

    private static RecordOutcome failed(WriteResult result) {
        if (result instanceof WriteResult.Refused refused) {
            return new RecordOutcome(Status.REFUSED, refused.code() + ": " + refused.message());
        }
        return new RecordOutcome(Status.RETRY, ((WriteResult.Retry) result).reason());
    }

    private static Map<String, RecordOutcome> skipped(List<CrmRecord> records, String why) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        records.forEach(r -> outcomes.put(r.id(), new RecordOutcome(Status.SKIPPED, why)));
        return outcomes;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
