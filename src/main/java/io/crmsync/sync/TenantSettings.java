package io.crmsync.sync;

import io.crmsync.sync.FieldResolver.Side;

/**
 * A tenant's sync settings, with HubSpot's connector's names.
 *
 * @param salesforceToHubSpot what happens in HubSpot when a Salesforce lead or contact without a HubSpot twin
 *        changes: "Create or update the contact" or "Do nothing"
 * @param hubSpotToSalesforce what a HubSpot contact without a Salesforce twin becomes: "Create or update the
 *        contact" or "Create or update the lead"
 * @param companySync whether companies ↔ accounts sync at all
 * @param tieBreak who wins a two-way conflict when both sides changed at the same instant
 */
public record TenantSettings(SalesforceToHubSpot salesforceToHubSpot, HubSpotToSalesforce hubSpotToSalesforce,
        boolean companySync, Side tieBreak) {

    public enum SalesforceToHubSpot {
        CREATE_OR_UPDATE_THE_CONTACT, DO_NOTHING
    }

    public enum HubSpotToSalesforce {
        CREATE_OR_UPDATE_THE_CONTACT, CREATE_OR_UPDATE_THE_LEAD
    }

    /** HubSpot's defaults: contacts become leads, Salesforce creates HubSpot contacts, companies sync. */
    public static TenantSettings defaults() {
        return new TenantSettings(SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
                HubSpotToSalesforce.CREATE_OR_UPDATE_THE_LEAD, true, Side.SALESFORCE);
    }
}
