package io.crmsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.MappingValidator.PropertyCreation;
import io.crmsync.mapping.MappingsFile.NewHubSpotProperty;

class MappingPlanTest {

    @Test
    void listsCreationsThenAddedChangedAndRemovedMappingsPerPair() {
        ObjectMapping current = new ObjectMapping(ObjectPair.CONTACT_LEAD, List.of(
                FieldMapping.text("email", "Email", SyncRule.TWO_WAY),
                FieldMapping.text("city", "City", SyncRule.TWO_WAY),
                new FieldMapping("lifecyclestage", "Status", SyncRule.TWO_WAY, FieldKind.ENUMERATION,
                        Map.of("lead", "Open"))),
                Map.of("Company", "[not provided]", "LastName", "[not provided]"));
        ObjectMapping proposed = new ObjectMapping(ObjectPair.CONTACT_LEAD, List.of(
                FieldMapping.text("email", "Email", SyncRule.ALWAYS_SALESFORCE),
                new FieldMapping("lifecyclestage", "Status", SyncRule.TWO_WAY, FieldKind.ENUMERATION,
                        Map.of("lead", "Working")),
                new FieldMapping("tier", "Rating", SyncRule.TWO_WAY, FieldKind.ENUMERATION, Map.of("gold", "Hot"))),
                Map.of("Company", "n/a", "Status", "Open"));
        PropertyCreation tier = new PropertyCreation(ObjectPair.CONTACT_LEAD, "contact", new NewHubSpotProperty("tier",
                "Tier", "enumeration", "select", List.of(new NewHubSpotProperty.Option("Gold", "gold"))));

        List<String> plan = MappingPlan.between(Map.of(ObjectPair.CONTACT_LEAD, current,
                ObjectPair.COMPANY_ACCOUNT, RecommendedMappings.COMPANY_ACCOUNT),
                Map.of(ObjectPair.CONTACT_LEAD, proposed, ObjectPair.COMPANY_ACCOUNT,
                        RecommendedMappings.COMPANY_ACCOUNT), List.of(tier));

        assertThat(plan).containsExactly(
                "create HubSpot property contact.tier \"Tier\" (enumeration/select, 1 options) in group crmsync",
                "contact_lead: changed email → Email: rule two_way → always_salesforce",
                "contact_lead: changed lifecyclestage → Status: values {lead=Open} → {lead=Working}",
                "contact_lead: added tier → Rating (two_way, enumeration, values {gold=Hot})",
                "contact_lead: removed city → City (was two_way)",
                "contact_lead: changed required default Company: \"[not provided]\" → \"n/a\"",
                "contact_lead: removed required default LastName (was \"[not provided]\")",
                "contact_lead: added required default Status = \"Open\"",
                "company_account: no changes");
    }

    @Test
    void aPairWithoutCurrentMappingsListsEveryFieldAsAdded() {
        ObjectMapping deal = new ObjectMapping(ObjectPair.DEAL_OPPORTUNITY,
                List.of(FieldMapping.text("dealname", "Name", SyncRule.TWO_WAY)), Map.of());

        assertThat(MappingPlan.between(Map.of(), Map.of(ObjectPair.DEAL_OPPORTUNITY, deal), List.of()))
                .containsExactly("deal_opportunity: added dealname → Name (two_way, text)");
    }
}
