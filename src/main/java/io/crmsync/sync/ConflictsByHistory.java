package io.crmsync.sync;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.crmsync.tenant.TenantSettings;

/**
 * A field changed on both sides since the last sync is first judged by the records' last-modified times; a
 * HubSpot record may have changed after that field did, so the records in conflict are read once more with the
 * conflicting properties' history and decided by when each property changed. Conflicts are rare, so this costs
 * nothing in the usual batch and one read per 100 conflicting records otherwise. (Salesforce's side keeps the
 * record's LastModifiedDate: field history is an org option crmsync cannot count on.) Its own step because it
 * re-plans records both directions planned.
 */
final class ConflictsByHistory {

    private final HubSpotRecords hubSpot;
    private final OwnerDirectory owners;

    ConflictsByHistory(HubSpotRecords hubSpot, OwnerDirectory owners) {
        this.hubSpot = hubSpot;
        this.owners = owners;
    }

    void settle(String tenantId, String objectType, TenantSettings tenant, Collection<RecordWork> work) {
        Map<String, Set<String>> conflicting = new LinkedHashMap<>();
        for (RecordWork w : work) {
            if (!w.open() || w.plan == null || w.createInSalesforce || w.createInHubSpot || w.hubSpot == null) {
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
        BatchOwners batchOwners = new BatchOwners(owners);
        work.stream().filter(w -> conflicting.containsKey(w.hubSpot == null ? "" : w.hubSpot.id()))
                .forEach(w -> properties.addAll(w.hubSpot.properties().keySet()));
        Map<String, CrmRecord> histories = hubSpot.readWithHistory(tenantId, objectType, conflicting.keySet(),
                properties, withHistory);
        for (RecordWork w : work) {
            CrmRecord withTimes = w.hubSpot == null ? null : histories.get(w.hubSpot.id());
            if (withTimes == null || !conflicting.containsKey(w.hubSpot.id()) || w.plan == null || !w.open()) {
                continue;
            }
            w.hubSpot = withTimes;
            w.plan = RecordReconciler.reconcile(w.mapping, w.hubSpot, w.salesforce, w.linkForPlan(),
                    tenant.tieBreak(), batchOwners.of(tenantId, w.mapping, w.hubSpot, w.salesforce));
        }
    }
}
