package io.crmsync.reconcile;

import java.time.Instant;
import java.util.List;

/** Which records of an object were deleted in a time window (Salesforce's getDeleted). One CRM call per read. */
public interface DeletedReader {

    /**
     * @param ids the records deleted within the window
     * @param latestDateCovered up to when the answer is complete: the next window starts there
     * @param callsMade CRM calls the answer took: one, or none when another tenant's read of the org answered
     */
    record Deleted(List<String> ids, Instant latestDateCovered, int callsMade) {
        public Deleted {
            ids = List.copyOf(ids);
        }

        public Deleted(List<String> ids, Instant latestDateCovered) {
            this(ids, latestDateCovered, 1);
        }
    }

    /** @throws io.crmsync.crm.CrmUnavailableException when the CRM cannot answer now */
    Deleted read(String tenantId, String objectType, Instant start, Instant end);
}
