package io.crmsync.notice;

import java.util.List;
import java.util.Optional;

/** Port: the change queue's dead-letter queue — how many notices it holds, and moving them back to be synced. */
public interface DeadLetters {

    /**
     * @param waiting the approximate number of dead letters waiting (SQS counts are approximate)
     * @param inFlight the approximate number being read or moved right now
     */
    record Count(long waiting, long inFlight) {
    }

    /**
     * A move of dead letters back to the change queue.
     *
     * @param status RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED, as SQS names them
     * @param toMove how many the move set out to move, when SQS says
     * @param failureReason SQS's reason when it failed
     */
    record Move(String taskHandle, String status, long moved, Optional<Long> toMove, Optional<String> failureReason) {
    }

    Count count();

    /** The most recent moves out of the dead-letter queue, newest first (SQS keeps a few). */
    List<Move> recentMoves();

    /**
     * Starts moving every dead letter back to the change queue, where the worker syncs them again.
     *
     * @return the move's task handle
     * @throws MoveAlreadyRunningException when a move out of the queue is still running
     */
    String redrive();

    final class MoveAlreadyRunningException extends RuntimeException {
        public MoveAlreadyRunningException(String message) {
            super(message, null, false, false);
        }
    }
}
