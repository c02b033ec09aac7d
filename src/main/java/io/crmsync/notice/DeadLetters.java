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
     * Safe to call twice: while a move runs the second call changes nothing and says so; once it finished, a new
     * move takes whatever arrived since (a message is moved once: SQS deletes it from the dead-letter queue).
     *
     * @return the move's task handle
     * @throws MoveAlreadyRunningException when a move out of the queue is still running
     */
    String redrive();

    /** SQS runs one move per queue at a time: a second redrive is refused while {@link #running()} runs. */
    final class MoveAlreadyRunningException extends RuntimeException {

        private final Move running;

        public MoveAlreadyRunningException(Move running) {
            super("a redrive of the dead-letter queue is already running (task " + running.taskHandle() + ", "
                    + running.moved() + running.toMove().map(n -> " of " + n).orElse("") + " moved so far)", null,
                    false, false);
            this.running = running;
        }

        public Move running() {
            return running;
        }
    }
}
