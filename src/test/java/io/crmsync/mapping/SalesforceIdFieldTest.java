package io.crmsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.MappingValidator.Validation;

/**
 * A tenant's own Salesforce id field ({@code salesforceIdField}, for a second HubSpot account on the org): read
 * from mappings.yaml, checked against the org (exists, a text External ID, Unique, not also mapped as data), used
 * by the mapping, shown in the plan and written back; left out, the pair's default as before.
 */
class SalesforceIdFieldTest {

    static final String EU = "HubSpot_EU_Contact_Id__c";

    final InMemorySchemas schemas = new InMemorySchemas();
    final MappingValidator validator = new MappingValidator(schemas, schemas);

    Validation validate(String yaml) {
        MappingsYaml.Parsed parsed = MappingsYaml.parse(yaml);
        assertThat(parsed.errors()).as("parse errors").isEmpty();
        return validator.validate(parsed.file().orElseThrow());
    }

    List<String> errors(String yaml) {
        return validate(yaml).errors().stream().map(MappingError::message).toList();
    }

    static String lead(String idField) {
        return "contact_lead:\n  preset: recommended\n  salesforceIdField: " + idField + "\n";
    }

    @Test
    void withoutTheKeyAPairUsesItsDefaultField() {
        Validation validation = validate("contact_lead:\n  preset: recommended\n");

        ObjectMapping mapping = validation.mappings().get(ObjectPair.CONTACT_LEAD);
        assertThat(mapping.salesforceIdField()).isEqualTo("HubSpot_Contact_Id__c");
        assertThat(mapping.ownIdField()).isFalse();
        assertThat(MappingsYaml.render(Map.of(ObjectPair.CONTACT_LEAD, mapping))).doesNotContain("salesforceIdField");
    }

    @Test
    void aTenantsOwnFieldIsValidatedUsedAndRenderedBack() {
        schemas.sf("Lead", InMemorySchemas.field(EU, "string").externalId());

        Validation validation = validate(lead(EU));

        assertThat(validation.errors()).isEmpty();
        ObjectMapping mapping = validation.mappings().get(ObjectPair.CONTACT_LEAD);
        assertThat(mapping.salesforceIdField()).isEqualTo(EU);
        assertThat(mapping.fields()).isEqualTo(RecommendedMappings.CONTACT_LEAD.fields());
        String yaml = MappingsYaml.render(Map.of(ObjectPair.CONTACT_LEAD, mapping));
        assertThat(yaml).contains("salesforceIdField: " + EU);
        // What get prints applies again to the same mapping.
        assertThat(validate(yaml).mappings().get(ObjectPair.CONTACT_LEAD)).isEqualTo(mapping);
        assertThat(MappingPlan.between(Map.of(ObjectPair.CONTACT_LEAD, RecommendedMappings.CONTACT_LEAD),
                validation.mappings(), List.of())).containsExactly("contact_lead: changed salesforceIdField:"
                        + " HubSpot_Contact_Id__c → " + EU + " (records are upserted and paired by the new field from"
                        + " now on)");
    }

    @Test
    void aMissingFieldIsRefusedSayingToCreateIt() {
        assertThat(errors(lead(EU))).containsExactly("line 1, contact_lead, " + EU + ": the salesforceIdField"
                + " external-ID field Lead." + EU + " does not exist in Salesforce: crmsync upserts by it (create it"
                + " as a unique External ID text field)");
    }

    @Test
    void theFieldMustBeAUniqueTextExternalId() {
        schemas.sf("Lead", InMemorySchemas.field("Plain__c", "string"), InMemorySchemas.field("Number_Id__c",
                "double").externalId(), InMemorySchemas.field("Loose_Id__c", "string").externalIdNotUnique());

        assertThat(errors(lead("Plain__c"))).singleElement().asString()
                .endsWith("Lead.Plain__c is not an External ID field in Salesforce: mark it External ID and Unique");
        assertThat(errors(lead("Number_Id__c"))).singleElement().asString()
                .endsWith("Lead.Number_Id__c is a double field: the HubSpot id needs a Text External ID field");
        assertThat(errors(lead("Loose_Id__c"))).singleElement().asString()
                .contains("Lead.Loose_Id__c is an External ID field but not Unique");
    }

    @Test
    void theIdFieldCannotAlsoBeMappedAsData() {
        schemas.sf("Lead", InMemorySchemas.field(EU, "string").externalId());

        List<String> errors = errors(lead(EU) + "  fields:\n    - hubspot: firstname\n      salesforce: " + EU
                + "\n      rule: two_way\n");

        assertThat(errors).anySatisfy(e -> assertThat(e).endsWith("Lead." + EU + " holds the HubSpot record id,"
                + " which crmsync writes itself: it cannot be mapped (it is this pair's salesforceIdField)"));
    }

    @Test
    void theKeyMustNameAField() {
        MappingsYaml.Parsed parsed = MappingsYaml.parse(lead("\"not a field\""));

        assertThat(parsed.errors()).extracting(MappingError::message).singleElement().asString()
                .contains("salesforceIdField must be a Salesforce field's API name");
    }
}
