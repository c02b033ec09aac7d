package io.crmsync.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.crmsync.mapping.HubSpotSchema.HubSpotProperty;
import io.crmsync.mapping.SalesforceSchema.SalesforceField;

/** Both CRMs' metadata in memory, close to a new portal and org: enough to validate every object pair. */
public final class InMemorySchemas implements HubSpotSchema, SalesforceSchema {

    final Map<String, List<HubSpotProperty>> hubSpot = new HashMap<>();
    final Map<String, List<SalesforceField>> salesforce = new HashMap<>();
    final List<String> created = new ArrayList<>();

    public InMemorySchemas() {
        for (String type : List.of("contact", "company", "deal")) {
            List<HubSpotProperty> props = new ArrayList<>();
            props.add(new HubSpotProperty("hs_object_id", "number", "number", List.of(), true, true, false, true));
            props.add(new HubSpotProperty("createdate", "datetime", "date", List.of(), true, false, false, true));
            props.add(new HubSpotProperty("hubspot_owner_id", "enumeration", "select", List.of(), false, false, true,
                    true));
            hubSpot.put(type, props);
        }
        List.of("email", "firstname", "lastname", "company", "jobtitle", "address", "city", "state", "zip",
                "country").forEach(p -> hs("contact", text(p)));
        hs("contact", new HubSpotProperty("phone", "string", "phonenumber", List.of(), false, false, false, true));
        hs("contact", number("annualrevenue"));
        hs("contact", number("numemployees"));
        hs("contact", new HubSpotProperty("message", "string", "textarea", List.of(), false, false, false, true));
        hs("contact", select("lifecyclestage", "subscriber", "lead", "customer"));
        hs("contact", new HubSpotProperty("hobbies", "enumeration", "checkbox", List.of("chess", "go"), false, false,
                false, false));
        hs("contact", new HubSpotProperty("opted_in", "bool", "booleancheckbox", List.of("true", "false"), false,
                false, false, false));
        hs("contact", new HubSpotProperty("birthday", "date", "date", List.of(), false, false, false, false));
        hs("contact", new HubSpotProperty("account_manager", "enumeration", "select", List.of(), false, false, true,
                false));
        List.of("name", "website", "phone", "city", "state", "country").forEach(p -> hs("company", text(p)));
        hs("company", number("annualrevenue"));
        hs("company", number("numberofemployees"));
        hs("deal", text("dealname"));
        hs("deal", text("description"));
        hs("deal", number("amount"));
        hs("deal", select("dealstage", "appointmentscheduled", "closedwon", "closedlost"));
        hs("deal", new HubSpotProperty("closedate", "datetime", "date", List.of(), false, false, false, true));

        sf("Lead", idField(), field("FirstName", "string"), field("LastName", "string").required(),
                field("Company", "string").required(), field("Email", "email"), field("Phone", "phone"),
                field("Title", "string"), field("Street", "textarea"), field("City", "string"),
                field("State", "string"), field("PostalCode", "string"), field("Country", "string"),
                field("AnnualRevenue", "currency"), field("NumberOfEmployees", "int"),
                field("Description", "textarea"), picklist("Status", "Open", "Working", "Closed").required()
                        .defaulted(), picklist("Rating", "Hot", "Warm", "Cold"),
                field("Name", "string").readOnly(), field("IsConverted", "boolean").readOnly(),
                field("Opted_In__c", "boolean").required(), field("Birthday__c", "date"),
                new F("Hobbies__c", "multipicklist", List.of("chess", "go", "bridge")), owner(),
                field("HubSpot_Contact_Id__c", "string").externalId());
        sf("Contact", idField(), field("FirstName", "string"), field("LastName", "string").required(),
                field("Email", "email"), field("Phone", "phone"), field("Title", "string"),
                field("MailingStreet", "textarea"), field("MailingCity", "string"), field("MailingState", "string"),
                field("MailingPostalCode", "string"), field("MailingCountry", "string"), owner(),
                field("HubSpot_Contact_Id__c", "string").externalId());
        sf("Account", idField(), field("Name", "string").required(), field("Website", "url"),
                field("Phone", "phone"), field("BillingCity", "string"), field("BillingState", "string"),
                field("BillingCountry", "string"), field("AnnualRevenue", "currency"),
                field("NumberOfEmployees", "int"), owner(), field("HubSpot_Company_Id__c", "string").externalId());
        sf("Opportunity", idField(), field("Name", "string").required(),
                picklist("StageName", "Prospecting", "Closed Won", "Closed Lost").required(),
                field("CloseDate", "date").required(), field("Amount", "currency"), field("Description", "textarea"),
                new F("AccountId", "reference", List.of(), List.of("Account")), owner(),
                field("HubSpot_Deal_Id__c", "string").externalId());
    }

    @Override
    public List<HubSpotProperty> properties(String objectType) {
        return List.copyOf(hubSpot.getOrDefault(objectType, List.of()));
    }

    @Override
    public void createProperty(String objectType, MappingsFile.NewHubSpotProperty property) {
        created.add(objectType + "." + property.name());
        hs(objectType, new HubSpotProperty(property.name(), property.type(), property.fieldType(),
                property.options().stream().map(MappingsFile.NewHubSpotProperty.Option::value).toList(), false,
                false, false, false));
    }

    @Override
    public List<SalesforceField> fields(String sObject) {
        return List.copyOf(salesforce.getOrDefault(sObject, List.of()));
    }

    void hs(String type, HubSpotProperty property) {
        hubSpot.get(type).removeIf(p -> p.name().equals(property.name()));
        hubSpot.get(type).add(property);
    }

    public void sf(String sObject, F... fields) {
        List<SalesforceField> list = salesforce.computeIfAbsent(sObject, s -> new ArrayList<>());
        for (F f : fields) {
            list.removeIf(existing -> existing.name().equals(f.name));
            list.add(f.build());
        }
    }

    void removeSalesforceField(String sObject, String name) {
        salesforce.get(sObject).removeIf(f -> f.name().equals(name));
    }

    static HubSpotProperty text(String name) {
        return new HubSpotProperty(name, "string", "text", List.of(), false, false, false, true);
    }

    static HubSpotProperty number(String name) {
        return new HubSpotProperty(name, "number", "number", List.of(), false, false, false, true);
    }

    static HubSpotProperty select(String name, String... options) {
        return new HubSpotProperty(name, "enumeration", "select", List.of(options), false, false, false, true);
    }

    public static F field(String name, String type) {
        return new F(name, type, List.of());
    }

    static F picklist(String name, String... values) {
        return new F(name, "picklist", List.of(values));
    }

    static F idField() {
        return field("Id", "id").readOnly().defaulted();
    }

    static F owner() {
        return new F("OwnerId", "reference", List.of(), List.of("User"));
    }

    /** A Salesforce field under construction: writable and nillable unless said otherwise. */
    public static final class F {
        final String name;
        final String type;
        final List<String> picklist;
        final List<String> referenceTo;
        boolean updateable = true;
        boolean createable = true;
        boolean nillable = true;
        boolean defaulted;
        boolean externalId;
        boolean unique;

        F(String name, String type, List<String> picklist) {
            this(name, type, picklist, List.of());
        }

        F(String name, String type, List<String> picklist, List<String> referenceTo) {
            this.name = name;
            this.type = type;
            this.picklist = picklist;
            this.referenceTo = referenceTo;
        }

        F required() {
            nillable = false;
            return this;
        }

        F defaulted() {
            defaulted = true;
            return this;
        }

        F readOnly() {
            updateable = false;
            createable = false;
            return this;
        }

        F createOnly() {
            updateable = false;
            return this;
        }

        /** An External ID field marked Unique, as crmsync's default fields are. */
        public F externalId() {
            externalId = true;
            unique = true;
            return this;
        }

        /** An External ID field whose "Unique" box is not ticked: upserts by it may find several records. */
        F externalIdNotUnique() {
            externalId = true;
            unique = false;
            return this;
        }

        SalesforceField build() {
            return new SalesforceField(name, type, type.equals("string") ? 255 : 0, picklist, updateable, createable,
                    nillable, defaulted, externalId, unique, referenceTo);
        }
    }
}
