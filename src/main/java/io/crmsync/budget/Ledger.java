package io.crmsync.budget;

import java.time.Instant;
import java.util.Optional;

/**
 * The port to the shared count of API calls per tenant and CRM. Calls are reserved before they are made, so
 * concurrent workers together never take more than the tenant's allocation; what a call costs is
 * {@link Weights}' business, the caller reserves the total. What it counted is read back for the health page
 * through {@link UsageHistory}.
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
}
