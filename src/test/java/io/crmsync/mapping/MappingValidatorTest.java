package io.crmsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.MappingValidator.Validation;

/** The validator against in-memory metadata: every check, each with a case that passes and one that fails. */
class MappingValidatorTest {

    final InMemorySchemas schemas = new InMemorySchemas();
    final MappingValidator validator = new MappingValidator(schemas, schemas);

    Validation validate(String yaml) {
        MappingsYaml.Parsed parsed = MappingsYaml.parse(yaml);
        assertThat(parsed.errors()).as("parse errors").isEmpty();
        return validator.validate(parsed.file().orElseThrow());
    }

    List<String> errors(String yaml) {
        Validation validation = validate(yaml);
        assertThat(validation.mappings()).as("an invalid file yields no mappings").isEmpty();
        assertThat(validation.creations()).as("an invalid file creates nothing").isEmpty();
        return validation.errors().stream().map(MappingError::message).toList();
    }

    static String lead(String fields) {
        return "contact_lead:\n  preset: recommended\n  fields:\n" + fields.stripTrailing().indent(4);
    }

    static String field(String hubSpot, String salesforce, String rule) {
        return "- hubspot: " + hubSpot + "\n  salesforce: " + salesforce + "\n  rule: " + rule + "\n";
    }

    @Test
    void theRecommendedPresetsAreValidAsTheyAre() {
        Validation validation = validate("""
                contact_lead:
                  preset: recommended
                contact_contact:
                  preset: recommended
                company_account:
                  preset: recommended
                """);

        assertThat(validation.errors()).isEmpty();
        assertThat(validation.mappings()).isEqualTo(Map.of(ObjectPair.CONTACT_LEAD, RecommendedMappings.CONTACT_LEAD,
                ObjectPair.CONTACT_CONTACT, RecommendedMappings.CONTACT_CONTACT, ObjectPair.COMPANY_ACCOUNT,
                RecommendedMappings.COMPANY_ACCOUNT));
        assertThat(validation.creations()).isEmpty();
    }

    @Test
    void overridesReplaceThePresetsMappingOfTheSamePropertyOrFieldInPlace() {
        Validation validation = validate(lead(field("email", "Email", "always_salesforce")
                + field("message", "Street", "two_way")
                + field("opted_in", "Opted_In__c", "two_way"))
                + "  required_defaults:\n    Company: n/a\n");

        assertThat(validation.errors()).isEmpty();
        ObjectMapping mapping = validation.mappings().get(ObjectPair.CONTACT_LEAD);
        assertThat(mapping.fields().get(0)).isEqualTo(FieldMapping.text("email", "Email", SyncRule.ALWAYS_SALESFORCE));
        // "address → Street" made way for "message → Street", in its place.
        assertThat(mapping.hubSpotProperties()).containsExactly("email", "firstname", "lastname", "company", "phone",
                "jobtitle", "message", "city", "state", "zip", "country", "annualrevenue", "hubspot_owner_id", "opted_in");
        assertThat(mapping.requiredDefaults()).isEqualTo(Map.of("LastName", RecommendedMappings.NOT_PROVIDED,
                "Company", "n/a"));
    }

    @Test
    void kindsAreInferredFromBothSidesMetadata() {
        Validation validation = validate(lead(field("lifecyclestage", "Rating", "two_way")
                + field("hobbies", "Hobbies__c", "two_way") + field("opted_in", "Opted_In__c", "two_way")
                + field("birthday", "Birthday__c", "two_way") + field("hubspot_owner_id", "OwnerId", "two_way")
                + field("message", "Description", "two_way"))
                + """
                deal_opportunity:
                  fields:
                    - hubspot: dealname
                      salesforce: Name
                      rule: two_way
                    - hubspot: dealstage
                      salesforce: StageName
                      rule: two_way
                      values: {closedwon: Closed Won, closedlost: Closed Lost}
                    - hubspot: closedate
                      salesforce: CloseDate
                      rule: two_way
                """);

        assertThat(validation.errors()).isEmpty();
        Map<String, FieldKind> kinds = new java.util.HashMap<>();
        validation.mappings().values().forEach(m -> m.fields().forEach(f -> kinds.put(f.hubSpotProperty(), f.kind())));
        assertThat(kinds).containsEntry("lifecyclestage", FieldKind.ENUMERATION)
                .containsEntry("hobbies", FieldKind.MULTI_ENUMERATION).containsEntry("opted_in", FieldKind.BOOLEAN)
                .containsEntry("birthday", FieldKind.DATE).containsEntry("hubspot_owner_id", FieldKind.OWNER)
                .containsEntry("message", FieldKind.TEXT).containsEntry("dealstage", FieldKind.ENUMERATION)
                // HubSpot datetime ↔ Salesforce date: the day is what both sides hold.
                .containsEntry("closedate", FieldKind.DATE).containsEntry("annualrevenue", FieldKind.NUMBER);
    }

    @Test
    void unknownPropertiesAndFieldsAreNamed() {
        assertThat(errors(lead(field("favourite_colour", "Colour__c", "two_way")))).containsExactly(
                "line 4, contact_lead, favourite_colour → Colour__c: Salesforce field Lead.Colour__c does not exist",
                "line 4, contact_lead, favourite_colour → Colour__c: HubSpot property contact.favourite_colour does"
                        + " not exist (add create_hubspot_property to have crmsync create it)");
    }

    @Test
    void incompatibleTypesAreMismatchedTypes() {
        assertThat(errors(lead(field("annualrevenue", "Title", "two_way")))).containsExactly(
                "line 4, contact_lead, annualrevenue → Title: Mismatched Types: HubSpot number ↔ Salesforce string"
                        + " (contact.annualrevenue cannot be mapped to Lead.Title)");
        assertThat(errors(lead(field("message", "City", "two_way")))).singleElement().asString()
                .contains("Mismatched Types: HubSpot textarea ↔ Salesforce string");
        assertThat(errors(lead(field("lifecyclestage", "Hobbies__c", "two_way")))).singleElement().asString()
                .contains("Mismatched Types: HubSpot select ↔ Salesforce multipicklist");
        assertThat(errors(lead(field("opted_in", "Title", "two_way")))).singleElement().asString()
                .contains("Mismatched Types: HubSpot booleancheckbox ↔ Salesforce string");
    }

    @Test
    void anExplicitKindMustFitTheTypes() {
        assertThat(errors(lead(field("email", "Email", "two_way") + "  kind: number\n"))).containsExactly(
                "line 4, contact_lead, email → Email: Field Format Mismatch: kind number does not fit HubSpot text"
                        + " ↔ Salesforce email (use text)");
    }

    @Test
    void rulesMayNotWriteWhereTheTargetIsReadOnly() {
        assertThat(errors(lead(field("firstname", "Name", "two_way")))).containsExactly(
                "line 4, contact_lead, firstname → Name: Salesforce field Lead.Name is read-only (not updateable),"
                        + " but rule two_way writes to Salesforce (use always_salesforce or dont_sync)");
        assertThat(validate(lead(field("firstname", "Name", "always_salesforce"))).errors()).isEmpty();

        schemas.sf("Lead", InMemorySchemas.field("Birthday__c", "date").createOnly());
        assertThat(errors(lead(field("birthday", "Birthday__c", "prefer_hubspot_unless_blank")))).singleElement()
                .asString().contains("Lead.Birthday__c is read-only (not updateable)");

        assertThat(errors(lead(field("createdate", "Birthday__c", "prefer_salesforce_unless_blank"))))
                .contains("line 4, contact_lead, createdate → Birthday__c: HubSpot property contact.createdate is"
                        + " read-only, but rule prefer_salesforce_unless_blank writes to HubSpot (use always_hubspot"
                        + " or dont_sync)");
    }

    @Test
    void hubSpotUserPropertiesCannotBeMapped() {
        assertThat(errors(lead("- hubspot: hubspot_owner_id\n  salesforce: OwnerId\n  remove: false\n  rule: two_way\n"
                + field("account_manager", "Description", "two_way")))).containsExactly(
                "line 8, contact_lead, account_manager → Description: HubSpot property contact.account_manager is a"
                        + " HubSpot user property: user properties cannot be mapped");
    }

    @Test
    void aPropertyOrFieldMappedTwiceInOnePairIsRefused() {
        // message → Street and city → Description replace the preset's address → Street and city → City in
        // place, so the first message → Description comes last and collides with both.
        assertThat(errors(lead(field("message", "Description", "two_way") + field("message", "Street", "two_way")
                + field("city", "Description", "two_way")))).containsExactly(
                "line 4, contact_lead, message → Description: HubSpot property message is mapped twice in"
                        + " contact_lead (also to Street, line 7)",
                "line 4, contact_lead, message → Description: Salesforce field Lead.Description is mapped twice in"
                        + " contact_lead (also from city, line 10)");
        assertThat(errors("""
                company_account:
                  fields:
                    - hubspot: name
                      salesforce: Name
                      rule: two_way
                    - hubspot: name
                      salesforce: Website
                      rule: two_way
                """)).containsExactly("line 6, company_account, name → Website: HubSpot property name is mapped"
                        + " twice in company_account (also to Name, line 3)");
    }

    @Test
    void anOverrideRedefinesBothOfItsEnds() {
        // city → Title takes the place of city → City and of jobtitle → Title: neither stays mapped.
        Validation validation = validate(lead(field("city", "Title", "two_way")));

        assertThat(validation.errors()).isEmpty();
        ObjectMapping mapping = validation.mappings().get(ObjectPair.CONTACT_LEAD);
        assertThat(mapping.hubSpotProperties()).contains("city").doesNotContain("jobtitle");
        assertThat(mapping.salesforceFields()).contains("Title").doesNotContain("City");
    }

    @Test
    void theOwnerIsOnlyMappedTwoWay() {
        assertThat(errors(lead(field("hubspot_owner_id", "OwnerId", "prefer_salesforce_unless_blank"))))
                .containsExactly("line 4, contact_lead, hubspot_owner_id → OwnerId: the owner mapping can only be"
                        + " two_way, not prefer_salesforce_unless_blank");
    }

    @Test
    void valueMapsUseRealOptionsAndPicklistValues() {
        assertThat(errors(lead(field("lifecyclestage", "Rating", "two_way")
                + "  values: {lead: Warm, customer: Hot, partner: Hot, subscriber: Freezing}\n")))
                .containsExactly(
                        "line 4, contact_lead, lifecyclestage → Rating: HubSpot value \"partner\" is not an option of"
                                + " contact.lifecyclestage (options: subscriber, lead, customer)",
                        "line 4, contact_lead, lifecyclestage → Rating: Salesforce value \"Freezing\" is not in the"
                                + " picklist Lead.Rating (values: Hot, Warm, Cold)");
        assertThat(errors(lead(field("city", "City", "two_way") + "  values: {Paris: PARIS}\n"))).containsExactly(
                "line 4, contact_lead, city → City: values apply only to enumerations (kind enumeration or"
                        + " multi_enumeration), not text");
        assertThat(validate(lead(field("hobbies", "Hobbies__c", "two_way") + "  values: {go: bridge}\n")).errors())
                .isEmpty();
    }

    @Test
    void thePairsExternalIdFieldMustExistAndBeAnExternalId() {
        schemas.removeSalesforceField("Lead", "HubSpot_Contact_Id__c");
        assertThat(errors("contact_lead:\n  preset: recommended\n")).containsExactly(
                "line 1, contact_lead, HubSpot_Contact_Id__c: the external-ID field Lead.HubSpot_Contact_Id__c does"
                        + " not exist in Salesforce: crmsync upserts by it (create it as a unique External ID text field)");

        schemas.sf("Account", InMemorySchemas.field("HubSpot_Company_Id__c", "string"));
        assertThat(errors("company_account:\n  preset: recommended\n")).containsExactly(
                "line 1, company_account, HubSpot_Company_Id__c: Account.HubSpot_Company_Id__c is not an External ID"
                        + " field in Salesforce: mark it External ID and Unique");
    }

    @Test
    void thePairsExternalIdFieldMustBeUniqueOrUpsertsCouldMatchSeveralRecords() {
        schemas.sf("Lead", InMemorySchemas.field("HubSpot_Contact_Id__c", "string").externalIdNotUnique());
        assertThat(errors("contact_lead:\n  preset: recommended\n")).containsExactly(
                "line 1, contact_lead, HubSpot_Contact_Id__c: Lead.HubSpot_Contact_Id__c is an External ID field but"
                        + " not Unique in Salesforce: crmsync upserts by it and relies on it to never create a duplicate"
                        + " (mark it Unique in Salesforce: Setup → Object Manager → Lead → Fields → HubSpot_Contact_Id__c"
                        + " → Edit → Unique)");
        // Validation refuses it, so nothing is planned or applied.
        MappingValidator.Validation refused = validate("contact_lead:\n  preset: recommended\n");
        assertThat(refused.valid()).isFalse();
        assertThat(refused.mappings()).isEmpty();

        schemas.sf("Lead", InMemorySchemas.field("HubSpot_Contact_Id__c", "string").externalId());
        assertThat(validate("contact_lead:\n  preset: recommended\n").errors()).isEmpty();
    }

    @Test
    void theExternalIdFieldIsCrmsyncsOwn() {
        assertThat(errors(lead(field("email", "HubSpot_Contact_Id__c", "two_way")))).contains(
                "line 4, contact_lead, email → HubSpot_Contact_Id__c: Lead.HubSpot_Contact_Id__c holds the HubSpot"
                        + " record id, which crmsync writes itself: it cannot be mapped");
    }

    @Test
    void fieldsSalesforceRequiresOnCreateNeedAMappingOrADefault() {
        String deal = """
                deal_opportunity:
                  fields:
                    - hubspot: dealname
                      salesforce: Name
                      rule: two_way
                    - hubspot: amount
                      salesforce: Amount
                      rule: two_way
                    - hubspot: closedate
                      salesforce: CloseDate
                      rule: always_salesforce
                """;
        assertThat(errors(deal)).containsExactlyInAnyOrder(
                "line 1, deal_opportunity, StageName: Salesforce requires Opportunity.StageName when crmsync creates"
                        + " a record: map it with a rule that writes to Salesforce, or give it a value under"
                        + " required_defaults",
                "line 1, deal_opportunity, CloseDate: Salesforce requires Opportunity.CloseDate when crmsync creates"
                        + " a record: map it with a rule that writes to Salesforce, or give it a value under"
                        + " required_defaults");

        Validation fixed = validate(deal + "  required_defaults:\n    StageName: Prospecting\n    CloseDate: 2026-12-31\n");
        assertThat(fixed.errors()).isEmpty();
        assertThat(fixed.mappings().get(ObjectPair.DEAL_OPPORTUNITY).requiredDefaults())
                .containsEntry("StageName", "Prospecting");
    }

    @Test
    void requiredDefaultsNameWritableFields() {
        assertThat(errors("contact_lead:\n  preset: recommended\n  required_defaults:\n    Region__c: EMEA\n"
                + "    Name: x\n")).containsExactly(
                "line 1, contact_lead, required_defaults.Name: Salesforce field Lead.Name is not createable: a"
                        + " default cannot be sent",
                "line 1, contact_lead, required_defaults.Region__c: Salesforce field Lead.Region__c does not exist");
    }

    @Test
    void missingPropertiesAreCreatedWhenTheFileSaysHow() {
        Validation validation = validate(lead(field("tier", "Rating", "two_way") + """
                  values: {gold: Hot, silver: Warm}
                  create_hubspot_property:
                    label: Tier
                    type: enumeration
                    fieldType: radio
                    options: [{label: Gold, value: gold}, {label: Silver, value: silver}]
                """ + field("nickname", "Title", "always_hubspot") + """
                  create_hubspot_property: {label: Nickname, type: string, fieldType: text}
                """));

        assertThat(validation.errors()).isEmpty();
        assertThat(validation.creations()).extracting(c -> c.objectType() + "." + c.property().name())
                .containsExactlyInAnyOrder("contact.tier", "contact.nickname");
        assertThat(validation.mappings().get(ObjectPair.CONTACT_LEAD).fields()).contains(
                new FieldMapping("tier", "Rating", SyncRule.TWO_WAY, FieldKind.ENUMERATION,
                        Map.of("gold", "Hot", "silver", "Warm")));
    }

    @Test
    void aPropertyThatAlreadyExistsIsNotCreatedAgain() {
        Validation validation = validate(lead(field("email", "Email", "two_way")
                + "  create_hubspot_property: {label: Email, type: string, fieldType: text}\n"));

        assertThat(validation.errors()).isEmpty();
        assertThat(validation.creations()).isEmpty();
    }

    @Test
    void propertiesToCreateMustBeCreatable() {
        assertThat(errors(lead(field("Tier", "Rating", "two_way")
                + "  create_hubspot_property: {label: Tier, type: enumeration, fieldType: text}\n"
                + field("score", "AnnualRevenue", "two_way")
                + "  create_hubspot_property: {label: Score, type: number, fieldType: number, options: [a]}\n"
                + field("plan", "Description", "two_way")
                + "  create_hubspot_property: {label: Plan, type: html, fieldType: html}\n")))
                .containsExactlyInAnyOrder(
                        "line 4, contact_lead, Tier → Rating: cannot create HubSpot property \"Tier\": internal names"
                                + " are lower-case letters, digits and underscores, starting with a letter",
                        "line 4, contact_lead, Tier → Rating: cannot create HubSpot property Tier: type enumeration"
                                + " takes fieldType checkbox or radio or select, not text",
                        "line 4, contact_lead, Tier → Rating: cannot create HubSpot property Tier: an enumeration"
                                + " needs options",
                        "line 8, contact_lead, score → AnnualRevenue: cannot create HubSpot property score: only"
                                + " enumerations take options",
                        "line 12, contact_lead, plan → Description: cannot create HubSpot property plan of type html"
                                + " (use bool, date, datetime, enumeration, number, string)");
        assertThat(errors(lead(field("tier", "Rating", "two_way")
                + "  create_hubspot_property: {label: Tier, type: enumeration, fieldType: select}\n")))
                .singleElement().asString().endsWith("an enumeration needs options");
    }

    @Test
    void presetsAndRemovalsOnlyWhereTheyExist() {
        assertThat(validate("deal_opportunity:\n  preset: recommended\n").valid()).isTrue();
        assertThat(errors(lead("- hubspot: website\n  salesforce: Website\n  remove: true\n"))).containsExactly(
                "line 4, contact_lead, website → Website: the recommended preset maps neither website nor Website:"
                        + " nothing to remove");
        assertThat(errors("""
                company_account:
                  fields:
                    - hubspot: name
                      salesforce: Name
                      rule: two_way
                    - hubspot: city
                      salesforce: BillingCity
                      remove: true
                """)).containsExactly("line 6, company_account, city → BillingCity: remove: true only applies with"
                        + " preset: recommended");
    }

    @Test
    void oneInvalidPairInvalidatesTheWholeFile() {
        Validation validation = validator.validate(MappingsYaml.parse("""
                company_account:
                  preset: recommended
                contact_lead:
                  preset: recommended
                  fields:
                    - hubspot: annualrevenue
                      salesforce: City
                      rule: two_way
                """).file().orElseThrow());

        assertThat(validation.valid()).isFalse();
        assertThat(validation.mappings()).isEmpty();
        assertThat(validation.errors()).singleElement().satisfies(e -> {
            assertThat(e.pair()).contains(ObjectPair.CONTACT_LEAD);
            assertThat(e.field()).isEqualTo("annualrevenue → City");
            assertThat(e.line()).isEqualTo(6);
        });
    }
}
