package io.crmsync.sync;

/** What happened to one record in one worker run. */
public record RecordOutcome(Status status, String detail) {

    public enum Status {
        /** Written to the other CRM (or both). */
        SYNCED,
        /** Both CRMs already agree (an echo, or a repeated notice): nothing written. */
        UNCHANGED,
        /** The record no longer exists in its CRM, or has no twin to create: nothing to sync. */
        NOT_FOUND,
        /** Not synced on purpose (no email, settings say "do nothing", object not synced). */
        SKIPPED,
        /** A failure that may pass: the notice goes back to the queue. */
        RETRY,
        /** A CRM refused the values; recorded as a sync error, not retried. */
        REFUSED
    }

    public static RecordOutcome of(Status status) {
        return new RecordOutcome(status, "");
    }

    public boolean needsRetry() {
        return status == Status.RETRY;
    }
}
