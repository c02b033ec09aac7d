package io.crmsync.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * When the current invocation must have answered, and how long before that the worker stops starting work: a
 * step already started cannot be interrupted, so steps are sized to end before the margin, which holds the
 * re-queueing after them and a step slower than foreseen. Plain time, so the core needs nothing of the runtime that sets it (Lambda's context, a test clock).
 *
 * @param at the moment past which the invocation is ended (Lambda: "Task timed out")
 * @param margin kept free at the end: no step is sized to end inside it
 */
public record Deadline(Instant at, Duration margin) {

    /** No deadline: everything in the batch is started (callers that do not run under a timeout). */
    public static final Deadline NONE = new Deadline(Instant.MAX, Duration.ZERO);

    public Deadline {
        java.util.Objects.requireNonNull(at, "at");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("negative margin " + margin);
        }
    }

    /**
     * A deadline {@code timeLeft} from {@code now}, with a margin of the larger of {@code minimumMargin} and
     * {@code marginShare} of the time left (the time left at the start is the function's timeout).
     */
    public static Deadline after(Instant now, Duration timeLeft, Duration minimumMargin, double marginShare) {
        if (marginShare < 0 || marginShare >= 1) {
            throw new IllegalArgumentException("margin share must be in [0, 1): " + marginShare);
        }
        Duration share = Duration.ofMillis((long) (Math.max(0, timeLeft.toMillis()) * marginShare));
        return new Deadline(now.plus(timeLeft), share.compareTo(minimumMargin) > 0 ? share : minimumMargin);
    }

    /** Time left at {@code now} (negative once passed). */
    public Duration left(Instant now) {
        return Duration.between(now, at);
    }
}
