package io.crmsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.tenant.TenantSettings;

/**
 * Deletions on either side: what happens to the twin is {@link DeletePolicy}'s decision, the link is forgotten
 * with an audit row, and archived records' sync errors are cleared. Its own collaborator because deletes share
 * nothing with the read-pair-plan-write path of changes: no mapping, no plan, only links.
 */
final class DeleteSync {

    private static final Logger LOG = Logger.getLogger(DeleteSync.class);

    /** The audit rows' field for a whole record's deletion. */
    static final String DELETED_FIELD = "(record deleted)";

    private final HubSpotRecords hubSpot;
    private final SalesforceRecords salesforce;
    private final LinkStore links;
    private final AuditLog audit;
    private final SyncErrorLog errors;
    private final Function<String, TenantSettings> settings;
    private final Clock clock;

    DeleteSync(HubSpotRecords hubSpot, SalesforceRecords salesforce, LinkStore links, AuditLog audit,
            SyncErrorLog errors, Function<String, TenantSettings> settings, Clock clock) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.links = links;
        this.audit = audit;
        this.errors = errors;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Salesforce records deleted (a CDC DELETE, or the reconciler's getDeleted): each linked one's HubSpot twin is
     * archived or kept as {@link DeletePolicy} decides, and the link is forgotten either way. One Salesforce query
     * tells records restored since (left alone); HubSpot archives 100 per call. A repeat finds no link, so it
     * writes nothing; a retry after a failure archives again, which HubSpot takes as done.
     */
    Map<String, RecordOutcome> deletedInSalesforce(String tenantId, String sObject, Collection<String> ids) {
        TenantSettings tenant = settings.apply(tenantId);
        Map<String, RecordOutcome> outcomes = new HashMap<>();
        Optional<ObjectPair> pair = Arrays.stream(ObjectPair.values())
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
            Set<String> live = new HashSet<>();
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
    Map<String, RecordOutcome> deletedInHubSpot(String tenantId, String objectType, Collection<String> ids) {
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
}
