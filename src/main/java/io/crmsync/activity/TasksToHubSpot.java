package io.crmsync.activity;

import java.time.Clock;
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

import io.crmsync.activity.ActivitySync.Ports;
import io.crmsync.crm.HubSpotActivity;
import io.crmsync.sync.CrmRecord;
import io.crmsync.sync.HubSpotAssociations;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.sync.Link;
import io.crmsync.sync.Owners;
import io.crmsync.sync.RecordOutcome;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.RecordWrite;
import io.crmsync.sync.WriteResult;
import io.crmsync.tenant.ActivitySettings;

/**
 * Salesforce Tasks to HubSpot: each becomes a HubSpot task, call or email (by its subtype), upserted by its
 * Salesforce Id and associated with the HubSpot twins of its WhoId and WhatId. Only the fields that changed since
 * the link's fingerprints are written, so a repeat or an echo writes nothing. One direction of {@link ActivitySync},
 * which owns the settings check, the budget and what an outage does.
 */
final class TasksToHubSpot {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ActivitySync.class);

    private final Ports ports;
    private final Clock clock;

    TasksToHubSpot(Ports ports, Clock clock) {
        this.ports = ports;
        this.clock = clock;
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

    /**
     * Syncs the Tasks, putting each one's outcome into {@code outcomes} as it is known, so an exception part way
     * leaves the finished ones there.
     */
    void sync(String tenantId, ActivitySettings chosen, Collection<String> ids, Map<String, RecordOutcome> outcomes) {
        List<String> fields = new ArrayList<>(ActivityMapping.SYNCED_TASK_FIELDS);
        fields.addAll(List.of(ActivityMapping.OWNER_ID, ActivityMapping.WHO_ID, ActivityMapping.WHAT_ID,
                ActivityMapping.TASK_SUBTYPE, chosen.salesforceIdField(), "CreatedDate"));
        Map<String, CrmRecord> tasks = new HashMap<>();
        ports.salesforce().find(tenantId, ActivitySync.TASK, fields, ids, chosen.salesforceIdField(),
                List.of(), List.of()).forEach(t -> tasks.put(t.id(), t));
        Owners owners = null;
        Map<HubSpotActivity, List<Pending>> byTarget = new LinkedHashMap<>();
        List<CrmRecord> chosenTasks = new ArrayList<>();
        for (String id : ids) {
            CrmRecord task = tasks.get(id);
            if (task == null) {
                outcomes.put(id, RecordOutcome.of(Status.NOT_FOUND));
                continue;
            }
            Map<String, String> values = task.properties();
            if (ActivitySync.notBlank(values.get(chosen.salesforceIdField()))) {
                outcomes.put(id, new RecordOutcome(Status.SKIPPED, "made from a HubSpot activity"));
                continue;
            }
            HubSpotActivity target = ActivityMapping.targetOf(values.get(ActivityMapping.TASK_SUBTYPE));
            if (!chosen.salesforceToHubSpot().contains(target)) {
                outcomes.put(id, new RecordOutcome(Status.SKIPPED, "Salesforce " + target.settingKey()
                        + " do not sync (activities.salesforceToHubSpot)"));
                continue;
            }
            chosenTasks.add(task);
        }
        Map<String, Related> relatedOf = related(tenantId, chosenTasks);
        List<CrmRecord> relatedTasks = new ArrayList<>();
        for (CrmRecord task : chosenTasks) {
            if (relatedOf.get(task.id()).isEmpty()) {
                outcomes.put(task.id(), new RecordOutcome(Status.SKIPPED,
                        "its Lead, Contact, Account or Opportunity is not synced to HubSpot"));
            } else {
                relatedTasks.add(task);
            }
        }
        Map<String, Link> links = relatedTasks.isEmpty() ? Map.of() : ports.links().findBySalesforceIds(tenantId,
                ActivitySync.TASK, relatedTasks.stream().map(CrmRecord::id).toList());
        for (CrmRecord task : relatedTasks) {
            String id = task.id();
            Map<String, String> values = task.properties();
            HubSpotActivity target = ActivityMapping.targetOf(values.get(ActivityMapping.TASK_SUBTYPE));
            Related related = relatedOf.get(id);
            Optional<Link> link = Optional.ofNullable(links.get(id));
            Map<String, String> fingerprints = ActivityFingerprints.salesforce(values);
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
        byTarget.forEach((target, pending) -> outcomes.putAll(write(tenantId, target, pending)));
    }

    /**
     * The HubSpot twins of the Tasks' WhoIds and WhatIds, by Task id: one lookup per object for all the Tasks, not
     * one per Task.
     */
    private Map<String, Related> related(String tenantId, List<CrmRecord> tasks) {
        Map<String, Set<String>> idsByObject = new LinkedHashMap<>();
        for (CrmRecord task : tasks) {
            String who = task.properties().get(ActivityMapping.WHO_ID);
            String what = task.properties().get(ActivityMapping.WHAT_ID);
            want(idsByObject, whoObject(who), who);
            want(idsByObject, "Account", what != null && what.startsWith("001") ? what : null);
            want(idsByObject, "Opportunity", what != null && what.startsWith("006") ? what : null);
        }
        Map<String, Map<String, Link>> twins = new HashMap<>();
        idsByObject.forEach((sObject, salesforceIds) -> twins.put(sObject,
                ports.links().findBySalesforceIds(tenantId, sObject, salesforceIds)));
        Map<String, Related> related = new HashMap<>();
        for (CrmRecord task : tasks) {
            String who = task.properties().get(ActivityMapping.WHO_ID);
            String what = task.properties().get(ActivityMapping.WHAT_ID);
            String contact = twin(twins, whoObject(who), who);
            String company = what != null && what.startsWith("001") ? twin(twins, "Account", what) : null;
            String deal = what != null && what.startsWith("006") ? twin(twins, "Opportunity", what) : null;
            related.put(task.id(), new Related(contact, company, deal));
        }
        return related;
    }

    private static String whoObject(String who) {
        return who != null && who.startsWith("00Q") ? "Lead" : "Contact";
    }

    private static void want(Map<String, Set<String>> idsByObject, String sObject, String salesforceId) {
        if (ActivitySync.notBlank(salesforceId)) {
            idsByObject.computeIfAbsent(sObject, o -> new LinkedHashSet<>()).add(salesforceId);
        }
    }

    private static String twin(Map<String, Map<String, Link>> twins, String sObject, String salesforceId) {
        if (!ActivitySync.notBlank(salesforceId)) {
            return null;
        }
        Link link = twins.getOrDefault(sObject, Map.of()).get(salesforceId);
        return link == null ? null : link.hubSpotId();
    }

    private Map<String, RecordOutcome> write(String tenantId, HubSpotActivity target, List<Pending> pending) {
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
                // Saved as the version read (links are conditional on it); a new HubSpot twin has no link yet.
                long version = p.link().filter(l -> l.hubSpotId().equals(written.id())).map(Link::version).orElse(0L);
                links.add(ActivityFingerprints.link(tenantId, target, written.id(), p.taskId(), p.fingerprints(),
                        ActivityFingerprints.hubSpotWritten(p.properties(), p.link()), clock.instant(), version));
                outcomes.put(written.key(), RecordOutcome.of(Status.SYNCED));
            } else {
                outcomes.put(result.key(), ActivitySync.failed(result));
            }
        }
        associations.forEach((toType, pairs) -> {
            for (WriteResult result : ports.associations().associatePrimary(tenantId, target.objectType(), toType,
                    pairs)) {
                if (!(result instanceof WriteResult.Written)) {
                    // The activity is in HubSpot; only its link to the record is missing. Ids only in the log.
                    LOG.warnf("tenant %s: %s %s not associated with its %s: %s", tenantId, target.objectType(),
                            result.key(), toType, ActivitySync.failed(result).detail());
                }
            }
        });
        // The Tasks are in HubSpot already; a refused save (another worker's) leaves that worker's link.
        ports.links().saveAll(links);
        return outcomes;
    }

    private static void associate(Map<String, List<HubSpotAssociations.Association>> associations, String toType,
            String activityId, String toId) {
        if (toId != null) {
            associations.computeIfAbsent(toType, t -> new ArrayList<>())
                    .add(new HubSpotAssociations.Association(activityId, toId));
        }
    }
}
