package io.crmsync.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.crmsync.crm.CrmUnavailableException;

/**
 * Reads a whole object once, from a snapshot the CRM prepares on its side: a Salesforce Bulk API 2.0 query job. For
 * a large first import it takes a handful of calls where paging with queries takes one call per 2,000 records. The
 * CRM keeps the snapshot for days, so an import stopped by its budget reads on from the same snapshot next run.
 * Every method is one CRM call, and throws {@link CrmUnavailableException} when the CRM cannot answer now.
 */
public interface SnapshotReader {

    /** Asks for a snapshot of the records changed no later than {@code until}; returns its id. */
    String start(String tenantId, String objectType, List<String> properties, Instant until);

    /** Whether the snapshot is ready, still being prepared, or gone (failed, aborted, expired). */
    State state(String tenantId, String snapshot);

    /**
     * Up to {@code limit} records of a ready snapshot from {@code locator} (null: the first page), in no particular
     * order.
     */
    SnapshotPage page(String tenantId, String snapshot, String locator, int limit);

    /** @param records when ready, how many records the snapshot holds (when the CRM says) */
    record State(Status status, OptionalLong records, String reason) {
        public static State ready(OptionalLong records) {
            return new State(Status.READY, records, null);
        }

        public static State preparing() {
            return new State(Status.PREPARING, OptionalLong.empty(), null);
        }

        public static State gone(String reason) {
            return new State(Status.GONE, OptionalLong.empty(), reason);
        }
    }

    enum Status { READY, PREPARING, GONE }

    /** @param next where the next page starts; empty after the last */
    record SnapshotPage(List<ChangedRecord> records, Optional<String> next) {
        public SnapshotPage {
            records = List.copyOf(records);
        }
    }
}
