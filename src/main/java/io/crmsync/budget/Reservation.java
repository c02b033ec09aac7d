package io.crmsync.budget;

import java.time.Instant;
import java.util.Objects;

/** The ledger's answer to "may I make these calls?". */
public sealed interface Reservation {

    /** The calls are counted; make them. */
    record Granted(long remainingAfter) implements Reservation {
    }

    /** Nothing was counted: the window has no room before {@code retryAt}. */
    record Denied(Instant retryAt, String reason) implements Reservation {
        public Denied {
            Objects.requireNonNull(retryAt, "retryAt");
            Objects.requireNonNull(reason, "reason");
        }
    }

    default boolean granted() {
        return this instanceof Granted;
    }
}
