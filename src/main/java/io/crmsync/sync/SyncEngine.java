package io.crmsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.RecordReconciler.Plan;
import io.crmsync.tenant.TenantSettings;

/**
 * Brings both CRMs into agreement for a batch of changed records: one batched read per side, the sync rules per
 * field, then batched writes (HubSpot 100 per call, Salesforce 200 per call) — and links, audit rows and sync
 * errors written down. Notices are hints: both sides are always re-read, so a repeat or an echo finds nothing
 * to write.
 */
public final class SyncEngine {

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    /** What the engine reads and writes through: both CRMs and crmsync's own tables. */
    public record Ports(HubSpotRecords hubSpot, SalesforceRecords salesforce, OwnerDirectory owners,
            InclusionList inclusionList, HubSpotAssociations associations, LinkStore links, AuditLog audit,
            SyncErrorLog errors, AssociationWaits waits) {
    }

    private final HubSpotRecords hubSpot;
    private final SalesforceRecords salesforce;
    private final OwnerDirectory ownerDirectory;
    private final InclusionList inclusionList;
    private final LinkStore links;
    private final AuditLog audit;
    private final SyncErrorLog errors;
    private final HubSpotAssociations associations;
    private final AssociationWaits waits;
    private final AccountPlanner accounts;
    private final BiFunction<String, ObjectPair, ObjectMapping> mappings;
    private final Function<String, TenantSettings> settings;
    private final Clock clock;

    public SyncEngine(Ports ports, BiFunction<String, ObjectPair, ObjectMapping> mappings,
            Function<String, TenantSettings> settings, Clock clock) {
        this.hubSpot = ports.hubSpot();
        this.salesforce = ports.salesforce();
        this.ownerDirectory = ports.owners();
        this.inclusionList = ports.inclusionList();
        this.links = ports.links();
        this.audit = ports.audit();
        this.errors = ports.errors();
        this.waits = ports.waits();
        this.associations = ports.associations();
        this.accounts = new AccountPlanner(ports.associations(), ports.links(), ports.salesforce());
        this.mappings = mappings;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The tenant's owners, read at most once per batch and only when an owner value is actually in play — a
     * mapped owner field set on either record — so records without owners (and tenants without owner mappings)
     * spend no calls on them; the directory itself caches them for minutes.
     */
    private Owners owners(String tenantId, ObjectMapping mapping, CrmRecord hubSpotRecord, CrmRecord salesforceRecord,
            Map<String, Owners> read) {
        boolean inPlay = mapping.fields().stream().filter(f -> f.kind() == FieldKind.OWNER)
                .anyMatch(f -> hubSpotRecord != null && !blank(hubSpotRecord.properties().get(f.hubSpotProperty()))
                        || salesforceRecord != null && !blank(salesforceRecord.properties().get(f.salesforceField())));
        return inPlay ? read.computeIfAbsent(tenantId, ownerDirectory::owners) : Owners.NONE;
    }

    /** One record being synced: both sides as read, its link, the mapping in force and the plan. */
    private static final class Work {
        final String key;
        CrmRecord hubSpot;
        CrmRecord salesforce;
        Link link;
        ObjectMapping mapping;
        Plan plan;
        boolean createInSalesforce;
        boolean createInHubSpot;
        boolean stampExternalId;
        String pairedBy = "";
        RecordOutcome outcome;
        /** Set when a CRM refused the record: what to write to the sync-errors table. */
        WriteResult.Refused refusal;
        /** For contacts synced with Salesforce Contacts and for deals: the account decision. */
        AccountAssociation.Result account;

        Work(String key) {
            this.key = key;
        }
    }

    // ------------------------------------------------------------------------------------------ HubSpot side

    /** Syncs HubSpot records that changed; every id gets an outcome. */
    public Map<String, RecordOutcome> fromHubSpot(String tenantId, String objectType, Collection<String> ids) {
        TenantSettings tenant = settings.apply(tenantId);
        List<ObjectMapping> candidates = candidatesForHubSpot(tenantId, objectType, tenant);
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            ids.forEach(id -> outcomes.put(id, new RecordOutcome(Status.SKIPPED, objectType + " does not sync")));
            return outcomes;
        }
        Map<String, Work> work = new LinkedHashMap<>();
        ids.forEach(id -> work.put(id, new Work(id)));
        try {
            Set<String> properties = new LinkedHashSet<>(List.of("contact".equals(objectType) ? "email"
                    : "deal".equals(objectType) ? DealMapping.PIPELINE : HubSpotRecords.SALESFORCE_ID_PROPERTY));
            candidates.forEach(m -> properties.addAll(m.hubSpotProperties()));
            Map<String, CrmRecord> current = hubSpot.read(tenantId, objectType, ids, properties);
            Map<String, Link> known = links.findByHubSpotIds(tenantId, objectType, ids);
            for (Work w : work.values()) {
                w.hubSpot = current.get(w.key);
                w.link = known.get(w.key);
                if (w.hubSpot == null) {
                    w.outcome = RecordOutcome.of(Status.NOT_FOUND);
                } else if ("deal".equals(objectType)) {
                    DealMapping.hubSpotExclusion(tenant, w.hubSpot)
                            .ifPresent(reason -> w.outcome = new RecordOutcome(Status.SKIPPED, reason));
                }
            }
            if ("contact".equals(objectType) && tenant.inclusionList().isPresent()) {
                keepInclusionListMembers(tenantId, tenant.inclusionList().get(), work.values());
            }
            readLinkedSalesforce(tenantId, candidates, work.values());
            pairUnlinkedInSalesforce(tenantId, objectType, candidates, work.values());
            planFromHubSpot(tenantId, objectType, tenant, candidates, work.values());
            finish(tenantId, objectType, tenant, work.values());
        } catch (CrmUnavailableException e) {
            LOG.warnf("tenant %s: HubSpot %s batch of %d will be retried: %s", tenantId, objectType, ids.size(),
                    e.getMessage());
            settleUnfinished(work.values(), e);
        }
        return outcomesOf(work.values());
    }

    /**
     * What both directions do once each record's plan is made: settle conflicts by property history, decide
     * accounts, write, then the follow-ups (a deal's contact roles; records that waited for these companies or
     * contacts).
     */
    private void finish(String tenantId, String objectType, TenantSettings tenant, Collection<Work> work) {
        settleConflictsByPropertyHistory(tenantId, objectType, tenant, work);
        planAccounts(tenantId, objectType, tenant, work);
        write(tenantId, objectType, work);
        if ("deal".equals(objectType)) {
            syncContactRoles(tenantId, work);
        }
        if ("company".equals(objectType) || "contact".equals(objectType)) {
            releaseWaiting(tenantId, objectType, work);
        }
    }

    /** A CRM that cannot answer now: records not settled otherwise are retried, or deferred when sync is paused. */
    private static void settleUnfinished(Collection<Work> work, CrmUnavailableException e) {
        RecordOutcome again = RecordOutcome.unfinished(e);
        work.stream().filter(w -> w.outcome == null || w.outcome.status() == Status.SYNCED)
                .forEach(w -> w.outcome = again);
    }

    private static Map<String, RecordOutcome> outcomesOf(Collection<Work> work) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        work.forEach(w -> outcomes.put(w.key, w.outcome == null ? RecordOutcome.of(Status.UNCHANGED) : w.outcome));
        return outcomes;
    }

    private List<ObjectMapping> candidatesForHubSpot(String tenantId, String objectType, TenantSettings tenant) {
        return switch (objectType) {
            // A contact's twin is a Contact or a Lead; Contacts first (a converted Lead's link follows its Contact).
            case "contact" -> List.of(mappings.apply(tenantId, ObjectPair.CONTACT_CONTACT),
                    mappings.apply(tenantId, ObjectPair.CONTACT_LEAD));
            case "company" -> tenant.companySync() ? List.of(mappings.apply(tenantId, ObjectPair.COMPANY_ACCOUNT))
                    : List.of();
            case "deal" -> tenant.dealSync() ? List.of(dealMapping(tenantId, tenant)) : List.of();
            default -> List.of();
        };
    }

    private ObjectMapping dealMapping(String tenantId, TenantSettings tenant) {
        return DealMapping.effective(mappings.apply(tenantId, ObjectPair.DEAL_OPPORTUNITY), tenant);
    }

    /**
     * With an inclusion list only its members sync to Salesforce, new or already linked (HubSpot: "further
     * updates … will not sync … until they meet the segment criteria").
     */
    private void keepInclusionListMembers(String tenantId, String listId, Collection<Work> work) {
        List<String> found = work.stream().filter(w -> w.outcome == null).map(w -> w.key).toList();
        if (found.isEmpty()) {
            return;
        }
        Set<String> members;
        try {
            members = inclusionList.membersAmong(tenantId, listId, found);
        } catch (InclusionListMissingException e) {
            // Syncing everyone would break the user's filter; syncing no one silently would hide it. Say it loudly.
            LOG.errorf("tenant %s: inclusion list %s cannot be used (%s); its contacts wait until it is fixed",
                    tenantId, listId, e.getMessage());
            work.stream().filter(w -> w.outcome == null).forEach(w -> w.outcome = new RecordOutcome(Status.SKIPPED,
                    "inclusion list " + listId + " cannot be used: " + e.getMessage()));
            return;
        }
        work.stream().filter(w -> w.outcome == null && !members.contains(w.key)).forEach(w -> w.outcome =
                new RecordOutcome(Status.SKIPPED, "not in inclusion list " + listId));
    }

    /** The fields to read for a mapping; for Leads also whether they were converted. */
    private static List<String> fieldsToRead(ObjectMapping mapping) {
        List<String> fields = new ArrayList<>(mapping.salesforceFields());
        if ("Lead".equals(mapping.salesforceObject())) {
            fields.add("IsConverted");
        }
        if (hasAccount(mapping) && !fields.contains(AccountAssociation.SALESFORCE_FIELD)) {
            fields.add(AccountAssociation.SALESFORCE_FIELD);
        }
        return fields;
    }

    /**
     * A field changed on both sides since the last sync is first judged by the records' last-modified times; a
     * HubSpot record may have changed after that field did, so the records in conflict are read once more with
     * the conflicting properties' history and decided by when each property changed. Conflicts are rare, so this
     * costs nothing in the usual batch and one read per 100 conflicting records otherwise. (Salesforce's side
     * keeps the record's LastModifiedDate: field history is an org option crmsync cannot count on.)
     */
    private void settleConflictsByPropertyHistory(String tenantId, String objectType, TenantSettings tenant,
            Collection<Work> work) {
        Map<String, Set<String>> conflicting = new LinkedHashMap<>();
        for (Work w : work) {
            if (w.outcome != null || w.plan == null || w.createInSalesforce || w.createInHubSpot || w.hubSpot == null) {
                continue;
            }
            w.plan.decisions().stream().filter(d -> d.decision().reason().startsWith("changed in both"))
                    .forEach(d -> conflicting.computeIfAbsent(w.hubSpot.id(), k -> new LinkedHashSet<>())
                            .add(d.field().hubSpotProperty()));
        }
        if (conflicting.isEmpty()) {
            return;
        }
        Set<String> withHistory = new LinkedHashSet<>();
        conflicting.values().forEach(withHistory::addAll);
        Set<String> properties = new LinkedHashSet<>(withHistory);
        Map<String, Owners> owners = new HashMap<>();
        work.stream().filter(w -> conflicting.containsKey(w.hubSpot == null ? "" : w.hubSpot.id()))
                .forEach(w -> properties.addAll(w.hubSpot.properties().keySet()));
        Map<String, CrmRecord> histories = hubSpot.readWithHistory(tenantId, objectType, conflicting.keySet(),
                properties, withHistory);
        for (Work w : work) {
            CrmRecord withTimes = w.hubSpot == null ? null : histories.get(w.hubSpot.id());
            if (withTimes == null || !conflicting.containsKey(w.hubSpot.id()) || w.plan == null || w.outcome != null) {
                continue;
            }
            w.hubSpot = withTimes;
            w.plan = RecordReconciler.reconcile(w.mapping, w.hubSpot, w.salesforce,
                    Optional.ofNullable(w.link), tenant.tieBreak(), owners(tenantId, w.mapping, w.hubSpot, w.salesforce, owners));
        }
    }

    /** Salesforce Contacts and Opportunities belong to an Account; Leads do not. */
    private static boolean hasAccount(ObjectMapping mapping) {
        return "Contact".equals(mapping.salesforceObject()) || "Opportunity".equals(mapping.salesforceObject());
    }

    /**
     * The account of each contact (synced with a Salesforce Contact) and deal, decided like a two-way field; only
     * with company sync on, since without it no company has a twin to point at.
     */
    private void planAccounts(String tenantId, String objectType, TenantSettings tenant, Collection<Work> work) {
        if (!tenant.companySync()) {
            return;
        }
        List<Work> subjects = work.stream().filter(w -> w.outcome == null && w.plan != null && hasAccount(w.mapping))
                .toList();
        if (subjects.isEmpty()) {
            return;
        }
        Map<String, AccountAssociation.Result> decided = accounts.plan(tenantId, objectType, subjects.stream()
                .map(w -> new AccountPlanner.Subject(w.key, w.hubSpot == null ? null : w.hubSpot.id(),
                        w.hubSpot == null ? null : w.hubSpot.updatedAt(),
                        w.salesforce == null ? null : w.salesforce.properties().get(AccountAssociation.SALESFORCE_FIELD),
                        w.salesforce == null ? null : w.salesforce.updatedAt(),
                        w.link == null || !w.mapping.salesforceObject().equals(w.link.salesforceObject())
                                ? Optional.empty()
                                : Optional.ofNullable(w.link.fieldFingerprints().get(AccountAssociation.FINGERPRINT_KEY))))
                .toList(), tenant.tieBreak());
        subjects.forEach(w -> w.account = decided.get(w.key));
    }

    private static boolean converted(CrmRecord salesforceRecord) {
        return salesforceRecord != null && "true".equalsIgnoreCase(
                String.valueOf(salesforceRecord.properties().get("IsConverted")));
    }

    private void readLinkedSalesforce(String tenantId, List<ObjectMapping> candidates, Collection<Work> work) {
        for (ObjectMapping mapping : candidates) {
            List<String> ids = work.stream().filter(w -> w.outcome == null && w.link != null
                    && mapping.salesforceObject().equals(w.link.salesforceObject()) && w.link.salesforceId() != null)
                    .map(w -> w.link.salesforceId()).toList();
            if (ids.isEmpty()) {
                continue;
            }
            Map<String, CrmRecord> byId = new HashMap<>();
            salesforce.find(tenantId, mapping.salesforceObject(), fieldsToRead(mapping), ids,
                    mapping.externalIdField(), List.of(), List.of()).forEach(r -> byId.put(r.id(), r));
            for (Work w : work) {
                if (w.outcome == null && w.link != null && mapping.salesforceObject().equals(w.link.salesforceObject())) {
                    w.salesforce = byId.get(w.link.salesforceId());
                    w.mapping = mapping;
                    if (converted(w.salesforce)) {
                        // A converted Lead is read-only; its Contact (which carries the external ID) takes over.
                        w.salesforce = null;
                        w.pairedBy = "Lead converted; link follows its Contact";
                    }
                }
            }
        }
    }

    /**
     * Records without a live twin are paired by external ID (crmsync created the twin), then — for contacts — by
     * email; with several matches the most recently modified wins, as in HubSpot's connector.
     */
    private void pairUnlinkedInSalesforce(String tenantId, String objectType, List<ObjectMapping> candidates,
            Collection<Work> work) {
        List<Work> unpaired = work.stream().filter(w -> w.outcome == null && w.salesforce == null).toList();
        if (unpaired.isEmpty()) {
            return;
        }
        List<String> hubSpotIds = unpaired.stream().map(w -> w.key).toList();
        List<String> emails = "contact".equals(objectType) ? unpaired.stream().map(w -> email(w.hubSpot))
                .filter(e -> e != null).distinct().toList() : List.of();
        for (ObjectMapping mapping : candidates) {
            List<CrmRecord> found = salesforce.find(tenantId, mapping.salesforceObject(), fieldsToRead(mapping),
                    List.of(), mapping.externalIdField(), hubSpotIds, emails).stream().filter(r -> !converted(r))
                    .toList();
            for (Work w : unpaired) {
                if (w.salesforce != null) {
                    continue;
                }
                Optional<CrmRecord> byExternalId = found.stream()
                        .filter(r -> w.key.equals(r.properties().get(mapping.externalIdField()))).findFirst();
                List<CrmRecord> byEmail = email(w.hubSpot) == null ? List.of() : found.stream()
                        .filter(r -> email(w.hubSpot).equalsIgnoreCase(String.valueOf(r.properties().get("Email"))))
                        .filter(r -> blank(r.properties().get(mapping.externalIdField()))).toList();
                if (byExternalId.isPresent()) {
                    w.salesforce = byExternalId.get();
                    w.pairedBy = w.pairedBy.isEmpty() ? "paired by external ID" : w.pairedBy;
                } else if (!byEmail.isEmpty()) {
                    w.salesforce = byEmail.get(0);
                    w.stampExternalId = true;
                    w.pairedBy = byEmail.size() == 1 ? "paired by email"
                            : "paired by email: most recently modified of " + byEmail.size() + " matches";
                }
                if (w.salesforce != null) {
                    w.mapping = mapping;
                    w.link = null;
                }
            }
        }
    }

    private void planFromHubSpot(String tenantId, String objectType, TenantSettings tenant,
            List<ObjectMapping> candidates, Collection<Work> work) {
        Map<String, Owners> owners = new HashMap<>();
        for (Work w : work) {
            if (w.outcome != null) {
                continue;
            }
            if (w.salesforce != null) {
                w.plan = RecordReconciler.reconcile(w.mapping, w.hubSpot, w.salesforce, Optional.ofNullable(w.link),
                        tenant.tieBreak(), owners(tenantId, w.mapping, w.hubSpot, w.salesforce, owners));
                continue;
            }
            if ("contact".equals(objectType) && email(w.hubSpot) == null) {
                w.outcome = new RecordOutcome(Status.SKIPPED, "no email address");
                continue;
            }
            w.mapping = "contact".equals(objectType)
                    ? (tenant.hubSpotToSalesforce() == TenantSettings.HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT
                            ? candidates.get(0) : candidates.get(1))
                    : candidates.get(0);
            w.createInSalesforce = true;
            w.plan = RecordReconciler.createInSalesforce(w.mapping, w.hubSpot,
                    owners(tenantId, w.mapping, w.hubSpot, null, owners));
        }
    }

    // ------------------------------------------------------------------------------------------------ Deletes

    /**
     * Salesforce records deleted (a CDC DELETE, or the reconciler's getDeleted): each linked one's HubSpot twin is
     * archived or kept as {@link DeletePolicy} decides, and the link is forgotten either way. One Salesforce query
     * tells records restored since (left alone); HubSpot archives 100 per call. A repeat finds no link, so it
     * writes nothing; a retry after a failure archives again, which HubSpot takes as done.
     */
    public Map<String, RecordOutcome> deletedInSalesforce(String tenantId, String sObject, Collection<String> ids) {
        TenantSettings tenant = settings.apply(tenantId);
        Map<String, RecordOutcome> outcomes = new HashMap<>();
        Optional<ObjectPair> pair = java.util.Arrays.stream(ObjectPair.values())
                .filter(p -> p.salesforceObject().equals(sObject)).findFirst();
        if (pair.isEmpty()) {
            return inOrder(ids, outcomes, new RecordOutcome(Status.SKIPPED, sObject + " does not sync"));
        }
        Map<String, Link> linked = new LinkedHashMap<>();
        try {
            for (String id : new LinkedHashSet<>(ids)) {
                links.findBySalesforceId(tenantId, sObject, id).ifPresentOrElse(link -> linked.put(id, link),
                        () -> outcomes.put(id, new RecordOutcome(Status.NOT_FOUND, "no HubSpot twin")));
            }
            if (linked.isEmpty()) {
                return inOrder(ids, outcomes, null);
            }
            Set<String> live = new java.util.HashSet<>();
            salesforce.findWhere(tenantId, sObject, List.of(), "Id", linked.keySet()).forEach(r -> live.add(r.id()));
            Map<String, DeletePolicy.Decision> decided = new LinkedHashMap<>();
            linked.forEach((id, link) -> decided.put(id, DeletePolicy.afterSalesforceDelete(sObject,
                    link.hubSpotObject(), live.contains(id), tenant)));
            Map<String, List<String>> toArchive = new LinkedHashMap<>();
            decided.forEach((id, d) -> {
                if (d.action() == DeletePolicy.Action.ARCHIVE_IN_HUBSPOT) {
                    Link link = linked.get(id);
                    toArchive.computeIfAbsent(link.hubSpotObject(), k -> new ArrayList<>()).add(link.hubSpotId());
                }
            });
            toArchive.forEach((objectType, hubSpotIds) -> hubSpot.archive(tenantId, objectType, hubSpotIds));
            forgetLinks(tenantId, linked, decided, "SALESFORCE").forEach(outcomes::put);
        } catch (CrmUnavailableException e) {
            LOG.warnf("tenant %s: deletion of %d Salesforce %s records will be retried: %s", tenantId, ids.size(),
                    sObject, e.getMessage());
            return inOrder(ids, outcomes, RecordOutcome.unfinished(e));
        }
        return inOrder(ids, outcomes, null);
    }

    /**
     * HubSpot records deleted: never deleted in Salesforce (HubSpot's connector keeps the Opportunity of a deleted
     * deal), but their links are forgotten so nothing keeps pointing at them. No CRM call.
     */
    public Map<String, RecordOutcome> deletedInHubSpot(String tenantId, String objectType, Collection<String> ids) {
        Map<String, RecordOutcome> outcomes = new HashMap<>();
        Map<String, Link> linked = new LinkedHashMap<>(links.findByHubSpotIds(tenantId, objectType, ids));
        ids.stream().filter(id -> !linked.containsKey(id))
                .forEach(id -> outcomes.put(id, new RecordOutcome(Status.NOT_FOUND, "no Salesforce twin")));
        Map<String, DeletePolicy.Decision> decided = new LinkedHashMap<>();
        linked.forEach((id, link) -> decided.put(id, DeletePolicy.afterHubSpotDelete(link.salesforceObject())));
        forgetLinks(tenantId, linked, decided, "HUBSPOT").forEach(outcomes::put);
        return inOrder(ids, outcomes, null);
    }

    /** Forgets the links of deleted records (not of restored ones), with an audit row each; answers the outcomes. */
    private Map<String, RecordOutcome> forgetLinks(String tenantId, Map<String, Link> linked,
            Map<String, DeletePolicy.Decision> decided, String deletedIn) {
        Instant now = clock.instant();
        Map<String, RecordOutcome> outcomes = new HashMap<>();
        List<AuditLog.Entry> entries = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        decided.forEach((id, d) -> {
            Link link = linked.get(id);
            if (d.action() == DeletePolicy.Action.NOTHING) {
                outcomes.put(id, new RecordOutcome(Status.UNCHANGED, d.reason()));
                return;
            }
            boolean archived = d.action() == DeletePolicy.Action.ARCHIVE_IN_HUBSPOT;
            links.delete(tenantId, link.hubSpotObject(), link.hubSpotId());
            entries.add(new AuditLog.Entry(tenantId, link.hubSpotObject(), link.hubSpotId(), link.salesforceObject(),
                    link.salesforceId(), DELETED_FIELD, null, null, archived ? "archived" : null,
                    archived ? "HUBSPOT" : "", deletedIn, "DELETE", d.reason(), now));
            if (archived) {
                gone.add("hubspot|" + link.hubSpotObject() + "|" + link.hubSpotId());
            }
            outcomes.put(id, new RecordOutcome(archived ? Status.SYNCED : Status.SKIPPED, d.reason()));
        });
        if (!entries.isEmpty()) {
            audit.append(entries);
        }
        if (!gone.isEmpty()) {
            // An archived record's sync errors can no longer be fixed; they would only clutter the list.
            errors.clear(tenantId, gone);
        }
        return outcomes;
    }

    /** The audit rows' field for a whole record's deletion. */
    static final String DELETED_FIELD = "(record deleted)";

    /** Outcomes in the order the ids came, {@code otherwise} for ids without one (or nothing when null). */
    private static Map<String, RecordOutcome> inOrder(Collection<String> ids, Map<String, RecordOutcome> outcomes,
            RecordOutcome otherwise) {
        Map<String, RecordOutcome> ordered = new LinkedHashMap<>();
        ids.forEach(id -> {
            RecordOutcome outcome = outcomes.getOrDefault(id, otherwise);
            if (outcome != null) {
                ordered.put(id, outcome);
            }
        });
        return ordered;
    }

    // --------------------------------------------------------------------------------------- Salesforce side

    /** Syncs Salesforce records that changed; every id gets an outcome. */
    public Map<String, RecordOutcome> fromSalesforce(String tenantId, String sObject, Collection<String> ids) {
        TenantSettings tenant = settings.apply(tenantId);
        Optional<ObjectMapping> found = mappingForSalesforce(tenantId, sObject, tenant);
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        if (found.isEmpty()) {
            ids.forEach(id -> outcomes.put(id, new RecordOutcome(Status.SKIPPED, sObject + " does not sync")));
            return outcomes;
        }
        ObjectMapping mapping = found.get();
        String objectType = mapping.hubSpotObject();
        Map<String, Work> work = new LinkedHashMap<>();
        ids.forEach(id -> work.put(id, new Work(id)));
        Map<String, Owners> owners = new HashMap<>();
        try {
            Map<String, CrmRecord> current = new HashMap<>();
            salesforce.find(tenantId, sObject, fieldsToRead(mapping), ids, mapping.externalIdField(), List.of(),
                    List.of()).forEach(r -> current.put(r.id(), r));
            Map<String, String> hubSpotIds = new LinkedHashMap<>();
            for (Work w : work.values()) {
                w.salesforce = current.get(w.key);
                w.mapping = mapping;
                if (w.salesforce == null) {
                    w.outcome = RecordOutcome.of(Status.NOT_FOUND);
                    continue;
                }
                if (converted(w.salesforce)) {
                    w.outcome = new RecordOutcome(Status.SKIPPED, "Lead converted; its Contact carries the sync");
                    continue;
                }
                Optional<String> excluded = "Opportunity".equals(sObject)
                        ? DealMapping.salesforceExclusion(tenant, w.salesforce) : Optional.empty();
                if (excluded.isPresent()) {
                    w.outcome = new RecordOutcome(Status.SKIPPED, excluded.get());
                    continue;
                }
                w.link = links.findBySalesforceId(tenantId, sObject, w.key).orElse(null);
                String hubSpotId = w.link != null ? w.link.hubSpotId()
                        : (String) w.salesforce.properties().get(mapping.externalIdField());
                if (!blank(hubSpotId)) {
                    hubSpotIds.put(w.key, hubSpotId);
                }
            }
            Set<String> properties = new LinkedHashSet<>(mapping.hubSpotProperties());
            if ("contact".equals(objectType)) {
                properties.add("email");
            }
            Map<String, CrmRecord> twins = hubSpotIds.isEmpty() ? Map.of()
                    : hubSpot.read(tenantId, objectType, hubSpotIds.values(), properties);
            List<Work> unpaired = new ArrayList<>();
            for (Work w : work.values()) {
                if (w.outcome != null) {
                    continue;
                }
                w.hubSpot = Optional.ofNullable(hubSpotIds.get(w.key)).map(twins::get).orElse(null);
                if (w.hubSpot == null) {
                    unpaired.add(w);
                } else if (w.link == null) {
                    w.pairedBy = "paired by external ID";
                }
            }
            pairUnlinkedInHubSpot(tenantId, objectType, properties, unpaired);
            for (Work w : work.values()) {
                if (w.outcome != null) {
                    continue;
                }
                if (w.hubSpot != null) {
                    w.plan = RecordReconciler.reconcile(mapping, w.hubSpot, w.salesforce,
                            Optional.ofNullable(w.link), tenant.tieBreak(),
                            owners(tenantId, mapping, w.hubSpot, w.salesforce, owners));
                } else if (!"contact".equals(objectType)) {
                    // A new Account or Opportunity becomes a company or deal (HubSpot: company sync and deal sync
                    // create records; the contact setting below is about leads and contacts only).
                    w.createInHubSpot = true;
                    w.plan = RecordReconciler.createInHubSpot(mapping, w.salesforce,
                            owners(tenantId, mapping, null, w.salesforce, owners));
                } else if (tenant.salesforceToHubSpot() == TenantSettings.SalesforceToHubSpot.DO_NOTHING) {
                    w.outcome = new RecordOutcome(Status.SKIPPED, "setting: do nothing for new Salesforce records");
                } else if (blank(w.salesforce.properties().get("Email"))) {
                    w.outcome = new RecordOutcome(Status.SKIPPED, "no email address");
                } else {
                    w.createInHubSpot = true;
                    w.plan = RecordReconciler.createInHubSpot(mapping, w.salesforce,
                            owners(tenantId, mapping, null, w.salesforce, owners));
                }
            }
            finish(tenantId, objectType, tenant, work.values());
        } catch (CrmUnavailableException e) {
            LOG.warnf("tenant %s: Salesforce %s batch of %d will be retried: %s", tenantId, sObject, ids.size(),
                    e.getMessage());
            settleUnfinished(work.values(), e);
        }
        return outcomesOf(work.values());
    }

    private Optional<ObjectMapping> mappingForSalesforce(String tenantId, String sObject, TenantSettings tenant) {
        return switch (sObject) {
            case "Lead" -> Optional.of(mappings.apply(tenantId, ObjectPair.CONTACT_LEAD));
            case "Contact" -> Optional.of(mappings.apply(tenantId, ObjectPair.CONTACT_CONTACT));
            case "Account" -> tenant.companySync() ? Optional.of(mappings.apply(tenantId, ObjectPair.COMPANY_ACCOUNT))
                    : Optional.empty();
            case "Opportunity" -> tenant.dealSync() ? Optional.of(dealMapping(tenantId, tenant)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private void pairUnlinkedInHubSpot(String tenantId, String objectType, Set<String> properties, List<Work> unpaired) {
        if (!"contact".equals(objectType)) {
            return;
        }
        List<String> emails = unpaired.stream().map(w -> (String) w.salesforce.properties().get("Email"))
                .filter(e -> !blank(e)).distinct().toList();
        if (emails.isEmpty()) {
            return;
        }
        Map<String, CrmRecord> byEmail = hubSpot.readContactsByEmail(tenantId, emails, properties);
        for (Work w : unpaired) {
            String email = (String) w.salesforce.properties().get("Email");
            if (!blank(email) && byEmail.containsKey(email.toLowerCase(Locale.ROOT))) {
                w.hubSpot = byEmail.get(email.toLowerCase(Locale.ROOT));
                w.stampExternalId = true;
                w.link = null;
                w.pairedBy = "paired by email";
            }
        }
    }

    // ------------------------------------------------------------------------------------------ both sides

    /**
     * Batched writes: HubSpot creates (upsert by email) first, so new HubSpot ids can be stamped into
     * Salesforce; then Salesforce creates (upsert by external ID) and updates per object; then HubSpot updates.
     */
    private void write(String tenantId, String objectType, Collection<Work> work) {
        List<Work> active = work.stream().filter(w -> w.outcome == null && w.plan != null).toList();
        List<Work> hubSpotCreates = active.stream().filter(w -> w.createInHubSpot).toList();
        if (!hubSpotCreates.isEmpty()) {
            boolean contacts = "contact".equals(objectType);
            List<WriteResult> results = hubSpot.upsert(tenantId, objectType,
                    contacts ? "email" : HubSpotRecords.SALESFORCE_ID_PROPERTY, hubSpotCreates.stream()
                            .map(w -> new RecordWrite(contacts ? (String) w.salesforce.properties().get("Email")
                                    : w.salesforce.id(), new LinkedHashMap<>(w.plan.hubSpotWrites()))).toList());
            apply(results, hubSpotCreates, (w, id) -> {
                w.hubSpot = new CrmRecord(id, Map.of(), clock.instant());
                w.stampExternalId = true;
            }, "hubspot|" + objectType);
        }
        Map<String, List<Work>> bySObject = new LinkedHashMap<>();
        active.stream().filter(w -> w.outcome == null)
                .forEach(w -> bySObject.computeIfAbsent(w.mapping.salesforceObject(), k -> new ArrayList<>()).add(w));
        for (Map.Entry<String, List<Work>> group : bySObject.entrySet()) {
            String sObject = group.getKey();
            ObjectMapping mapping = group.getValue().get(0).mapping;
            List<Work> creates = group.getValue().stream().filter(w -> w.createInSalesforce).toList();
            if (!creates.isEmpty()) {
                apply(salesforce.upsert(tenantId, sObject, mapping.externalIdField(), creates.stream()
                        .map(w -> new RecordWrite(w.hubSpot.id(), withAccount(w, w.plan.salesforceWrites()))).toList()),
                        creates,
                        (w, id) -> w.salesforce = new CrmRecord(id, Map.of(), clock.instant()), "salesforce|" + sObject);
            }
            List<Work> updates = group.getValue().stream().filter(w -> w.outcome == null && !w.createInSalesforce
                    && (!w.plan.salesforceWrites().isEmpty() || w.stampExternalId || writesAccount(w))).toList();
            if (!updates.isEmpty()) {
                apply(salesforce.update(tenantId, sObject, updates.stream().map(w -> {
                    Map<String, Object> fields = withAccount(w, w.plan.salesforceWrites());
                    if (w.stampExternalId) {
                        // Marks the pairing in Salesforce too, so upserts and CDC events name the HubSpot twin.
                        fields.put(mapping.externalIdField(), w.hubSpot.id());
                    }
                    return new RecordWrite(w.salesforce.id(), fields);
                }).toList()), updates, (w, id) -> { }, "salesforce|" + sObject);
            }
        }
        List<Work> hubSpotUpdates = active.stream().filter(w -> w.outcome == null && !w.createInHubSpot
                && !w.plan.hubSpotWrites().isEmpty()).toList();
        if (!hubSpotUpdates.isEmpty()) {
            apply(hubSpot.update(tenantId, objectType, hubSpotUpdates.stream()
                    .map(w -> new RecordWrite(w.hubSpot.id(), new LinkedHashMap<>(w.plan.hubSpotWrites()))).toList()),
                    hubSpotUpdates, (w, id) -> { }, "hubspot|" + objectType);
        }
        List<Work> associate = active.stream().filter(w -> w.outcome == null && w.account != null
                && w.account.companyForHubSpot().isPresent()).toList();
        if (!associate.isEmpty()) {
            apply(associations.associatePrimary(tenantId, objectType, "company", associate.stream()
                    .map(w -> new HubSpotAssociations.Association(w.hubSpot.id(), w.account.companyForHubSpot().get()))
                    .toList()), associate, (w, id) -> { }, "hubspot|" + objectType + " association");
        }
        record(tenantId, objectType, active);
    }

    private static boolean writesAccount(Work w) {
        return w.account != null && w.account.accountIdForSalesforce().isPresent();
    }

    /** The Salesforce fields to write, with AccountId when the account decision writes it ("" clears it). */
    private static Map<String, Object> withAccount(Work w, Map<String, Object> fields) {
        Map<String, Object> all = new LinkedHashMap<>(fields);
        if (writesAccount(w)) {
            String accountId = w.account.accountIdForSalesforce().get();
            all.put(AccountAssociation.SALESFORCE_FIELD, accountId.isEmpty() ? null : accountId);
        }
        return all;
    }

    /** Matches results to records (same order); a refusal or retry settles the record's outcome. */
    private static void apply(List<WriteResult> results, List<Work> written,
            java.util.function.BiConsumer<Work, String> onWritten, String side) {
        for (int i = 0; i < written.size(); i++) {
            Work w = written.get(i);
            WriteResult result = i < results.size() ? results.get(i) : new WriteResult.Retry(w.key, "no result");
            if (result instanceof WriteResult.Written ok) {
                onWritten.accept(w, ok.id());
            } else if (result instanceof WriteResult.Refused refused) {
                w.refusal = refused;
                w.outcome = new RecordOutcome(Status.REFUSED, side + " " + refused.code() + ": " + refused.message()
                        + " [" + refused.category() + "]");
            } else if (result instanceof WriteResult.Retry retry) {
                w.outcome = new RecordOutcome(Status.RETRY, retry.reason());
            }
        }
    }

    /** Links, audit rows and sync errors for what was decided. */
    private void record(String tenantId, String objectType, List<Work> active) {
        Instant now = clock.instant();
        List<AuditLog.Entry> entries = new ArrayList<>();
        List<SyncErrorLog.SyncError> refused = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        for (Work w : active) {
            String recordKey = "hubspot|" + objectType + "|" + (w.hubSpot == null ? "?" : w.hubSpot.id());
            if (w.outcome != null) {
                if (w.refusal != null) {
                    String key = w.hubSpot != null ? recordKey : "salesforce|" + w.mapping.salesforceObject() + "|" + w.key;
                    refused.add(new SyncErrorLog.SyncError(tenantId, key, w.refusal.category(), w.refusal.code(),
                            w.outcome.detail(), now));
                }
                continue;
            }
            boolean wrote = !w.plan.writesNothing() || w.createInSalesforce || w.createInHubSpot || w.stampExternalId
                    || w.account != null && w.account.writesSomething();
            Map<String, String> fingerprints = new LinkedHashMap<>(w.plan.fingerprints());
            if (w.account != null) {
                fingerprints.put(AccountAssociation.FINGERPRINT_KEY, w.account.fingerprint());
                accountAudit(tenantId, objectType, w, now).ifPresent(entries::add);
            }
            links.save(new Link(tenantId, objectType, w.hubSpot.id(), w.mapping.salesforceObject(), w.salesforce.id(),
                    ValuesHash.of(fingerprints), now, fingerprints));
            if (w.account != null && w.account.awaited().isPresent()) {
                // The record synced, but its account must wait: a sync error users see, and a note to come back.
                waits.await(tenantId, w.account.awaited().get(), recordKey);
                refused.add(new SyncErrorLog.SyncError(tenantId, recordKey, "Associations", "WAITING_FOR_ACCOUNT",
                        AccountAssociation.WAITING + " (" + w.account.awaited().get() + ")", now));
            } else {
                cleared.add(recordKey);
            }
            for (RecordReconciler.FieldDecision d : w.plan.decisions()) {
                if ("already equal".equals(d.decision().reason()) || "not synced".equals(d.decision().reason())) {
                    continue;
                }
                entries.add(new AuditLog.Entry(tenantId, objectType, w.hubSpot.id(), w.mapping.salesforceObject(),
                        w.salesforce.id(), d.field().salesforceField(), d.hubSpotValue(), d.salesforceValue(),
                        d.decision().value(), d.decision().writeTo().map(Enum::name).orElse(""),
                        d.decision().winner().name(), d.decision().rule().name(),
                        (w.pairedBy.isEmpty() ? "" : w.pairedBy + "; ") + d.decision().reason(), now));
            }
            w.outcome = wrote ? new RecordOutcome(Status.SYNCED, w.createInSalesforce ? "created in Salesforce"
                    : w.createInHubSpot ? "created in HubSpot" : "updated") : RecordOutcome.of(Status.UNCHANGED);
        }
        if (!entries.isEmpty()) {
            audit.append(entries);
        }
        if (!refused.isEmpty()) {
            errors.record(refused);
        }
        if (!cleared.isEmpty()) {
            errors.clear(tenantId, cleared);
        }
    }

    /** The audit row of an account decision that wrote or waited. */
    private static Optional<AuditLog.Entry> accountAudit(String tenantId, String objectType, Work w, Instant now) {
        AccountAssociation.Result a = w.account;
        if (!a.writesSomething() && a.awaited().isEmpty()) {
            return Optional.empty();
        }
        String written = a.accountIdForSalesforce().orElse(a.companyForHubSpot().orElse(null));
        return Optional.of(new AuditLog.Entry(tenantId, objectType, w.hubSpot.id(), w.mapping.salesforceObject(),
                w.salesforce.id(), AccountAssociation.SALESFORCE_FIELD, a.hubSpotValue(), a.salesforceValue(), written,
                a.decision().writeTo().map(Enum::name).orElse(""), a.decision().winner().name(),
                a.decision().rule().name(), (w.pairedBy.isEmpty() ? "" : w.pairedBy + "; ") + a.decision().reason(),
                now));
    }

    /** Synced (or found in agreement) with both twins known. */
    private static boolean settled(Work w) {
        return w.outcome != null && (w.outcome.status() == Status.SYNCED || w.outcome.status() == Status.UNCHANGED)
                && w.hubSpot != null && w.salesforce != null;
    }

    /**
     * A deal's contacts ↔ its opportunity's contact roles, after the deals themselves are written (a new
     * opportunity needs its Id first): one association read, one role query, and at most one write per side
     * for the whole batch. A failure here does not undo the deal's sync: it becomes an Associations sync error.
     */
    private void syncContactRoles(String tenantId, Collection<Work> work) {
        List<Work> deals = work.stream().filter(SyncEngine::settled).toList();
        if (deals.isEmpty()) {
            return;
        }
        try {
            Map<String, List<HubSpotAssociations.Associated>> contactsOfDeal = associations.read(tenantId, "deal",
                    "contact", deals.stream().map(w -> w.hubSpot.id()).toList());
            Map<String, List<ContactRoles.Role>> rolesOf = new HashMap<>();
            salesforce.findWhere(tenantId, "OpportunityContactRole", List.of("OpportunityId", "ContactId", "IsPrimary"),
                    "OpportunityId", deals.stream().map(w -> w.salesforce.id()).toList())
                    .forEach(r -> rolesOf.computeIfAbsent(r.properties().get("OpportunityId"), k -> new ArrayList<>())
                            .add(new ContactRoles.Role(r.properties().get("ContactId"),
                                    "true".equalsIgnoreCase(r.properties().get("IsPrimary")))));
            Set<String> hubSpotContacts = new LinkedHashSet<>();
            contactsOfDeal.values().forEach(list -> list.forEach(a -> hubSpotContacts.add(a.toId())));
            Map<String, String> contactOfHubSpot = new HashMap<>();
            Map<String, String> contactOfSalesforce = new HashMap<>();
            Set<String> asLeads = new LinkedHashSet<>();
            if (!hubSpotContacts.isEmpty()) {
                links.findByHubSpotIds(tenantId, "contact", hubSpotContacts).forEach((id, link) -> {
                    if ("Contact".equals(link.salesforceObject())) {
                        contactOfHubSpot.put(id, link.salesforceId());
                        contactOfSalesforce.put(link.salesforceId(), id);
                    } else {
                        asLeads.add(id);
                    }
                });
            }
            List<String> unknownContacts = rolesOf.values().stream().flatMap(List::stream).map(ContactRoles.Role::contactId)
                    .filter(id -> !contactOfSalesforce.containsKey(id)).distinct().toList();
            if (!unknownContacts.isEmpty()) {
                String externalId = ObjectPair.CONTACT_CONTACT.externalIdField();
                salesforce.find(tenantId, "Contact", List.of(externalId), unknownContacts, externalId, List.of(), List.of())
                        .stream().filter(c -> !blank(c.properties().get(externalId)))
                        .forEach(c -> contactOfSalesforce.put(c.id(), c.properties().get(externalId)));
            }
            List<Map<String, Object>> newRoles = new ArrayList<>();
            List<Work> roleOwners = new ArrayList<>();
            List<String> roleNotes = new ArrayList<>();
            List<HubSpotAssociations.Association> newAssociations = new ArrayList<>();
            List<Work> associationOwners = new ArrayList<>();
            List<String> associationNotes = new ArrayList<>();
            for (Work w : deals) {
                ContactRoles.Plan plan = ContactRoles.decide(contactsOfDeal.getOrDefault(w.hubSpot.id(), List.of())
                        .stream().map(HubSpotAssociations.Associated::toId).toList(),
                        rolesOf.getOrDefault(w.salesforce.id(), List.of()), contactOfHubSpot, contactOfSalesforce, asLeads);
                for (int i = 0; i < plan.salesforceContactsToAdd().size(); i++) {
                    newRoles.add(Map.of("OpportunityId", w.salesforce.id(), "ContactId",
                            plan.salesforceContactsToAdd().get(i), "IsPrimary", i == 0 && plan.makeFirstPrimary()));
                    roleOwners.add(w);
                    roleNotes.add("Contact " + plan.salesforceContactsToAdd().get(i)
                            + (i == 0 && plan.makeFirstPrimary() ? " (primary)" : ""));
                }
                plan.hubSpotContactsToAssociate().forEach(c -> {
                    newAssociations.add(new HubSpotAssociations.Association(w.hubSpot.id(), c));
                    associationOwners.add(w);
                    associationNotes.add("contact " + c);
                });
                plan.awaited().forEach(awaited -> waits.await(tenantId, awaited, "hubspot|deal|" + w.hubSpot.id()));
            }
            if (!newRoles.isEmpty()) {
                recordContactRoles(tenantId, "SALESFORCE", roleOwners, roleNotes,
                        salesforce.create(tenantId, "OpportunityContactRole", newRoles));
            }
            if (!newAssociations.isEmpty()) {
                recordContactRoles(tenantId, "HUBSPOT", associationOwners, associationNotes,
                        associations.associatePrimary(tenantId, "deal", "contact", newAssociations));
            }
        } catch (CrmUnavailableException e) {
            // The deals synced; their contact roles come with their next change or the reconciler's pass.
            LOG.warnf("tenant %s: contact roles of %d deals not synced now: %s", tenantId, deals.size(), e.getMessage());
        }
    }

    /** Audit rows for added roles and associations; a refusal becomes the deal's Associations sync error. */
    private void recordContactRoles(String tenantId, String writtenTo, List<Work> owners, List<String> notes,
            List<WriteResult> results) {
        Instant now = clock.instant();
        List<AuditLog.Entry> entries = new ArrayList<>();
        List<SyncErrorLog.SyncError> refused = new ArrayList<>();
        for (int i = 0; i < owners.size() && i < results.size(); i++) {
            Work w = owners.get(i);
            WriteResult result = results.get(i);
            if (result instanceof WriteResult.Written) {
                entries.add(new AuditLog.Entry(tenantId, "deal", w.hubSpot.id(), "Opportunity", w.salesforce.id(),
                        "OpportunityContactRole", null, null, notes.get(i), writtenTo, writtenTo.equals("HUBSPOT")
                                ? "SALESFORCE" : "HUBSPOT", "TWO_WAY",
                        "added on the other side (deal contacts are only ever added, never removed)", now));
            } else if (result instanceof WriteResult.Refused r) {
                refused.add(new SyncErrorLog.SyncError(tenantId, "hubspot|deal|" + w.hubSpot.id(), "Associations",
                        r.code(), "contact role: " + r.message(), now));
            }
        }
        if (!entries.isEmpty()) {
            audit.append(entries);
        }
        if (!refused.isEmpty()) {
            errors.record(refused);
        }
    }

    /**
     * Contacts and deals that waited for these companies or accounts to sync are synced again now that they
     * have twins. Their outcome is not the batch's: one that fails stays waiting (and the reconciler finds it).
     */
    private void releaseWaiting(String tenantId, String objectType, Collection<Work> synced) {
        Map<String, Work> byAwaited = new LinkedHashMap<>();
        for (Work w : synced) {
            if (settled(w)) {
                byAwaited.put("hubspot|" + objectType + "|" + w.hubSpot.id(), w);
                byAwaited.put("salesforce|" + w.mapping.salesforceObject() + "|" + w.salesforce.id(), w);
            }
        }
        if (byAwaited.isEmpty()) {
            return;
        }
        Map<String, Set<String>> waiting = waits.waitingFor(tenantId, byAwaited.keySet());
        Map<String, Set<String>> dependentsByType = new LinkedHashMap<>();
        waiting.values().forEach(dependents -> dependents.forEach(d -> {
            String[] parts = d.split("\\|", 3);
            if (parts.length == 3 && "hubspot".equals(parts[0])) {
                dependentsByType.computeIfAbsent(parts[1], k -> new LinkedHashSet<>()).add(parts[2]);
            }
        }));
        Set<String> done = new LinkedHashSet<>();
        dependentsByType.forEach((type, ids) -> fromHubSpot(tenantId, type, ids).forEach((id, outcome) -> {
            if (outcome.status() != Status.RETRY) {
                done.add("hubspot|" + type + "|" + id);
            }
        }));
        waiting.forEach((awaited, dependents) -> {
            List<String> released = dependents.stream().filter(done::contains).toList();
            if (!released.isEmpty()) {
                waits.release(tenantId, awaited, released);
            }
        });
        if (!done.isEmpty()) {
            LOG.infof("tenant %s: %d records that waited for their other end synced again", tenantId, done.size());
        }
    }

    private static String email(CrmRecord hubSpot) {
        String email = hubSpot == null ? null : hubSpot.properties().get("email");
        return blank(email) ? null : email.strip();
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank() || "null".equals(value.toString());
    }
}
