package io.crmsync.sync;

import java.util.List;
import java.util.Optional;

/** Port: a HubSpot list and its members, a page at a time, for resyncing every record on it. */
public interface HubSpotListMembers {

    /**
     * The list's object type id: 0-1 contacts, 0-2 companies, 0-3 deals, others for types crmsync does not sync.
     *
     * @throws ListNotFoundException when HubSpot has no such list (any more)
     */
    String objectTypeId(String listId);

    /**
     * One page of member record ids, in HubSpot's order.
     *
     * @param after the cursor the previous page answered; null for the first page
     * @throws ListNotFoundException when the list is gone
     */
    Page members(String listId, String after);

    /** @param after the cursor of the next page; empty after the last page */
    record Page(List<String> recordIds, Optional<String> after) {
        public Page {
            recordIds = List.copyOf(recordIds);
        }
    }

    final class ListNotFoundException extends RuntimeException {
        public ListNotFoundException(String listId, String reason) {
            super("HubSpot list " + listId + " " + reason, null, false, false);
        }
    }
}
