package io.crmsync.sandbox.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Total API Request Allocation: calls counted over a rolling 24 hours on the org's clock, refused
 * beyond the limit. Thread-safe; a refused call is not counted.
 */
final class ApiAllocation {

    static final Duration WINDOW = Duration.ofHours(24);

    private final Clock clock;
    private final long limit;
    /** Epoch millis of the counted calls within the window, oldest first. */
    private final Deque<Long> calls = new ArrayDeque<>();

    ApiAllocation(Clock clock, long limit) {
        this.clock = clock;
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    /** Counts one call unless the allocation is used up. */
    synchronized boolean tryTake() {
        long now = clock.millis();
        evict(now);
        if (calls.size() >= limit) {
            return false;
        }
        calls.addLast(now);
        return true;
    }

    synchronized long used() {
        evict(clock.millis());
        return calls.size();
    }

    synchronized void reset() {
        calls.clear();
    }

    private void evict(long now) {
        long oldestKept = now - WINDOW.toMillis();
        while (!calls.isEmpty() && calls.peekFirst() <= oldestKept) {
            calls.removeFirst();
        }
    }
}
