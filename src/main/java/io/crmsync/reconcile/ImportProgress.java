package io.crmsync.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a full pass over one side's object stands: the initial import of a new tenant, or the pass that follows a
 * reset of its cursors (a mapping change, on request). It outlives the runs it takes, so its report can say how far
 * the import has come: {@code done} of {@code total} records, with the calls it has cost so far.
 *
 * @param until the import reads records changed no later than this; later changes are the next pass's
 * @param total records the CRM counted up to {@code until} when the import began (-1: not counted)
 * @param done records checked so far, over every run of the import
 * @param calls CRM calls the import has made so far (repairs are spent by the worker and are not in it)
 * @param snapshot the Salesforce Bulk API 2.0 query job the import reads from; null when it pages with queries
 * @param snapshotLocator where the next snapshot page starts (null: the first page)
 * @param snapshotOffset records of that page already checked (a run that stopped in the middle of one)
 * @param finishedAt when the import read its last record; null while it goes on
 */
public record ImportProgress(Instant startedAt, Instant until, long total, long done, long calls, String snapshot,
        String snapshotLocator, int snapshotOffset, Instant finishedAt) {

    public ImportProgress {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(until, "until");
    }

    /** An import beginning now, of the records changed up to {@code until}; its first call counted them. */
    public static ImportProgress begin(Instant now, Instant until, long total, long calls) {
        return new ImportProgress(now, until, total, 0, calls, null, null, 0, null);
    }

    public boolean finished() {
        return finishedAt != null;
    }

    public boolean readsSnapshot() {
        return snapshot != null;
    }

    public ImportProgress checked(long records, long callsMade) {
        return new ImportProgress(startedAt, until, total, done + records, calls + callsMade, snapshot,
                snapshotLocator, snapshotOffset, finishedAt);
    }

    public ImportProgress withSnapshot(String snapshotId, long callsMade) {
        return new ImportProgress(startedAt, until, total, done, calls + callsMade, snapshotId, null, 0, finishedAt);
    }

    /** The snapshot counted its rows: the exact total of this import. */
    public ImportProgress withTotal(long counted, long callsMade) {
        return new ImportProgress(startedAt, until, counted, done, calls + callsMade, snapshot, snapshotLocator,
                snapshotOffset, finishedAt);
    }

    /** Reads on without the snapshot (it failed or expired): by queries, from where the import began. */
    public ImportProgress withoutSnapshot(long callsMade) {
        return new ImportProgress(startedAt, until, total, 0, calls + callsMade, null, null, 0, finishedAt);
    }

    public ImportProgress at(String locator, int offset) {
        return new ImportProgress(startedAt, until, total, done, calls, snapshot, locator, offset, finishedAt);
    }

    public ImportProgress finish(Instant at) {
        return new ImportProgress(startedAt, until, total, done, calls, snapshot, snapshotLocator, snapshotOffset,
                at);
    }
}
