package io.crmsync.tenant;

import java.util.Map;
import java.util.Optional;

import io.crmsync.crm.Side;

/**
 * A tenant's sync settings, with HubSpot's connector's names.
 *
 * @param salesforceToHubSpot what happens in HubSpot when a Salesforce lead or contact without a HubSpot twin
 *        changes: "Create or update the contact" or "Do nothing"
 * @param hubSpotToSalesforce what a HubSpot contact without a Salesforce twin becomes: "Create or update the
 *        contact" or "Create or update the lead"
 * @param companySync whether companies ↔ accounts sync at all
 * @param tieBreak who wins a two-way conflict when both sides changed at the same instant
 * @param inclusionListId the HubSpot list (ILS list id) whose members alone sync to Salesforce; null: every
 *        contact. Salesforce-side creation ignores it, as in HubSpot.
 * @param dealSync whether deals ↔ opportunities sync ("Sync Deals", off until turned on, as in HubSpot)
 * @param pipelineRecordTypes HubSpot deal pipeline id → Salesforce Opportunity RecordTypeId. Empty: every
 *        deal syncs and RecordTypeId is left alone; otherwise only deals in these pipelines and opportunities of
 *        these record types sync (moving a deal to another pipeline stops its sync, as in HubSpot).
 * @param dealStages HubSpot deal stage id → Salesforce StageName; stages not listed pass unchanged
 * @param deleteHubSpotContactsWithSalesforce HubSpot's "Deleting Contacts" setting: whether deleting a synced
 *        Salesforce lead or contact deletes (archives) its HubSpot contact; false is "Do nothing". Deals follow
 *        their opportunity's deletion whenever deal sync is on; nothing deleted in HubSpot is deleted in Salesforce.
 * @param activities tasks and timeline events ({@link ActivitySettings}); all off by default, as in HubSpot
 */
public record TenantSettings(SalesforceToHubSpot salesforceToHubSpot, HubSpotToSalesforce hubSpotToSalesforce,
        boolean companySync, Side tieBreak, String inclusionListId, boolean dealSync,
        Map<String, String> pipelineRecordTypes, Map<String, String> dealStages,
        boolean deleteHubSpotContactsWithSalesforce, ActivitySettings activities) {

    public enum SalesforceToHubSpot {
        CREATE_OR_UPDATE_THE_CONTACT, DO_NOTHING
    }

    public enum HubSpotToSalesforce {
        CREATE_OR_UPDATE_THE_CONTACT, CREATE_OR_UPDATE_THE_LEAD
    }

    public TenantSettings {
        inclusionListId = inclusionListId == null || inclusionListId.isBlank() ? null : inclusionListId.strip();
        pipelineRecordTypes = pipelineRecordTypes == null ? Map.of() : Map.copyOf(pipelineRecordTypes);
        dealStages = dealStages == null ? Map.of() : Map.copyOf(dealStages);
        activities = activities == null ? ActivitySettings.OFF : activities;
    }

    /** Activities off. */
    public TenantSettings(SalesforceToHubSpot salesforceToHubSpot, HubSpotToSalesforce hubSpotToSalesforce,
            boolean companySync, Side tieBreak, String inclusionListId, boolean dealSync,
            Map<String, String> pipelineRecordTypes, Map<String, String> dealStages,
            boolean deleteHubSpotContactsWithSalesforce) {
        this(salesforceToHubSpot, hubSpotToSalesforce, companySync, tieBreak, inclusionListId, dealSync,
                pipelineRecordTypes, dealStages, deleteHubSpotContactsWithSalesforce, ActivitySettings.OFF);
    }

    /** Contact deletion left at "Do nothing". */
    public TenantSettings(SalesforceToHubSpot salesforceToHubSpot, HubSpotToSalesforce hubSpotToSalesforce,
            boolean companySync, Side tieBreak, String inclusionListId, boolean dealSync,
            Map<String, String> pipelineRecordTypes, Map<String, String> dealStages) {
        this(salesforceToHubSpot, hubSpotToSalesforce, companySync, tieBreak, inclusionListId, dealSync,
                pipelineRecordTypes, dealStages, false);
    }

    /** The contact and company settings alone; no inclusion list, deals off. */
    public TenantSettings(SalesforceToHubSpot salesforceToHubSpot, HubSpotToSalesforce hubSpotToSalesforce,
            boolean companySync, Side tieBreak) {
        this(salesforceToHubSpot, hubSpotToSalesforce, companySync, tieBreak, null, false, Map.of(), Map.of());
    }

    /** HubSpot's defaults: contacts become leads, Salesforce creates HubSpot contacts, companies sync, deals do not. */
    public static TenantSettings defaults() {
        return new TenantSettings(SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
                HubSpotToSalesforce.CREATE_OR_UPDATE_THE_LEAD, true, Side.SALESFORCE);
    }

    public Optional<String> inclusionList() {
        return Optional.ofNullable(inclusionListId);
    }

    public TenantSettings withInclusionList(String listId) {
        return new TenantSettings(salesforceToHubSpot, hubSpotToSalesforce, companySync, tieBreak, listId, dealSync,
                pipelineRecordTypes, dealStages, deleteHubSpotContactsWithSalesforce, activities);
    }

    public TenantSettings withDeals(boolean sync, Map<String, String> pipelines, Map<String, String> stages) {
        return new TenantSettings(salesforceToHubSpot, hubSpotToSalesforce, companySync, tieBreak, inclusionListId,
                sync, pipelines, stages, deleteHubSpotContactsWithSalesforce, activities);
    }

    public TenantSettings withContactDeletion(boolean deleteWithSalesforce) {
        return new TenantSettings(salesforceToHubSpot, hubSpotToSalesforce, companySync, tieBreak, inclusionListId,
                dealSync, pipelineRecordTypes, dealStages, deleteWithSalesforce, activities);
    }

    public TenantSettings withActivities(ActivitySettings chosen) {
        return new TenantSettings(salesforceToHubSpot, hubSpotToSalesforce, companySync, tieBreak, inclusionListId,
                dealSync, pipelineRecordTypes, dealStages, deleteHubSpotContactsWithSalesforce, chosen);
    }
}
