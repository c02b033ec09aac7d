package io.crmsync.notice;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Port: intake events that could not be handed over, parked as they arrived until they are replayed — the
 * Salesforce Change Data Capture events EventBridge (after its retries) or Lambda (after the function's retries)
 * put in the cdc-failed-events queue.
 */
public interface ParkedEvents {

    /**
     * One parked event.
     *
     * @param id the parking queue's id of it, the same each time it is read
     * @param body the event as parked
     * @param attributes what the sender added about the failure (EventBridge: ERROR_CODE, ERROR_MESSAGE,
     *        RULE_ARN, TARGET_ARN, ...)
     * @param receipt what {@link #delete} needs; valid while the event is hidden
     */
    record Parked(String id, String body, Map<String, String> attributes, String receipt) {
    }

    DeadLetters.Count count();

    /**
     * Up to {@code max} (at most 10) parked events, hidden from other readers for {@code hideFor}; an event not
     * deleted by then is parked again, so nothing taken is lost.
     *
     * @return none when no parked event is visible
     */
    List<Parked> take(int max, Duration hideFor);

    /** Removes events whose notices the change queue accepted. */
    void delete(List<Parked> replayed);
}
