package io.crmsync.sandbox.salesforce;

import static io.crmsync.sandbox.salesforce.FieldDef.of;
import static io.crmsync.sandbox.salesforce.FieldDef.picklist;
import static io.crmsync.sandbox.salesforce.FieldDef.reference;
import static io.crmsync.sandbox.salesforce.FieldDef.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The standard objects crmsync syncs, with their real key prefixes, the standard fields it maps, the
 * HubSpot external ID fields the connected org gets, and the system fields every record has. Picklists
 * carry Salesforce's default values and are restricted (see the report: real orgs may leave some open).
 */
public final class StandardObjects {

    public static final List<String> INDUSTRIES = List.of("Agriculture", "Apparel", "Banking", "Biotechnology",
            "Chemicals", "Communications", "Construction", "Consulting", "Education", "Electronics", "Energy",
            "Engineering", "Entertainment", "Environmental", "Finance", "Food & Beverage", "Government", "Healthcare",
            "Hospitality", "Insurance", "Machinery", "Manufacturing", "Media", "Not For Profit", "Other", "Recreation",
            "Retail", "Shipping", "Technology", "Telecommunications", "Transportation", "Utilities");
    public static final List<String> LEAD_SOURCES = List.of("Web", "Phone Inquiry", "Partner Referral",
            "Purchased List", "Other");
    public static final List<String> LEAD_STATUSES = List.of("Open - Not Contacted", "Working - Contacted",
            "Closed - Converted", "Closed - Not Converted");
    public static final List<String> STAGES = List.of("Prospecting", "Qualification", "Needs Analysis",
            "Value Proposition", "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
            "Negotiation/Review", "Closed Won", "Closed Lost");
    public static final List<String> TASK_STATUSES = List.of("Not Started", "In Progress", "Completed",
            "Waiting on someone else", "Deferred");
    /** The statuses a new org flags IsClosed in TaskStatus: a task with one of them has Task.IsClosed true. */
    public static final List<String> CLOSED_TASK_STATUSES = List.of("Completed");
    /** Salesforce's default Task.Type values (an org can add its own; these four are what a new org has). */
    public static final List<String> TASK_TYPES = List.of("Call", "Email", "Meeting", "Other");
    /** Task.TaskSubtype's values; the API name of "List Email" is ListEmail. */
    public static final List<String> TASK_SUBTYPES = List.of("Task", "Email", "ListEmail", "Cadence", "Call",
            "LinkedIn");

    public static final SObjectSchema USER = new SObjectSchema("User", "User", "Users", "005", withSystemFields(
            "User ID", false, List.of(
                    text("Username", "Username", FieldType.STRING, 80).required().externalId(true),
                    text("Email", "Email", FieldType.EMAIL, 128).required(),
                    text("FirstName", "First Name", FieldType.STRING, 40),
                    text("LastName", "Last Name", FieldType.STRING, 80).required(),
                    text("Name", "Full Name", FieldType.STRING, 121).readOnly(),
                    of("IsActive", "Active", FieldType.BOOLEAN).withDefault(true))));

    /**
     * Record types (Setup → Object Manager in a real org, where the Metadata API creates them); here plain
     * records, so tests and the admin seed endpoint can add some. Once an org has any, Opportunity.RecordTypeId
     * must name an active one of Opportunity.
     */
    public static final SObjectSchema RECORD_TYPE = new SObjectSchema("RecordType", "Record Type", "Record Types",
            "012", withSystemFields("Record Type ID", false, List.of(
                    text("Name", "Name", FieldType.STRING, 80).required(),
                    text("DeveloperName", "Record Type Name", FieldType.STRING, 80).required(),
                    text("SobjectType", "SObject Type Name", FieldType.STRING, 40).required(),
                    of("IsActive", "Active", FieldType.BOOLEAN).withDefault(true),
                    text("Description", "Description", FieldType.STRING, 255))));

    public static final List<String> CONTACT_ROLES = List.of("Business User", "Decision Maker", "Economic Buyer",
            "Economic Decision Maker", "Evaluator", "Executive Sponsor", "Influencer", "Technical Buyer", "Other");

    public static final SObjectSchema ACCOUNT = new SObjectSchema("Account", "Account", "Accounts", "001",
            withSystemFields("Account ID", true, List.of(
                    text("Name", "Account Name", FieldType.STRING, 255).required(),
                    text("Website", "Website", FieldType.URL, 255),
                    picklist("Industry", "Industry", INDUSTRIES),
                    of("AnnualRevenue", "Annual Revenue", FieldType.CURRENCY),
                    of("NumberOfEmployees", "Employees", FieldType.INT),
                    text("Phone", "Account Phone", FieldType.PHONE, 40),
                    text("BillingStreet", "Billing Street", FieldType.TEXTAREA, 255),
                    text("BillingCity", "Billing City", FieldType.STRING, 40),
                    text("BillingState", "Billing State/Province", FieldType.STRING, 80),
                    text("BillingPostalCode", "Billing Zip/Postal Code", FieldType.STRING, 20),
                    text("BillingCountry", "Billing Country", FieldType.STRING, 80),
                    text("HubSpot_Company_Id__c", "HubSpot Company Id", FieldType.STRING, 255).externalId(true))));

    public static final SObjectSchema CONTACT = new SObjectSchema("Contact", "Contact", "Contacts", "003",
            withSystemFields("Contact ID", true, List.of(
                    text("FirstName", "First Name", FieldType.STRING, 40),
                    text("LastName", "Last Name", FieldType.STRING, 80).required(),
                    text("Name", "Full Name", FieldType.STRING, 121).readOnly(),
                    text("Email", "Email", FieldType.EMAIL, 80),
                    text("Phone", "Business Phone", FieldType.PHONE, 40),
                    text("Title", "Title", FieldType.STRING, 128),
                    reference("AccountId", "Account ID", "Account", List.of("Account")),
                    text("MailingStreet", "Mailing Street", FieldType.TEXTAREA, 255),
                    text("MailingCity", "Mailing City", FieldType.STRING, 40),
                    text("MailingState", "Mailing State/Province", FieldType.STRING, 80),
                    text("MailingPostalCode", "Mailing Zip/Postal Code", FieldType.STRING, 20),
                    text("MailingCountry", "Mailing Country", FieldType.STRING, 80),
                    picklist("LeadSource", "Lead Source", LEAD_SOURCES),
                    text("HubSpot_Contact_Id__c", "HubSpot Contact Id", FieldType.STRING, 255).externalId(true))));

    public static final SObjectSchema LEAD = new SObjectSchema("Lead", "Lead", "Leads", "00Q",
            withSystemFields("Lead ID", true, List.of(
                    text("FirstName", "First Name", FieldType.STRING, 40),
                    text("LastName", "Last Name", FieldType.STRING, 80).required(),
                    text("Name", "Full Name", FieldType.STRING, 121).readOnly(),
                    text("Company", "Company", FieldType.STRING, 255).required(),
                    text("Email", "Email", FieldType.EMAIL, 80),
                    text("Phone", "Phone", FieldType.PHONE, 40),
                    text("Title", "Title", FieldType.STRING, 128),
                    text("Website", "Website", FieldType.URL, 255),
                    picklist("Status", "Lead Status", LEAD_STATUSES).required().withDefault("Open - Not Contacted"),
                    picklist("Industry", "Industry", INDUSTRIES),
                    picklist("LeadSource", "Lead Source", LEAD_SOURCES),
                    picklist("Rating", "Rating", List.of("Hot", "Warm", "Cold")),
                    of("AnnualRevenue", "Annual Revenue", FieldType.CURRENCY),
                    of("NumberOfEmployees", "Employees", FieldType.INT),
                    text("Street", "Street", FieldType.TEXTAREA, 255),
                    text("City", "City", FieldType.STRING, 40),
                    text("State", "State/Province", FieldType.STRING, 80),
                    text("PostalCode", "Zip/Postal Code", FieldType.STRING, 20),
                    text("Country", "Country", FieldType.STRING, 80),
                    FieldDef.system("IsConverted", "Converted", FieldType.BOOLEAN).withDefault(false),
                    FieldDef.system("ConvertedContactId", "Converted Contact ID", FieldType.REFERENCE)
                            .pointingTo("ConvertedContact", List.of("Contact")),
                    FieldDef.system("ConvertedAccountId", "Converted Account ID", FieldType.REFERENCE)
                            .pointingTo("ConvertedAccount", List.of("Account")),
                    FieldDef.system("ConvertedDate", "Converted Date", FieldType.DATE),
                    text("HubSpot_Contact_Id__c", "HubSpot Contact Id", FieldType.STRING, 255).externalId(true))));

    public static final SObjectSchema OPPORTUNITY = new SObjectSchema("Opportunity", "Opportunity", "Opportunities",
            "006", withSystemFields("Opportunity ID", true, List.of(
                    text("Name", "Name", FieldType.STRING, 120).required(),
                    picklist("StageName", "Stage", STAGES).required(),
                    of("CloseDate", "Close Date", FieldType.DATE).required(),
                    of("Amount", "Amount", FieldType.CURRENCY),
                    reference("AccountId", "Account ID", "Account", List.of("Account")),
                    reference("RecordTypeId", "Record Type ID", "RecordType", List.of("RecordType")),
                    picklist("LeadSource", "Lead Source", LEAD_SOURCES),
                    text("Description", "Description", FieldType.TEXTAREA, 32_000),
                    text("HubSpot_Deal_Id__c", "HubSpot Deal Id", FieldType.STRING, 255).externalId(true))));

    /**
     * A contact's role on an opportunity (deal–contact associations). It has no owner: access follows the
     * opportunity, which cannot change after create. One role per opportunity is primary.
     */
    public static final SObjectSchema OPPORTUNITY_CONTACT_ROLE = new SObjectSchema("OpportunityContactRole",
            "Opportunity Contact Role", "Opportunity Contact Roles", "00K", withSystemFields("Contact Role ID", false,
                    List.of(
                            reference("OpportunityId", "Opportunity ID", "Opportunity", List.of("Opportunity"))
                                    .required().notUpdateable(),
                            reference("ContactId", "Contact ID", "Contact", List.of("Contact")).required(),
                            picklist("Role", "Role", CONTACT_ROLES),
                            of("IsPrimary", "Primary", FieldType.BOOLEAN).withDefault(false))));

    /**
     * A task or logged activity (call, email …). TaskSubtype can be set on create only: an update, or an upsert
     * that matches an existing task, naming it fails with INVALID_FIELD_FOR_INSERT_UPDATE. IsClosed follows
     * Status (see {@link #CLOSED_TASK_STATUSES}). HubSpot_Task_Id__c keys tasks synced with HubSpot tasks,
     * HubSpot_Activity_Id__c ("calls:123") HubSpot activities written as tasks.
     */
    public static final SObjectSchema TASK = new SObjectSchema("Task", "Task", "Tasks", "00T",
            withSystemFields("Activity ID", true, List.of(
                    text("Subject", "Subject", FieldType.STRING, 255),
                    text("Description", "Description", FieldType.TEXTAREA, 32_000),
                    of("ActivityDate", "Due Date Only", FieldType.DATE),
                    picklist("Status", "Status", TASK_STATUSES).required().withDefault("Not Started"),
                    picklist("Priority", "Priority", List.of("High", "Normal", "Low")).required().withDefault("Normal"),
                    picklist("Type", "Type", TASK_TYPES),
                    picklist("TaskSubtype", "Task Subtype", TASK_SUBTYPES).withDefault("Task").notUpdateable(),
                    FieldDef.system("IsClosed", "Closed", FieldType.BOOLEAN).withDefault(false),
                    reference("WhoId", "Name ID", "Who", List.of("Contact", "Lead")),
                    reference("WhatId", "Related To ID", "What", List.of("Account", "Opportunity")),
                    text("HubSpot_Task_Id__c", "HubSpot Task Id", FieldType.STRING, 255).externalId(true),
                    text("HubSpot_Activity_Id__c", "HubSpot Activity Id", FieldType.STRING, 255).externalId(true))));

    /** Every standard object, parents before children (the order seeding and describe use). */
    public static final List<SObjectSchema> ALL = List.of(USER, RECORD_TYPE, ACCOUNT, CONTACT, LEAD, OPPORTUNITY,
            OPPORTUNITY_CONTACT_ROLE, TASK);

    private StandardObjects() {
    }

    /** Id first, then the object's own fields, then the owner and audit fields Salesforce adds to every record. */
    private static List<FieldDef> withSystemFields(String idLabel, boolean owned, List<FieldDef> own) {
        List<FieldDef> fields = new ArrayList<>();
        fields.add(FieldDef.system(SObjectSchema.ID, idLabel, FieldType.ID));
        fields.addAll(own);
        if (owned) {
            fields.add(reference(SObjectSchema.OWNER_ID, "Owner ID", "Owner", List.of("User")));
        }
        fields.add(FieldDef.system(SObjectSchema.IS_DELETED, "Deleted", FieldType.BOOLEAN));
        fields.add(FieldDef.system(SObjectSchema.CREATED_DATE, "Created Date", FieldType.DATETIME));
        fields.add(FieldDef.system(SObjectSchema.CREATED_BY_ID, "Created By ID", FieldType.REFERENCE)
                .pointingTo("CreatedBy", List.of("User")));
        fields.add(FieldDef.system(SObjectSchema.LAST_MODIFIED_DATE, "Last Modified Date", FieldType.DATETIME));
        fields.add(FieldDef.system(SObjectSchema.LAST_MODIFIED_BY_ID, "Last Modified By ID", FieldType.REFERENCE)
                .pointingTo("LastModifiedBy", List.of("User")));
        fields.add(FieldDef.system(SObjectSchema.SYSTEM_MODSTAMP, "System Modstamp", FieldType.DATETIME));
        return fields;
    }
}
