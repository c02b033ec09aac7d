package io.crmsync.budget;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one door every HubSpot and Salesforce call passes through (the call filter on every REST client,
 * {@code io.crmsync.crmhttp.CrmCallFilter}): counts calls per system and endpoint, so the worker can report
 * what each tenant's batch cost and the daily budget can be kept on it.
 */
@ApplicationScoped
public class CrmCalls {

    /** Record ids in paths (HubSpot numeric, Salesforce 15/18 characters) are folded, so endpoints group. */
    private static final Pattern ID_SEGMENT = Pattern.compile("/(\\d+|[a-zA-Z0-9]{3}[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?)(?=/|$)");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts one call; {@code path} without the query string. */
    public void record(String method, String path) {
        record(endpointOf(method, path));
    }

    /** Counts one call to an endpoint named by {@link #endpointOf}. */
    public void record(String endpoint) {
        counts.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
    }

    /** "salesforce PATCH /services/data/v62.0/composite/sobjects", ids folded to {id}. */
    public static String endpointOf(String method, String path) {
        String system = path.startsWith("/services/") ? "salesforce" : "hubspot";
        return system + " " + method + " " + ID_SEGMENT.matcher(path).replaceAll("/{id}");
    }

    /** Calls so far, per endpoint, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
