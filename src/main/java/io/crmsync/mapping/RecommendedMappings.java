package io.crmsync.mapping;

import static io.crmsync.mapping.FieldMapping.text;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "recommended" setup a tenant starts with: the default mappings HubSpot's connector users know (name,
 * email, phone, company, title, address, revenue, employees, owner …), each two-way so either CRM can be edited.
 * Owners match by email (HubSpot owner ↔ active Salesforce user), never by guess.
 * Tenants change rules and fields with mappings.yaml.
 */
public final class RecommendedMappings {

    /**
     * Salesforce requires these on create; HubSpot's connector fills blanks with "[not provided]", and so do we,
     * so a record without them still syncs.
     */
    public static final String NOT_PROVIDED = "[not provided]";

    private static final SyncRule TWO_WAY = SyncRule.TWO_WAY;

    public static final ObjectMapping CONTACT_LEAD = new ObjectMapping(ObjectPair.CONTACT_LEAD, List.of(
            text("email", "Email", TWO_WAY),
            text("firstname", "FirstName", TWO_WAY),
            text("lastname", "LastName", TWO_WAY),
            text("company", "Company", TWO_WAY),
            text("phone", "Phone", TWO_WAY),
            text("jobtitle", "Title", TWO_WAY),
            text("address", "Street", TWO_WAY),
            text("city", "City", TWO_WAY),
            text("state", "State", TWO_WAY),
            text("zip", "PostalCode", TWO_WAY),
            text("country", "Country", TWO_WAY),
            // HubSpot's numemployees is a dropdown of ranges ("25-50"), Salesforce's NumberOfEmployees a number:
            // not compatible, so not in the preset.
            new FieldMapping("annualrevenue", "AnnualRevenue", TWO_WAY, FieldKind.NUMBER, Map.of()),
            new FieldMapping("hubspot_owner_id", "OwnerId", TWO_WAY, FieldKind.OWNER, Map.of())),
            Map.of("LastName", NOT_PROVIDED, "Company", NOT_PROVIDED));

    public static final ObjectMapping CONTACT_CONTACT = new ObjectMapping(ObjectPair.CONTACT_CONTACT, List.of(
            text("email", "Email", TWO_WAY),
            text("firstname", "FirstName", TWO_WAY),
            text("lastname", "LastName", TWO_WAY),
            text("phone", "Phone", TWO_WAY),
            text("jobtitle", "Title", TWO_WAY),
            text("address", "MailingStreet", TWO_WAY),
            text("city", "MailingCity", TWO_WAY),
            text("state", "MailingState", TWO_WAY),
            text("zip", "MailingPostalCode", TWO_WAY),
            text("country", "MailingCountry", TWO_WAY),
            new FieldMapping("hubspot_owner_id", "OwnerId", TWO_WAY, FieldKind.OWNER, Map.of())),
            Map.of("LastName", NOT_PROVIDED));

    public static final ObjectMapping COMPANY_ACCOUNT = new ObjectMapping(ObjectPair.COMPANY_ACCOUNT, List.of(
            text("name", "Name", TWO_WAY),
            text("website", "Website", TWO_WAY),
            text("phone", "Phone", TWO_WAY),
            text("city", "BillingCity", TWO_WAY),
            text("state", "BillingState", TWO_WAY),
            text("country", "BillingCountry", TWO_WAY),
            new FieldMapping("annualrevenue", "AnnualRevenue", TWO_WAY, FieldKind.NUMBER, Map.of()),
            new FieldMapping("numberofemployees", "NumberOfEmployees", TWO_WAY, FieldKind.NUMBER, Map.of()),
            new FieldMapping("hubspot_owner_id", "OwnerId", TWO_WAY, FieldKind.OWNER, Map.of())),
            Map.of("Name", NOT_PROVIDED));

    /**
     * Deals: the stage map (HubSpot stage id → StageName) and the pipeline ↔ record type map are tenant settings,
     * laid over {@code dealstage} and {@code pipeline} when the worker runs.
     */
    public static final ObjectMapping DEAL_OPPORTUNITY = new ObjectMapping(ObjectPair.DEAL_OPPORTUNITY, List.of(
            text("dealname", "Name", TWO_WAY),
            new FieldMapping("amount", "Amount", TWO_WAY, FieldKind.NUMBER, Map.of()),
            new FieldMapping("closedate", "CloseDate", TWO_WAY, FieldKind.DATE, Map.of()),
            new FieldMapping("dealstage", "StageName", TWO_WAY, FieldKind.ENUMERATION, Map.of()),
            text("description", "Description", TWO_WAY),
            new FieldMapping("hubspot_owner_id", "OwnerId", TWO_WAY, FieldKind.OWNER, Map.of())),
            Map.of("Name", NOT_PROVIDED));

    public static final List<ObjectMapping> ALL = List.of(CONTACT_LEAD, CONTACT_CONTACT, COMPANY_ACCOUNT,
            DEAL_OPPORTUNITY);

    private RecommendedMappings() {
    }

    public static Optional<ObjectMapping> forPair(ObjectPair pair) {
        return ALL.stream().filter(m -> m.pair() == pair).findFirst();
    }
}
