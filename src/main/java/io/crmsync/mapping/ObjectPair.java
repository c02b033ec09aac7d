package io.crmsync.mapping;

/**
 * The object pairs crmsync syncs. The external-ID field on the Salesforce side holds the HubSpot record id, so
 * creates are idempotent upserts and a Salesforce record always names its HubSpot twin. Each pair names its
 * default field; a tenant sharing its org with another names its own in the mapping
 * ({@link ObjectMapping#salesforceIdField()}), since HubSpot ids are per portal.
 */
public enum ObjectPair {
    CONTACT_LEAD("contact", "Lead", "HubSpot_Contact_Id__c"),
    CONTACT_CONTACT("contact", "Contact", "HubSpot_Contact_Id__c"),
    COMPANY_ACCOUNT("company", "Account", "HubSpot_Company_Id__c"),
    DEAL_OPPORTUNITY("deal", "Opportunity", "HubSpot_Deal_Id__c");

    private final String hubSpotObject;
    private final String salesforceObject;
    private final String defaultIdField;

    ObjectPair(String hubSpotObject, String salesforceObject, String defaultIdField) {
        this.hubSpotObject = hubSpotObject;
        this.salesforceObject = salesforceObject;
        this.defaultIdField = defaultIdField;
    }

    public String hubSpotObject() {
        return hubSpotObject;
    }

    public String salesforceObject() {
        return salesforceObject;
    }

    public String defaultIdField() {
        return defaultIdField;
    }
}
