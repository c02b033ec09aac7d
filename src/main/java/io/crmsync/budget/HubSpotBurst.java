package io.crmsync.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * HubSpot's 10-second burst limit (110 calls per 10 s per installing account for a public app, 100–250 for private
 * apps; search excluded: facts §15.3), kept in memory by each function instance rather than in the ledger.
 *
 * <p>Why in memory: the window is ten seconds long, so a shared counter would cost a DynamoDB round trip per call
 * for a limit that heals itself in seconds; overshooting it is harmless (HubSpot answers 429
 * {@code TEN_SECONDLY_ROLLING}, which uses up nothing and is retried like any transient failure), unlike the daily
 * limit. Give each instance {@code burst / maximum concurrent instances} so that together they stay under it.
 * Thread-safe.
 */
public final class HubSpotBurst {

    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private final int maxCalls;
    private final Duration interval;
    /** When each call within the interval was taken, oldest first. */
    private final Deque<Instant> taken = new ArrayDeque<>();

    public HubSpotBurst(int maxCalls, Duration interval) {
        if (maxCalls < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("A burst limit needs at least one call in a positive interval: "
                    + maxCalls + " per " + interval);
        }
        this.maxCalls = maxCalls;
        this.interval = interval;
    }

    /** Takes {@code calls} at {@code now} if they fit the interval; otherwise takes nothing and says when they will. */
    public synchronized Reservation take(int calls, Instant now) {
        if (calls < 1 || calls > maxCalls) {
            throw new IllegalArgumentException("Calls must be between 1 and the burst limit " + maxCalls + ": " + calls);
        }
        while (!taken.isEmpty() && !taken.peekFirst().isAfter(now.minus(interval))) {
            taken.removeFirst();
        }
        int free = maxCalls - taken.size();
        if (calls > free) {
            // The (calls − free)-th oldest call has to leave the interval first.
            Instant leaving = taken.stream().skip(calls - free - 1L).findFirst().orElseThrow();
            return new Reservation.Denied(leaving.plus(interval),
                    "HubSpot burst limit: " + maxCalls + " calls per " + interval.toSeconds() + " s on this instance");
        }
        for (int i = 0; i < calls; i++) {
            taken.addLast(now);
        }
        return new Reservation.Granted(free - calls);
    }
}
