package io.crmsync.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * When the current invocation must have answered, and how long before that the worker stops starting work: a
 * step already started cannot be interrupted, so the margin must hold the longest step plus the re-queueing
 * after it. Plain time, so the core needs nothing of the runtime that sets it (Lambda's context, a test clock).
 *
 * @param at the moment past which the invocation is ended (Lambda: "Task timed out")
 * @param margin no step starts with less than this left
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

    /**
     * Whether a step may start at {@code now}: at least the margin is left, and half as long again as the slowest
     * step of this invocation took (a step of the same size may take that long again, and a little longer when
     * a CRM slows down, with the re-queueing still to do after it).
     */
    public boolean allowsStep(Instant now, Duration slowestStep) {
        Duration withSlack = slowestStep.plus(slowestStep.dividedBy(2));
        Duration needed = withSlack.compareTo(margin) > 0 ? withSlack : margin;
        return left(now).compareTo(needed) >= 0;
    }
}
