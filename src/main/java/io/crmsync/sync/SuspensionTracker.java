package io.crmsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a group's outcomes into the tenant's suspension state: an org-wide refusal suspends the tenant (with
 * HubSpot's reason name); a group the CRMs answered again clears it. Clearing is a conditional write, so this
 * instance does it right after a suspension it saw, and otherwise at most once per {@code recheck} per tenant —
 * a suspension set by another instance is cleared within that time without a write per batch.
 */
public final class SuspensionTracker {

    private final TenantSuspensions store;
    private final Clock clock;
    private final Duration recheck;
    private final Map<String, Instant> lastCleared = new ConcurrentHashMap<>();

    public SuspensionTracker(TenantSuspensions store, Clock clock, Duration recheck) {
        this.store = store;
        this.clock = clock;
        this.recheck = recheck;
    }

    public void note(String tenantId, Collection<RecordOutcome> outcomes) {
        Instant now = clock.instant();
        Optional<String> suspension = outcomes.stream().map(RecordOutcome::suspension).filter(r -> r != null)
                .findFirst();
        if (suspension.isPresent()) {
            store.suspend(tenantId, suspension.get(), now);
            lastCleared.remove(tenantId);
            return;
        }
        boolean answered = outcomes.stream().anyMatch(o -> o.status() != RecordOutcome.Status.RETRY
                && o.status() != RecordOutcome.Status.DEFERRED);
        Instant last = lastCleared.get(tenantId);
        if (answered && (last == null || !now.isBefore(last.plus(recheck)))) {
            store.clear(tenantId);
            lastCleared.put(tenantId, now);
        }
    }
}
