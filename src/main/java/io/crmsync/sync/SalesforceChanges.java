package io.crmsync.sync;

import static io.crmsync.sync.Blank.blank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.pair.PairBehaviour;
import io.crmsync.tenant.TenantSettings;

/**
 * The first half of syncing changed Salesforce records: read them, find each one's HubSpot twin — by link, then by
 * the external ID the record carries, then (for pairs that pair so) by email — and plan each record's sync. The
 * mirror of {@link HubSpotChanges}; the pair's behaviour says what differs per object.
 */
final class SalesforceChanges {

    private final HubSpotRecords hubSpot;
    private final SalesforceRecords salesforce;
    private final LinkStore links;
    private final OwnerDirectory owners;

    SalesforceChanges(HubSpotRecords hubSpot, SalesforceRecords salesforce, LinkStore links, OwnerDirectory owners) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.links = links;
        this.owners = owners;
    }

    /** Reads, pairs and plans; records that do not sync get their outcome here. */
    void plan(String tenantId, String sObject, PairBehaviour pair, ObjectMapping mapping, TenantSettings tenant,
            Collection<String> ids, Map<String, RecordWork> work) {
        BatchOwners batchOwners = new BatchOwners(owners);
        Map<String, CrmRecord> current = new HashMap<>();
        salesforce.find(tenantId, sObject, pair.salesforceFieldsToRead(mapping), ids, mapping.salesforceIdField(),
                List.of(), List.of()).forEach(r -> current.put(r.id(), r));
        Map<String, String> hubSpotIds = new LinkedHashMap<>();
        Map<String, Link> byStamp = linksByStamp(tenantId, pair, mapping, current.values());
        for (RecordWork w : work.values()) {
            w.salesforce = current.get(w.key);
            w.mapping = mapping;
            if (w.salesforce == null) {
                w.outcome = RecordOutcome.of(Status.NOT_FOUND);
                continue;
            }
            Optional<String> skipped = pair.salesforceSkip(tenant, w.salesforce);
            if (skipped.isPresent()) {
                w.outcome = new RecordOutcome(Status.SKIPPED, skipped.get());
                continue;
            }
            String stamp = w.salesforce.properties().get(mapping.salesforceIdField());
            Link stamped = blank(stamp) ? null : byStamp.get(stamp);
            w.link = stamped != null && sObject.equals(stamped.salesforceObject()) && w.key.equals(stamped.salesforceId())
                    ? stamped : links.findBySalesforceId(tenantId, sObject, w.key).orElse(null);
            String hubSpotId = w.link != null ? w.link.hubSpotId()
                    : w.salesforce.properties().get(mapping.salesforceIdField());
            if (!blank(hubSpotId)) {
                hubSpotIds.put(w.key, hubSpotId);
            }
        }
        Set<String> properties = pair.twinPropertiesToRead(mapping);
        Map<String, CrmRecord> twins = hubSpotIds.isEmpty() ? Map.of()
                : hubSpot.read(tenantId, pair.hubSpotObject(), hubSpotIds.values(), properties);
        List<RecordWork> unpaired = new ArrayList<>();
        for (RecordWork w : work.values()) {
            if (!w.open()) {
                continue;
            }
            w.hubSpot = Optional.ofNullable(hubSpotIds.get(w.key)).map(twins::get).orElse(null);
            if (w.hubSpot == null) {
                unpaired.add(w);
            } else if (w.link == null) {
                w.pairedBy = "paired by external ID";
            }
        }
        pairUnlinkedInHubSpot(tenantId, pair, properties, unpaired);
        for (RecordWork w : work.values()) {
            if (!w.open()) {
                continue;
            }
            if (w.hubSpot != null) {
                w.plan = RecordReconciler.reconcile(mapping, w.hubSpot, w.salesforce, w.linkForPlan(),
                        tenant.tieBreak(), batchOwners.of(tenantId, mapping, w.hubSpot, w.salesforce));
                continue;
            }
            // A new Account or Opportunity becomes a company or deal (HubSpot: company sync and deal sync create
            // records); for leads and contacts the tenant's setting and an email decide.
            Optional<String> notCreated = pair.noHubSpotCreate(tenant, w.salesforce);
            if (notCreated.isPresent()) {
                w.outcome = new RecordOutcome(Status.SKIPPED, notCreated.get());
            } else {
                w.createInHubSpot = true;
                w.plan = RecordReconciler.createInHubSpot(mapping, w.salesforce,
                        batchOwners.of(tenantId, mapping, null, w.salesforce));
            }
        }
    }

    /**
     * The links of the records that carry their HubSpot twin's id (crmsync stamps it when it pairs them): one
     * consistent batch read per 100 records, where looking each record up by its Salesforce id is one index query
     * per record. A record without the stamp, or whose stamp names a link to another record, is looked up by id.
     */
    private Map<String, Link> linksByStamp(String tenantId, PairBehaviour pair, ObjectMapping mapping,
            Collection<CrmRecord> records) {
        List<String> stamps = records.stream().map(r -> r.properties().get(mapping.salesforceIdField()))
                .filter(id -> !blank(id)).distinct().toList();
        return stamps.isEmpty() ? Map.of() : links.findByHubSpotIds(tenantId, pair.hubSpotObject(), stamps);
    }

    private void pairUnlinkedInHubSpot(String tenantId, PairBehaviour pair, Set<String> properties,
            List<RecordWork> unpaired) {
        List<String> emails = unpaired.stream().flatMap(w -> pair.salesforceEmail(w.salesforce).stream()).distinct()
                .toList();
        if (emails.isEmpty()) {
            return;
        }
        Map<String, CrmRecord> byEmail = hubSpot.readContactsByEmail(tenantId, emails, properties);
        for (RecordWork w : unpaired) {
            Optional<String> email = pair.salesforceEmail(w.salesforce);
            if (email.isPresent() && byEmail.containsKey(email.get().toLowerCase(Locale.ROOT))) {
                w.hubSpot = byEmail.get(email.get().toLowerCase(Locale.ROOT));
                w.stampExternalId = true;
                w.link = null;
                w.pairedBy = "paired by email";
            }
        }
    }
}
