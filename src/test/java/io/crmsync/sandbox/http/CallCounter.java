package io.crmsync.sandbox.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Exact, thread-safe counts of calls per endpoint key ("METHOD /route/pattern"). */
public final class CallCounter {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void record(String endpointKey) {
        counts.computeIfAbsent(endpointKey, k -> new LongAdder()).increment();
    }

    /** Calls to one endpoint, e.g. {@code calls("POST /crm/v3/objects/{objectType}/batch/read")}. */
    public long calls(String endpointKey) {
        LongAdder adder = counts.get(endpointKey);
        return adder == null ? 0 : adder.sum();
    }

    public long totalCalls() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A sorted copy of all non-zero counts, for assertion messages and debugging. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, adder) -> {
            long n = adder.sum();
            if (n > 0) {
                copy.put(key, n);
            }
        });
        return copy;
    }

    public void reset() {
        counts.clear();
    }
}
