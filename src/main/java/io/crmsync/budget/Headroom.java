package io.crmsync.budget;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The arithmetic of "what is left": the allocation minus the ledger's count, tightened by what the CRM's own
 * header says about the org. A header can only tighten: it lowers what is left, never raises it above the
 * allocation.
 */
public final class Headroom {

    /** With no allocation set, automatic retries stop after this many calls in 24 h (facts §12). */
    public static final long RETRY_CUTOFF_WITHOUT_ALLOCATION = 5_000;

    private Headroom() {
    }

    /** min(allocation − ledgerUsed, orgLimit − orgUsed), never below 0. */
    public static long effectiveRemaining(long allocation, long ledgerUsed, long orgLimit, long orgUsed) {
        return Math.max(0, Math.min(allocation - ledgerUsed, orgLimit - orgUsed));
    }

    /**
     * What is left for crmsync; empty means unlimited (no allocation set and no header observed in this bucket).
     *
     * @param allocatedCalls the allocation, resolved to calls ({@link Allocation#callsPerDay(OptionalLong)})
     * @param observation    the tightest header observation of the current bucket, if any
     */
    public static OptionalLong remaining(OptionalLong allocatedCalls, long ledgerUsed,
            Optional<OrgObservation> observation) {
        return remaining(allocatedCalls, ledgerUsed, ledgerUsed, observation);
    }

    /**
     * As {@link #remaining(OptionalLong, long, Optional)} for a tenant that shares its org with others: the
     * allocation is charged with the tenant's own calls, the org's room with every tenant's on the org.
     *
     * @param orgLedgerUsed the calls every tenant on the org counted in the window (the tenant's own included)
     */
    public static OptionalLong remaining(OptionalLong allocatedCalls, long ledgerUsed, long orgLedgerUsed,
            Optional<OrgObservation> observation) {
        OptionalLong own = allocatedCalls.isPresent()
                ? OptionalLong.of(Math.max(0, allocatedCalls.getAsLong() - ledgerUsed)) : OptionalLong.empty();
        if (observation.isEmpty()) {
            return own;
        }
        long org = observation.get().orgRemaining(orgLedgerUsed);
        return OptionalLong.of(own.isPresent() ? Math.min(own.getAsLong(), org) : org);
    }

    /**
     * Whether activity sync may run: the first thing paused as the window fills, at 60% — before automatic retries
     * (75%) and live record sync (100%), since an activity arriving later loses less than a record out of date.
     * Without an allocation it follows the org itself, when a header said how full the org is.
     */
    public static boolean activitiesAllowed(long used, OptionalLong allocatedCalls,
            Optional<OrgObservation> observation) {
        if (allocatedCalls.isPresent() && used * 5 >= allocatedCalls.getAsLong() * 3) {
            return false;
        }
        return observation.map(o -> o.orgUsed() * 5 < o.orgLimit() * 3).orElse(true);
    }

    /**
     * Whether errored records may still be retried automatically: below 75% of the allocation, or below 5,000
     * calls in the window when none is set, as HubSpot's connector does (facts §12).
     */
    public static boolean retriesAllowed(long used, OptionalLong allocatedCalls) {
        if (allocatedCalls.isEmpty()) {
            return used < RETRY_CUTOFF_WITHOUT_ALLOCATION;
        }
        // used < 0.75 × allocation, in integers so 75% of 100 is exactly 75.
        return used * 4 < allocatedCalls.getAsLong() * 3;
    }
}
