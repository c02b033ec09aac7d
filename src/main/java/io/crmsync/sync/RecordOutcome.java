package io.crmsync.sync;

import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.SyncPausedException;

/**
 * What happened to one record in one worker run.
 *
 * @param resumeAt for {@link Status#DEFERRED}: when to try again
 * @param suspension for {@link Status#DEFERRED} because the whole org refuses: HubSpot's suspension name
 */
public record RecordOutcome(Status status, String detail, java.time.Instant resumeAt, String suspension) {

    public RecordOutcome(Status status, String detail) {
        this(status, detail, null, null);
    }

    /** For a batch a CRM could not answer: deferred when the tenant's sync is paused, else retried. */
    public static RecordOutcome unfinished(CrmUnavailableException e) {
        return e instanceof SyncPausedException paused ? deferred(paused) : new RecordOutcome(Status.RETRY, e.getMessage());
    }

    /** As {@link #unfinished(CrmUnavailableException)}, the detail saying what was left undone. */
    public static RecordOutcome unfinished(CrmUnavailableException e, String what) {
        RecordOutcome outcome = unfinished(e);
        return new RecordOutcome(outcome.status, what + ": " + outcome.detail, outcome.resumeAt, outcome.suspension);
    }

    public static RecordOutcome deferred(SyncPausedException paused) {
        return new RecordOutcome(Status.DEFERRED, paused.getMessage(), paused.resumeAt(),
                paused.suspension().orElse(null));
    }

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
        REFUSED,
        /** The tenant's sync is paused (allocation used up, or its org suspended): tried again later, not failed. */
        DEFERRED
    }

    public static RecordOutcome of(Status status) {
        return new RecordOutcome(status, "");
    }

    public boolean needsRetry() {
        return status == Status.RETRY;
    }

    /** The record comes back (retried, or deferred while sync is paused): what it waits for is not done yet. */
    public boolean comesBack() {
        return status == Status.RETRY || status == Status.DEFERRED;
    }
}
