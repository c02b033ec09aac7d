package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.sync.DeletePolicy.Action;
import io.crmsync.sync.DeletePolicy.Decision;
import io.crmsync.tenant.TenantSettings;

class DeletePolicyTest {

    static final TenantSettings DEFAULTS = TenantSettings.defaults();
    static final TenantSettings DEALS_ON = DEFAULTS.withDeals(true, Map.of(), Map.of());

    @Test
    void aDeletedOpportunityArchivesItsDealWhenDealsSync() {
        assertThat(DeletePolicy.afterSalesforceDelete("Opportunity", "deal", false, DEALS_ON)).isEqualTo(
                new Decision(Action.ARCHIVE_IN_HUBSPOT, "deleted in Salesforce; HubSpot deal archived"));
        assertThat(DeletePolicy.afterSalesforceDelete("Opportunity", "deal", false, DEFAULTS)).isEqualTo(
                new Decision(Action.KEEP_TWIN, "deleted in Salesforce; HubSpot deal kept: deal sync is off"));
    }

    @Test
    void aDeletedLeadOrContactArchivesItsContactOnlyWithTheDeleteSetting() {
        for (String sObject : new String[] { "Lead", "Contact" }) {
            assertThat(DeletePolicy.afterSalesforceDelete(sObject, "contact", false, DEFAULTS)).isEqualTo(
                    new Decision(Action.KEEP_TWIN, "deleted in Salesforce; HubSpot contact kept: setting Do nothing"));
            assertThat(DeletePolicy.afterSalesforceDelete(sObject, "contact", false,
                    DEFAULTS.withContactDeletion(true))).isEqualTo(
                    new Decision(Action.ARCHIVE_IN_HUBSPOT, "deleted in Salesforce; HubSpot contact archived"));
        }
    }

    @Test
    void aDeletedAccountKeepsItsCompany() {
        assertThat(DeletePolicy.afterSalesforceDelete("Account", "company", false, DEALS_ON.withContactDeletion(true))
                .action()).isEqualTo(Action.KEEP_TWIN);
    }

    @Test
    void aRecordRestoredSinceIsLeftAlone() {
        assertThat(DeletePolicy.afterSalesforceDelete("Opportunity", "deal", true, DEALS_ON).action())
                .isEqualTo(Action.NOTHING);
        assertThat(DeletePolicy.afterSalesforceDelete("Lead", "contact", true, DEFAULTS.withContactDeletion(true))
                .action()).isEqualTo(Action.NOTHING);
    }

    @Test
    void nothingDeletedInHubSpotIsDeletedInSalesforce() {
        assertThat(DeletePolicy.afterHubSpotDelete("Opportunity")).isEqualTo(new Decision(Action.KEEP_TWIN,
                "deleted in HubSpot; Salesforce Opportunity kept: HubSpot deletions are not synced"));
    }
}
