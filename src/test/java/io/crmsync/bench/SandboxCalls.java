package io.crmsync.bench;

import java.util.Map;
import java.util.TreeMap;

import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * Both sandboxes' exact call counters at one moment, per endpoint ("hubspot POST /crm/v3/objects/…",
 * "salesforce PATCH /services/data/…"). OAuth token calls are left out, as in {@link SyncCallsBenchmark}: one per
 * worker instance and hour, not per record. The difference of two snapshots is what happened in between.
 */
record SandboxCalls(Map<String, Long> byEndpoint) {

    SandboxCalls {
        byEndpoint = Map.copyOf(byEndpoint);
    }

    static SandboxCalls of(HubSpotSandbox hubSpot, SalesforceSandbox salesforce) {
        Map<String, Long> counts = new TreeMap<>();
        hubSpot.callCounts().forEach((endpoint, n) -> counts.put("hubspot " + endpoint, n));
        salesforce.callCounts().forEach((endpoint, n) -> {
            if (!endpoint.contains("/oauth2/") && !endpoint.contains("/_sandbox/")) {
                counts.put("salesforce " + endpoint, n);
            }
        });
        return new SandboxCalls(counts);
    }

    /** The calls made since {@code earlier}; endpoints without calls are left out. */
    SandboxCalls since(SandboxCalls earlier) {
        Map<String, Long> delta = new TreeMap<>();
        byEndpoint.forEach((endpoint, n) -> {
            long made = n - earlier.byEndpoint.getOrDefault(endpoint, 0L);
            if (made != 0) {
                delta.put(endpoint, made);
            }
        });
        return new SandboxCalls(delta);
    }

    SandboxCalls plus(SandboxCalls other) {
        Map<String, Long> sum = new TreeMap<>(byEndpoint);
        other.byEndpoint.forEach((endpoint, n) -> sum.merge(endpoint, n, Long::sum));
        return new SandboxCalls(sum);
    }

    long total() {
        return byEndpoint.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Calls that change records, on either CRM. */
    long writes() {
        return byEndpoint.entrySet().stream().filter(e -> isWrite(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * A call that changes data: PATCH, PUT, DELETE, and POST except the POSTs that only read (HubSpot's
     * batch/read and search, associations batch/read; Salesforce's Bulk API query jobs).
     */
    static boolean isWrite(String endpointKey) {
        String[] parts = endpointKey.split(" ", 3);
        String method = parts[1];
        String path = parts[2];
        return switch (method) {
            case "PATCH", "PUT", "DELETE" -> true;
            case "POST" -> !(path.endsWith("/batch/read") || path.endsWith("/search") || path.contains("/jobs/query"));
            default -> false;
        };
    }

    /** Sorted, for printing. */
    Map<String, Long> sorted() {
        return new TreeMap<>(byEndpoint);
    }
}
