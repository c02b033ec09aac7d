package io.crmsync.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One circuit breaker's state for one tenant and CRM, as an immutable value: each method answers the next state.
 * Closed, it counts consecutive failed attempts (5xx, timeouts, refused connections; a 429 is the budget's matter
 * and counts neither way); {@code threshold} of them open it for a cool-down. Open, no call goes out. After the
 * cool-down one probe is let through (half-open): an answer closes the breaker, a failure opens it again for twice
 * the last cool-down, up to {@code maxCoolDown}. A probe that never reports (its caller died, or the budget stopped
 * it before it was sent) is given up after one base cool-down, and the next caller probes.
 *
 * @param failures consecutive failed attempts while closed
 * @param since when the current run of failures began (shown as "unreachable since")
 * @param until open: no call before this; half-open: the probe's time to report
 * @param coolDown the last cool-down (the next re-opening doubles it)
 */
public record Breaker(Phase phase, int failures, Instant since, Instant until, Duration coolDown) {

    public enum Phase {
        CLOSED, OPEN, HALF_OPEN
    }

    /** Thresholds and cool-downs; production values in application.properties (crmsync.breaker.*). */
    public record Settings(int threshold, Duration coolDown, Duration maxCoolDown) {
        public Settings {
            if (threshold < 1 || coolDown.isNegative() || coolDown.isZero() || maxCoolDown.compareTo(coolDown) < 0) {
                throw new IllegalArgumentException("breaker settings " + threshold + ", " + coolDown + ", " + maxCoolDown);
            }
        }
    }

    /** What a caller is told when it may not call: since when the CRM fails, and when to come back. */
    public record Refusal(Instant since, Instant retryAt) {
    }

    public static final Breaker CLOSED = new Breaker(Phase.CLOSED, 0, null, null, null);

    /** A caller's turn: the state after it and, when it may not call, why. */
    public record Admission(Breaker next, Optional<Refusal> refusal) {
    }

    /**
     * A caller wants to call at {@code now}. Closed: it may. Open or probing before {@code until}: it may not.
     * Past {@code until}: this caller is the probe, and the state turns half-open until the probe's time is up.
     */
    public Admission admit(Instant now, Settings settings) {
        if (phase == Phase.CLOSED) {
            return new Admission(this, Optional.empty());
        }
        if (now.isBefore(until)) {
            return new Admission(this, Optional.of(new Refusal(since, until)));
        }
        return new Admission(new Breaker(Phase.HALF_OPEN, failures, since, now.plus(settings.coolDown()), coolDown),
                Optional.empty());
    }

    /** The CRM answered (anything but a 5xx or 429): the breaker closes. */
    public Breaker answered() {
        return CLOSED;
    }

    /** An attempt failed at {@code now}. */
    public Breaker failed(Instant now, Settings settings) {
        return switch (phase) {
            case CLOSED -> {
                Instant start = failures == 0 ? now : since;
                yield failures + 1 >= settings.threshold()
                        ? new Breaker(Phase.OPEN, failures + 1, start, now.plus(settings.coolDown()), settings.coolDown())
                        : new Breaker(Phase.CLOSED, failures + 1, start, null, null);
            }
            // A call that started before the breaker opened and fails now changes nothing.
            case OPEN -> this;
            case HALF_OPEN -> {
                Duration longer = coolDown.multipliedBy(2);
                Duration next = longer.compareTo(settings.maxCoolDown()) > 0 ? settings.maxCoolDown() : longer;
                yield new Breaker(Phase.OPEN, failures + 1, since, now.plus(next), next);
            }
        };
    }

    /** Open or probing: the CRM is treated as down. */
    public boolean tripped() {
        return phase != Phase.CLOSED;
    }
}
