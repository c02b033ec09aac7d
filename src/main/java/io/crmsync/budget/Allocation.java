package io.crmsync.budget;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The share of a CRM's API calls the user gives crmsync: a fixed number of calls per day, or a share (0–1] of
 * the org's own daily limit (Salesforce {@code DailyApiRequests.Max} from the limits resource; HubSpot's
 * {@code X-HubSpot-RateLimit-Daily}). Exactly one of the two is set.
 *
 * @param windowZone the zone the CRM's day is counted in: the HubSpot account's time zone (its daily limit
 *                   resets at local midnight); irrelevant for Salesforce, whose window is a rolling 24 hours
 */
public record Allocation(Crm crm, OptionalLong callsPerDay, OptionalDouble shareOfOrgLimit, ZoneId windowZone) {

    public Allocation {
        Objects.requireNonNull(crm, "crm");
        Objects.requireNonNull(callsPerDay, "callsPerDay");
        Objects.requireNonNull(shareOfOrgLimit, "shareOfOrgLimit");
        Objects.requireNonNull(windowZone, "windowZone");
        if (callsPerDay.isPresent() == shareOfOrgLimit.isPresent()) {
            throw new IllegalArgumentException("An allocation is either calls per day or a share of the org's limit,"
                    + " not " + (callsPerDay.isPresent() ? "both" : "neither"));
        }
        if (callsPerDay.isPresent() && callsPerDay.getAsLong() < 0) {
            throw new IllegalArgumentException("Calls per day cannot be negative: " + callsPerDay.getAsLong());
        }
        if (shareOfOrgLimit.isPresent()) {
            double share = shareOfOrgLimit.getAsDouble();
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException(
                        "The share of the org's limit must be more than 0 and at most 1 (100%): " + share);
            }
        }
    }

    /** An allocation counted in UTC days (Salesforce, or a HubSpot account whose zone is not known yet). */
    public Allocation(Crm crm, OptionalLong callsPerDay, OptionalDouble shareOfOrgLimit) {
        this(crm, callsPerDay, shareOfOrgLimit, ZoneOffset.UTC);
    }

    public static Allocation callsPerDay(Crm crm, long calls) {
        return new Allocation(crm, OptionalLong.of(calls), OptionalDouble.empty());
    }

    public static Allocation shareOfOrgLimit(Crm crm, double share) {
        return new Allocation(crm, OptionalLong.empty(), OptionalDouble.of(share));
    }

    public Allocation inZone(ZoneId zone) {
        return new Allocation(crm, callsPerDay, shareOfOrgLimit, zone);
    }

    /**
     * The calls per day this allocation grants. A share is rounded down, so it never grants more than its share.
     *
     * @param orgLimit the org's daily limit, when known
     * @throws IllegalStateException for a share while the org's limit is not known yet
     */
    public long callsPerDay(OptionalLong orgLimit) {
        if (callsPerDay.isPresent()) {
            return callsPerDay.getAsLong();
        }
        if (orgLimit.isEmpty()) {
            throw new IllegalStateException("The " + crm.key() + " allocation is " + shareOfOrgLimit.getAsDouble()
                    + " of the org's daily limit, which is not known yet: read the limits resource"
                    + " (DailyApiRequests.Max) or a response's limit header and observe it first");
        }
        return (long) Math.floor(shareOfOrgLimit.getAsDouble() * orgLimit.getAsLong());
    }
}
