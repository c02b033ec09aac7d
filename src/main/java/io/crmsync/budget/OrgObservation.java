package io.crmsync.budget;

import java.time.Instant;
import java.util.Objects;

/**
 * What a CRM's limit header said about the whole org (every integration, not only crmsync), kept by the ledger
 * to tighten its own count.
 *
 * <p>The header is a snapshot: calls crmsync made after it are not in {@code orgUsed} yet. So the observation
 * remembers the ledger's count at the time ({@code ledgerUsedAt}) and charges every call counted since against
 * the org's room too. It applies only within the bucket it was made in: the org's usage may fall when the window
 * moves on, and a stale header must not keep the tenant paused when no call is made to bring a fresh one.
 *
 * @param bucket the ledger bucket current when it was observed
 */
public record OrgObservation(long orgUsed, long orgLimit, long ledgerUsedAt, Instant observedAt, String bucket) {

    public OrgObservation {
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(bucket, "bucket");
        if (orgUsed < 0 || orgLimit < 0 || ledgerUsedAt < 0) {
            throw new IllegalArgumentException("Counts cannot be negative: used " + orgUsed + ", limit " + orgLimit
                    + ", ledger " + ledgerUsedAt);
        }
    }

    /** The ledger count at which the org is out of calls; of two observations the lower is the tighter. */
    public long ledgerCeiling() {
        return orgLimit - orgUsed + ledgerUsedAt;
    }

    /** The org's calls left, given the ledger's count now. */
    public long orgRemaining(long ledgerUsedNow) {
        return Math.max(0, ledgerCeiling() - ledgerUsedNow);
    }

    public boolean appliesIn(String currentBucket) {
        return bucket.equals(currentBucket);
    }
}
