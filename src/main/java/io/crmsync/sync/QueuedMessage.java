package io.crmsync.sync;

/**
 * One message of the change queue as the worker needs it, whatever delivered it (the sync-worker function
 * translates Lambda's SQS event): the core reads no transport's event shape.
 *
 * @param receiveCount how many times the queue has handed this message out, 1 on the first delivery
 * @param deferrals how many times this notice was deferred already (its copy's
 *        {@link MessageDisposition#DEFERRALS_ATTRIBUTE}), 0 for a notice never deferred
 */
public record QueuedMessage(String messageId, String receiptHandle, String body, int receiveCount, int deferrals) {

    /** A message on its first delivery, never deferred. */
    public static QueuedMessage first(String messageId, String receiptHandle, String body) {
        return new QueuedMessage(messageId, receiptHandle, body, 1, 0);
    }

    public QueuedMessage withDeferrals(int count) {
        return new QueuedMessage(messageId, receiptHandle, body, receiveCount, count);
    }
}
