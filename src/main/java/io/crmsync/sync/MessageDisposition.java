package io.crmsync.sync;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the worker asks of the change queue besides the partial batch response: keep retried messages away for
 * a while, and move messages that can never succeed to the dead-letter queue at once, with the reason.
 *
 * <p>Neither method throws for a queue failure: it answers with the messages it could not handle, and the
 * worker then hands those back to SQS (whose default visibility and redrive policy still apply), so no message
 * is ever lost.
 */
public interface MessageDisposition {

    /** The message attribute a deferred notice's copy carries: how many times the notice has been deferred. */
    String DEFERRALS_ATTRIBUTE = "crmsync-deferrals";

    /**
     * Sets each message's visibility timeout, counted from now.
     *
     * @return the ids of the messages whose visibility could not be changed
     */
    Set<String> delay(List<Delay> delays);

    /**
     * Sends each message's body unchanged to the dead-letter queue, with the reason next to it.
     *
     * @return the ids of the messages that did not reach the dead-letter queue
     */
    Set<String> quarantine(List<Poison> poisons);

    /**
     * Puts each message's body back on the change queue as a new message delivered after {@code delay} (at most
     * SQS's 15 minutes), so a paused tenant's notices wait without using up receives toward the dead-letter
     * queue; the worker then acknowledges the originals. With a zero delay it re-queues work not started before
     * the invocation's deadline ({@link Deferral#requeue}).
     *
     * @return the ids of the messages that could not be re-queued (the worker hands those back instead)
     */
    Set<String> defer(List<Deferral> deferrals);

    /**
     * A received message to deliver again after {@code delay}.
     *
     * @param deferrals how many times the notice will have been deferred with this one (1 the first time): the
     *        copy carries it, so the worker can bound a notice's deferrals
     */
    record Deferral(String messageId, String body, Duration delay, int deferrals) {
        public Deferral(String messageId, String body, Duration delay) {
            this(messageId, body, delay, 1);
        }

        /**
         * Work the worker had no time to start before its deadline, delivered again at once. Not a deferral: the
         * copy keeps the notice's deferral count, so it does not count toward the worker's bound on deferrals
         * (each invocation syncs at least one step, so such re-queues end by themselves).
         *
         * @param body the notice, possibly cut to the records not started
         */
        public static Deferral requeue(String messageId, String body, int deferralsSoFar) {
            return new Deferral(messageId, body, Duration.ZERO, deferralsSoFar);
        }
    }

    /** A received message to keep invisible for {@code visibilityTimeout}. */
    record Delay(String messageId, String receiptHandle, Duration visibilityTimeout) {
    }

    /**
     * A received message for the dead-letter queue: not a change notice, or deferred too many times.
     *
     * @param reason short and free of secrets and of the body's content: it is stored next to the message
     */
    record Poison(String messageId, String body, int receiveCount, String reason) {
    }
}
