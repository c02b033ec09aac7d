package io.crmsync.reconcile;

import java.time.Instant;
import java.util.List;

/** Which records of an object were deleted in a time window (Salesforce's getDeleted). One CRM call per read. */
public interface DeletedReader {

    /**
     * @param ids the records deleted within the window
     * @param latestDateCovered up to when the answer is complete: the next window starts there
     */
    record Deleted(List<String> ids, Instant latestDateCovered) {
        public Deleted {
            ids = List.copyOf(ids);
        }
    }

    /** @throws io.crmsync.crm.CrmUnavailableException when the CRM cannot answer now */
    Deleted read(String tenantId, String objectType, Instant start, Instant end);
}
