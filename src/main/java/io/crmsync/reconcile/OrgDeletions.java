package io.crmsync.reconcile;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One reconcile run's getDeleted answers for one Salesforce org, shared by every tenant on it: tenants whose
 * deletions cursors stand at the same time (they do once each has run: the cursor is the org's own
 * {@code latestDateCovered}) ask for the same window, and the org is asked once. A tenant with another window asks
 * the org itself. The call is made in the scope of the first tenant that asks, and charged to it, as for
 * {@link OrgChanges}.
 */
final class OrgDeletions implements DeletedReader {

    private record Window(String objectType, Instant start, Instant end) {
    }

    private final DeletedReader org;
    private final Map<Window, Deleted> answers = new HashMap<>();

    OrgDeletions(DeletedReader org) {
        this.org = org;
    }

    @Override
    public Deleted read(String tenantId, String objectType, Instant start, Instant end) {
        Window window = new Window(objectType, start, end);
        Deleted known = answers.get(window);
        if (known != null) {
            return new Deleted(known.ids(), known.latestDateCovered(), 0);
        }
        Deleted deleted = org.read(tenantId, objectType, start, end);
        answers.put(window, deleted);
        return deleted;
    }
}
