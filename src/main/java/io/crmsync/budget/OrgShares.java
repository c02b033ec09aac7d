package io.crmsync.budget;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Salesforce org's daily limit shared out among the tenants on it: each tenant's allocation is a share of the
 * one limit, so together they must not allocate more than the org can give. Tenants without an allocation are
 * not counted: they reserve nothing (and use the org's calls without a cap, tightened only by its headers).
 *
 * @param orgLimit the org's daily limit as last observed
 * @param peers    the allocated calls per day of the <em>other</em> tenants on the org, by tenant id
 */
public record OrgShares(long orgLimit, Map<String, Long> peers) {

    public OrgShares {
        if (orgLimit < 0) {
            throw new IllegalArgumentException("An org's limit cannot be negative: " + orgLimit);
        }
        peers = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(peers, "peers")));
    }

    public long allocatedToPeers() {
        return peers.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What one more tenant may still be given: the limit less what the others hold, never below 0. */
    public long available() {
        return Math.max(0, orgLimit - allocatedToPeers());
    }

    /** Why {@code calls} per day for {@code tenantId} cannot be allocated; empty when they fit. */
    public Optional<String> refusal(String tenantId, long calls) {
        if (calls <= available()) {
            return Optional.empty();
        }
        if (allocatedToPeers() == 0) {
            return Optional.of("salesforce: " + calls + " calls per day for " + tenantId
                    + " is more than its org's daily limit of " + orgLimit);
        }
        String others = peers.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        return Optional.of("salesforce: " + calls + " calls per day for " + tenantId + " and the "
                + allocatedToPeers() + " allocated to the other tenants on its org (" + others + ") add up to "
                + (calls + allocatedToPeers()) + ", more than the org's daily limit of " + orgLimit
                + "; at most " + available() + " is left for " + tenantId);
    }

    /** {@code calls} as a share (0–1, or more when over) of the org's limit. */
    public static double shareOf(long calls, long orgLimit) {
        return orgLimit <= 0 ? 0 : calls / (double) orgLimit;
    }
}
