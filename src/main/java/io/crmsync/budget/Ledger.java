package io.crmsync.budget;

import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The port to the shared count of API calls per tenant and CRM. Calls are reserved before they are made, so
 * concurrent workers together never take more than the tenant's allocation; what a call costs is
 * {@link Weights}' business, the caller reserves the total.
 */
public interface Ledger {

    /**
     * Counts {@code calls} against the window at {@code now} if they fit the allocation (tightened by the last
     * header observation); atomic, so concurrent reservers never overshoot. Denied reservations count nothing.
     *
     * @throws IllegalStateException when the allocation is a share of an org limit that was never observed
     */
    Reservation reserve(String tenantId, Crm crm, int calls, Instant now);

    /**
     * A limit header's view of the whole org ({@link SforceLimitInfo}, {@link HubSpotRateLimitHeaders}). It
     * only tightens: of the observations in one bucket the tightest is kept, and none raises the room above the
     * allocation. The limit is also remembered to resolve an allocation set as a share.
     */
    void observe(String tenantId, Crm crm, long orgUsed, long orgLimit, Instant now);

    Usage usage(String tenantId, Crm crm, Instant now);

    /** Replaces the tenant's allocation for {@code allocation.crm()}; counts and observations are kept. */
    void setAllocation(String tenantId, Allocation allocation);

    Optional<Allocation> allocation(String tenantId, Crm crm);

    // ---- read side, for the health page -----------------------------------------------------------------

    /**
     * The calls counted in each UTC hour that begins in [{@code from} truncated to the hour, {@code to}), oldest
     * first, every hour present (zeros included). Only as far back as the ledger keeps buckets (two days).
     *
     * @throws IllegalArgumentException for a range longer than {@link #MAX_HOURS_PER_READ} hours
     */
    SortedMap<Instant, Long> callsPerHour(String tenantId, Crm crm, Instant from, Instant to);

    /** A week: the buckets themselves expire after two days, so longer reads would only add zeros. */
    int MAX_HOURS_PER_READ = 7 * 24;

    /**
     * The latest limit header (or limits resource) observation of the org, whatever bucket it was made in: what
     * the health page shows as the org's limit ("Limited by Salesforce", HubSpot's daily limit).
     */
    Optional<OrgObservation> lastObservation(String tenantId, Crm crm);
}
