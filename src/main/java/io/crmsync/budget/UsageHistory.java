package io.crmsync.budget;

import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The port to what the API-call ledger has counted, read back for the sync health page: calls per hour and the
 * org's limit as last observed. Apart from {@link Ledger} because only the health page reads it, and nothing
 * that reserves calls needs it.
 */
public interface UsageHistory {

    /** A week: the buckets themselves expire after two days, so longer reads would only add zeros. */
    int MAX_HOURS_PER_READ = 7 * 24;

    /**
     * The calls counted in each UTC hour that begins in [{@code from} truncated to the hour, {@code to}), oldest
     * first, every hour present (zeros included). Only as far back as the ledger keeps buckets (two days).
     *
     * @throws IllegalArgumentException for a range longer than {@link #MAX_HOURS_PER_READ} hours
     */
    SortedMap<Instant, Long> callsPerHour(String tenantId, Crm crm, Instant from, Instant to);

    /**
     * The latest limit header (or limits resource) observation of the org, whatever bucket it was made in: what
     * the health page shows as the org's limit ("Limited by Salesforce", HubSpot's daily limit).
     */
    Optional<OrgObservation> lastObservation(String tenantId, Crm crm);
}
