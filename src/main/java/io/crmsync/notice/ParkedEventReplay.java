package io.crmsync.notice;

import java.util.List;

/**
 * Port: replaying the parked Change Data Capture events — each becomes the change notice the intake would have
 * queued, and leaves the parking queue only once the change queue accepted it.
 */
public interface ParkedEventReplay {

    /**
     * What one replay did.
     *
     * @param replayed parked events handled as the intake handles them, and removed
     * @param notices change notices queued for them (an event of an object that does not sync, or crmsync's own
     *        write, queues none)
     * @param unparseable parked events that are no change event of a known tenant; they stay parked
     * @param left parked events still waiting or hidden afterwards (approximate, as SQS counts)
     * @param complete false when the replay stopped at its maximum with more events visible
     * @param problems why events stayed parked, one line each (the first few)
     */
    record Report(int replayed, int notices, int unparseable, long left, boolean complete, List<String> problems) {
    }

    DeadLetters.Count count();

    /**
     * Replays up to {@code maxEvents} parked events.
     *
     * @throws NoticeQueue.EnqueueFailedException when the change queue refused notices: the events of that batch
     *         stay parked (they are visible again a few minutes later), those replayed before are removed
     */
    Report replay(int maxEvents);
}
