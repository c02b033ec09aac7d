package io.crmsync.reconcile;

import java.time.Instant;
import java.util.List;

import io.crmsync.crm.CrmUnavailableException;

/** Reads what changed on one side, oldest first, in pages that resume from a {@link Cursor}. */
public interface ChangeReader {

    /**
     * Records of {@code objectType} changed strictly after {@code after} and no later than {@code until}, in cursor
     * order, at most {@code limit} (the CRM may cap it lower).
     *
     * @param properties the properties (fields) to return with each record
     * @throws CrmUnavailableException when the CRM cannot answer right now
     */
    Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit, Instant until);

    /**
     * How many records of {@code objectType} changed no later than {@code until}: the size of a full pass, for its
     * progress and for choosing how to read it. One call.
     *
     * @throws CrmUnavailableException when the CRM cannot answer right now
     */
    long count(String tenantId, String objectType, Instant until);

    /**
     * {@link #count} with the CRM calls it took: one, or none where one read of an org answers for every tenant on
     * it ({@link OrgChanges}).
     */
    default Count countWithCalls(String tenantId, String objectType, Instant until) {
        return new Count(count(tenantId, objectType, until), 1);
    }

    /** How many records changed, and the calls it took to know. */
    record Count(long records, int callsMade) {
    }
}
