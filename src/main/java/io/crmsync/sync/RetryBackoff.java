package io.crmsync.sync;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long a message whose records must be retried stays invisible before SQS hands it out again: doubling
 * from {@code first} with each receive, capped, and shortened by a random fraction (up to {@code jitter}) so
 * messages that failed together (one 429 for a whole batch) do not all come back in the same second.
 */
public final class RetryBackoff {

    /** SQS refuses a visibility timeout above 12 hours. */
    public static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

    private final Duration first;
    private final Duration cap;
    private final double jitter;
    private final DoubleSupplier random;

    /**
     * @param first the delay after the first receive
     * @param cap the longest delay, at most {@link #SQS_MAX_VISIBILITY}
     * @param jitter the largest fraction (0 to 1) taken off a delay at random
     * @param random uniform values in [0, 1); injected so tests know the delays
     */
    public RetryBackoff(Duration first, Duration cap, double jitter, DoubleSupplier random) {
        if (first.toSeconds() < 1 || cap.compareTo(first) < 0 || cap.compareTo(SQS_MAX_VISIBILITY) > 0) {
            throw new IllegalArgumentException("need 1 s <= first <= cap <= 12 h, got " + first + " and " + cap);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be a fraction between 0 and 1, got " + jitter);
        }
        this.first = first;
        this.cap = cap;
        this.jitter = jitter;
        this.random = random;
    }

    /** 30 s, 60 s, 120 s, 240 s, ... up to 15 minutes, each up to a fifth shorter at random. */
    public static RetryBackoff standard(DoubleSupplier random) {
        return new RetryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(15), 0.2, random);
    }

    /**
     * @param receiveCount SQS's ApproximateReceiveCount of the message (1 on its first delivery)
     * @return the visibility timeout to set, in whole seconds (what SQS accepts), at least one second
     */
    public Duration delayAfter(int receiveCount) {
        long seconds = first.toSeconds();
        for (int receive = 1; receive < receiveCount && seconds < cap.toSeconds(); receive++) {
            seconds *= 2;
        }
        seconds = Math.min(seconds, cap.toSeconds());
        long jittered = Math.round(seconds * (1 - jitter * random.getAsDouble()));
        return Duration.ofSeconds(Math.max(1, jittered));
    }
}
