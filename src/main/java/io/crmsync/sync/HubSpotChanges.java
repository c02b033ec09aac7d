package io.crmsync.sync;

import static io.crmsync.sync.Blank.blank;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.pair.PairBehaviour;
import io.crmsync.tenant.TenantSettings;

/**
 * The first half of syncing changed HubSpot records: read them, find each one's Salesforce twin — by link, then by
 * external ID, then (for pairs that pair so) by email — and plan each record's sync. Kept apart from the writes so
 * that what a record is paired with can be read on its own; the pair's behaviour says what differs per object.
 */
final class HubSpotChanges {

    private static final Logger LOG = Logger.getLogger(HubSpotChanges.class);

    /** The sync-error card a missing inclusion list is shown under: the tenant's settings need fixing. */
    static final String INCLUSION_LIST_CATEGORY = "Settings";
    static final String INCLUSION_LIST_MISSING = "INCLUSION_LIST_MISSING";

    private final HubSpotRecords hubSpot;
    private final SalesforceRecords salesforce;
    private final LinkStore links;
    private final InclusionList inclusionList;
    private final OwnerDirectory owners;
    private final SyncErrorLog errors;
    private final Clock clock;

    HubSpotChanges(HubSpotRecords hubSpot, SalesforceRecords salesforce, LinkStore links, InclusionList inclusionList,
            OwnerDirectory owners, SyncErrorLog errors, Clock clock) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.links = links;
        this.inclusionList = inclusionList;
        this.owners = owners;
        this.errors = errors;
        this.clock = clock;
    }

    /** Reads, pairs and plans; records that do not sync get their outcome here. */
    void plan(String tenantId, PairBehaviour pair, TenantSettings tenant, List<ObjectMapping> candidates,
            Collection<String> ids, Map<String, RecordWork> work) {
        Map<String, CrmRecord> current = hubSpot.read(tenantId, pair.hubSpotObject(), ids,
                pair.hubSpotPropertiesToRead(candidates));
        Map<String, Link> known = links.findByHubSpotIds(tenantId, pair.hubSpotObject(), ids);
        for (RecordWork w : work.values()) {
            w.hubSpot = current.get(w.key);
            w.link = known.get(w.key);
            if (w.hubSpot == null) {
                w.outcome = RecordOutcome.of(Status.NOT_FOUND);
            } else {
                pair.hubSpotSkip(tenant, w.hubSpot).ifPresent(reason -> w.outcome = new RecordOutcome(Status.SKIPPED,
                        reason));
            }
        }
        pair.inclusionList(tenant).ifPresent(listId -> keepInclusionListMembers(tenantId, listId, work.values()));
        readLinkedSalesforce(tenantId, pair, candidates, work.values());
        pairUnlinkedInSalesforce(tenantId, pair, candidates, work.values());
        planEach(tenantId, pair, tenant, candidates, work.values());
    }

    private void keepInclusionListMembers(String tenantId, String listId, Collection<RecordWork> work) {
        List<String> found = work.stream().filter(RecordWork::open).map(w -> w.key).toList();
        if (found.isEmpty()) {
            return;
        }
        Set<String> members;
        try {
            members = inclusionList.membersAmong(tenantId, listId, found);
        } catch (InclusionListMissingException e) {
            // Syncing everyone would break the user's filter; syncing no one silently would hide it. So nothing is
            // written, and each contact gets a sync error the health page shows (with its Resync button). The
            // notices are acknowledged, not retried: a deleted list does not come back by itself, and retries
            // would only spend receives until the dead-letter queue. Once the list or the setting is fixed, the
            // reconciler's retry of errored records (every 30 minutes), the error card's Resync or the contacts'
            // next change syncs them, and that clears the errors.
            LOG.errorf("tenant %s: inclusion list %s cannot be used (%s); its contacts are held back until it is "
                    + "fixed", tenantId, listId, e.getMessage());
            String reason = "inclusion list " + listId + " cannot be used: " + e.getMessage();
            Instant now = clock.instant();
            List<RecordWork> heldBack = work.stream().filter(RecordWork::open).toList();
            heldBack.forEach(w -> w.outcome = new RecordOutcome(Status.SKIPPED, reason));
            errors.record(heldBack.stream().map(w -> new SyncErrorLog.SyncError(tenantId,
                    "hubspot|contact|" + w.key, INCLUSION_LIST_CATEGORY, INCLUSION_LIST_MISSING, reason, now))
                    .toList());
            return;
        }
        work.stream().filter(w -> w.open() && !members.contains(w.key)).forEach(w -> w.outcome =
                new RecordOutcome(Status.SKIPPED, "not in inclusion list " + listId));
    }

    private void readLinkedSalesforce(String tenantId, PairBehaviour pair, List<ObjectMapping> candidates,
            Collection<RecordWork> work) {
        for (ObjectMapping mapping : candidates) {
            List<String> ids = work.stream().filter(w -> w.open() && w.link != null
                    && mapping.salesforceObject().equals(w.link.salesforceObject()) && w.link.salesforceId() != null)
                    .map(w -> w.link.salesforceId()).toList();
            if (ids.isEmpty()) {
                continue;
            }
            Map<String, CrmRecord> byId = new HashMap<>();
            salesforce.find(tenantId, mapping.salesforceObject(), pair.salesforceFieldsToRead(mapping), ids,
                    mapping.salesforceIdField(), List.of(), List.of()).forEach(r -> byId.put(r.id(), r));
            for (RecordWork w : work) {
                if (w.open() && w.link != null && mapping.salesforceObject().equals(w.link.salesforceObject())) {
                    w.salesforce = byId.get(w.link.salesforceId());
                    w.mapping = mapping;
                    Optional<String> handedOver = w.salesforce == null ? Optional.empty()
                            : pair.handedOver(w.salesforce);
                    if (handedOver.isPresent()) {
                        w.salesforce = null;
                        w.pairedBy = handedOver.get();
                    }
                }
            }
        }
    }

    /**
     * Records without a live twin are paired by external ID (crmsync created the twin), then — for pairs that pair
     * by email — by email; with several matches the most recently modified wins, as in HubSpot's connector.
     */
    private void pairUnlinkedInSalesforce(String tenantId, PairBehaviour pair, List<ObjectMapping> candidates,
            Collection<RecordWork> work) {
        List<RecordWork> unpaired = work.stream().filter(w -> w.open() && w.salesforce == null).toList();
        if (unpaired.isEmpty()) {
            return;
        }
        List<String> hubSpotIds = unpaired.stream().map(w -> w.key).toList();
        List<String> emails = unpaired.stream().flatMap(w -> pair.hubSpotEmail(w.hubSpot).stream()).distinct()
                .toList();
        for (ObjectMapping mapping : candidates) {
            List<CrmRecord> found = salesforce.find(tenantId, mapping.salesforceObject(),
                    pair.salesforceFieldsToRead(mapping), List.of(), mapping.salesforceIdField(), hubSpotIds, emails)
                    .stream().filter(r -> pair.handedOver(r).isEmpty()).toList();
            for (RecordWork w : unpaired) {
                if (w.salesforce != null) {
                    continue;
                }
                Optional<CrmRecord> byExternalId = found.stream()
                        .filter(r -> w.key.equals(r.properties().get(mapping.salesforceIdField()))).findFirst();
                Optional<String> email = pair.hubSpotEmail(w.hubSpot);
                List<CrmRecord> byEmail = email.isEmpty() ? List.of() : found.stream()
                        .filter(r -> pair.salesforceEmail(r).map(email.get()::equalsIgnoreCase).orElse(false))
                        .filter(r -> blank(r.properties().get(mapping.salesforceIdField()))).toList();
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

    /** A paired record is reconciled with its twin; an unpaired one is created in Salesforce when it may be. */
    private void planEach(String tenantId, PairBehaviour pair, TenantSettings tenant, List<ObjectMapping> candidates,
            Collection<RecordWork> work) {
        BatchOwners batchOwners = new BatchOwners(owners);
        for (RecordWork w : work) {
            if (!w.open()) {
                continue;
            }
            if (w.salesforce != null) {
                w.plan = RecordReconciler.reconcile(w.mapping, w.hubSpot, w.salesforce, w.linkForPlan(),
                        tenant.tieBreak(), batchOwners.of(tenantId, w.mapping, w.hubSpot, w.salesforce));
                continue;
            }
            Optional<String> notCreated = pair.noSalesforceCreate(w.hubSpot);
            if (notCreated.isPresent()) {
                w.outcome = new RecordOutcome(Status.SKIPPED, notCreated.get());
                continue;
            }
            w.mapping = pair.mappingForCreate(candidates, tenant);
            w.createInSalesforce = true;
            w.plan = RecordReconciler.createInSalesforce(w.mapping, w.hubSpot,
                    batchOwners.of(tenantId, w.mapping, w.hubSpot, null));
        }
    }
}
