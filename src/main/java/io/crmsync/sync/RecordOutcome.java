package io.crmsync.sync;

/** What happened to one record in one worker run. */
public record RecordOutcome(Status status, String detail) {

    public enum Status {
        /** Written to the other CRM. */
        SYNCED,
        /** The other CRM already holds these values (an echo, or a repeated notice): nothing written. */
        UNCHANGED,
        /** The record no longer exists in its CRM: nothing to sync. */
        NOT_FOUND,
        /** A failure that may pass: the notice goes back to the queue. */
        RETRY,
        /** The other CRM refused the values; retrying will not help. */
        REFUSED
    }

    public static RecordOutcome of(Status status) {
        return new RecordOutcome(status, "");
    }

    public boolean needsRetry() {
        return status == Status.RETRY;
    }
}
