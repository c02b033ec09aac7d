package io.crmsync.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * One read of changes, in cursor order.
 *
 * @param next where to read on from; empty when nothing more changed up to the read's end time
 * @param callsMade CRM calls the read took (one, except where a CRM needs a second query to settle ties)
 */
public record Page(List<ChangedRecord> records, Optional<Cursor> next, int callsMade) {

    public Page {
        records = List.copyOf(records);
        next = next == null ? Optional.empty() : next;
    }

    public Page(List<ChangedRecord> records, Optional<Cursor> next) {
        this(records, next, 1);
    }
}
