package io.crmsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.SyncPausedException;

/** Which Salesforce answers suspend the tenant instead of being retried or refused per record. */
class OrgWideRefusalTest {

    @Test
    void theDailyAllocationExceededAndApiAccessDisabledSuspendWithHubSpotsNames() {
        // The sandbox's (and Salesforce's) answer once the org's rolling 24-hour allocation is used up.
        assertThat(SalesforceSession.orgWideRefusal(403, "REQUEST_LIMIT_EXCEEDED"))
                .contains(SyncPausedException.ORG_API_LIMIT_EXCEEDED);
        assertThat(SalesforceSession.orgWideRefusal(403, "API_DISABLED_FOR_ORG"))
                .contains(SyncPausedException.ORG_API_ACCESS_DISABLED);
        assertThat(SalesforceSession.orgWideRefusal(403, "API_CURRENTLY_DISABLED"))
                .contains(SyncPausedException.ORG_API_ACCESS_DISABLED);
    }

    @Test
    void recordLevelAndPassingFailuresDoNotSuspend() {
        // The concurrent long-request limit shares the code but passes: it stays a retry.
        assertThat(SalesforceSession.orgWideRefusal(503, "REQUEST_LIMIT_EXCEEDED")).isEmpty();
        assertThat(SalesforceSession.orgWideRefusal(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION")).isEmpty();
        assertThat(SalesforceSession.orgWideRefusal(500, "")).isEmpty();
    }
}
