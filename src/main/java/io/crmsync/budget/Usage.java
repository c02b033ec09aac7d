package io.crmsync.budget;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A tenant's use of one CRM's calls at an instant, for the health page and the retry and reconcile decisions.
 *
 * @param used           calls counted in the window
 * @param allocation     what the user set, if anything
 * @param allocatedCalls the allocation in calls; empty when none is set or it is a share of a limit not yet known
 * @param remaining      what is left after header tightening; empty means unlimited
 * @param usedByBucket   calls per bucket of the window, oldest first (every bucket of the window, zeros included)
 * @param observation    the header observation that tightens the current bucket, if any
 */
public record Usage(Crm crm, Instant at, long used, Optional<Allocation> allocation, OptionalLong allocatedCalls,
        OptionalLong remaining, SortedMap<String, Long> usedByBucket, Optional<OrgObservation> observation) {

    public Usage {
        Objects.requireNonNull(crm, "crm");
        Objects.requireNonNull(at, "at");
        usedByBucket = Collections.unmodifiableSortedMap(new TreeMap<>(usedByBucket));
    }

    /** The 60% rule: may activities still sync? ({@link Headroom#activitiesAllowed}) */
    public boolean activitiesAllowed() {
        return Headroom.activitiesAllowed(used, allocatedCalls, observation);
    }

    /** The 75% rule (facts §12): may errored records still be retried automatically? */
    public boolean retriesAllowed() {
        return Headroom.retriesAllowed(used, allocatedCalls);
    }
}
