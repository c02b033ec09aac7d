package io.crmsync.sync;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Contacts and deals that waited for these companies, accounts or contacts to sync are synced again now that
 * those have twins. Their outcome is not the batch's: one that is retried or deferred stays waiting (and the
 * reconciler finds it).
 * Its own step because it re-enters the engine for other records than the batch's.
 */
final class WaitingRelease {

    private static final Logger LOG = Logger.getLogger(WaitingRelease.class);

    /** Syncs changed HubSpot records again: the engine's {@code fromHubSpot}. */
    @FunctionalInterface
    interface Resync {
        Map<String, RecordOutcome> fromHubSpot(String tenantId, String objectType, Collection<String> ids);
    }

    private final AssociationWaits waits;
    private final Resync resync;

    WaitingRelease(AssociationWaits waits, Resync resync) {
        this.waits = waits;
        this.resync = resync;
    }

    void release(String tenantId, String objectType, Collection<RecordWork> synced) {
        Map<String, RecordWork> byAwaited = new LinkedHashMap<>();
        for (RecordWork w : synced) {
            if (w.settled()) {
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
        dependentsByType.forEach((type, ids) -> resync.fromHubSpot(tenantId, type, ids).forEach((id, outcome) -> {
            // Retried or deferred: not synced yet, so it keeps waiting (its WAITING_FOR_ACCOUNT error stays open
            // and the reconciler's errored-records retry brings it back). Any other outcome is final for it.
            if (!outcome.comesBack()) {
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
}
