package io.crmsync.sync;

import java.util.Collection;
import java.util.Map;

/** Notices about activities (Salesforce Tasks, HubSpot engagements), which sync apart from records. */
public interface ActivityNotices {

    /** A worker that syncs no activities: every notice is about a record. */
    ActivityNotices NONE = new ActivityNotices() {
        @Override
        public boolean handles(boolean fromHubSpot, String objectType) {
            return false;
        }

        @Override
        public Map<String, RecordOutcome> sync(String tenantId, boolean fromHubSpot, String objectType,
                Collection<String> ids) {
            throw new IllegalStateException("no activity sync here");
        }
    };

    boolean handles(boolean fromHubSpot, String objectType);

    /** One outcome per id, as the record sync gives them. */
    Map<String, RecordOutcome> sync(String tenantId, boolean fromHubSpot, String objectType, Collection<String> ids);
}
