package io.crmsync.sync;

import io.crmsync.tenant.TenantSettings;

/**
 * What a deletion does to the twin, as HubSpot's connector documents it: an Opportunity deleted in Salesforce
 * deletes its HubSpot deal; a deleted lead or contact deletes its HubSpot contact only with "Deleting Contacts" set
 * to Delete; nothing deleted in HubSpot is ever deleted in Salesforce. Either way the pairing is forgotten.
 */
public final class DeletePolicy {

    public enum Action {
        /** Archive the HubSpot twin and forget the link. */
        ARCHIVE_IN_HUBSPOT,
        /** Keep the twin; forget the link, since one end is gone. */
        KEEP_TWIN,
        /** The record is back (restored since the notice): nothing was deleted. */
        NOTHING
    }

    /** @param reason what the audit row and the outcome say */
    public record Decision(Action action, String reason) {
    }

    private DeletePolicy() {
    }

    /**
     * @param stillInSalesforce the record reads as live again (undeleted from the recycle bin meanwhile)
     * @param hubSpotObject the twin's type, for the reason
     */
    public static Decision afterSalesforceDelete(String sObject, String hubSpotObject, boolean stillInSalesforce,
            TenantSettings tenant) {
        if (stillInSalesforce) {
            return new Decision(Action.NOTHING, "still in Salesforce (restored); nothing deleted");
        }
        String deleted = "deleted in Salesforce; HubSpot " + hubSpotObject;
        return switch (sObject) {
            case "Opportunity" -> tenant.dealSync() ? new Decision(Action.ARCHIVE_IN_HUBSPOT, deleted + " archived")
                    : new Decision(Action.KEEP_TWIN, deleted + " kept: deal sync is off");
            case "Lead", "Contact" -> tenant.deleteHubSpotContactsWithSalesforce()
                    ? new Decision(Action.ARCHIVE_IN_HUBSPOT, deleted + " archived")
                    : new Decision(Action.KEEP_TWIN, deleted + " kept: setting Do nothing");
            // The connector documents no company deletion; a company may hold contacts and deals, so it stays.
            default -> new Decision(Action.KEEP_TWIN, deleted + " kept: " + sObject + " deletions are not synced");
        };
    }

    /** HubSpot deletions never reach Salesforce (documented for deals; contacts and companies alike here). */
    public static Decision afterHubSpotDelete(String salesforceObject) {
        return new Decision(Action.KEEP_TWIN,
                "deleted in HubSpot; Salesforce " + salesforceObject + " kept: HubSpot deletions are not synced");
    }
}
