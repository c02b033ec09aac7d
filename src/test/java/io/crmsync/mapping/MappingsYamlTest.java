package io.crmsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.MappingsFile.FieldSpec;
import io.crmsync.mapping.MappingsFile.NewHubSpotProperty;
import io.crmsync.mapping.MappingsFile.PairSpec;

class MappingsYamlTest {

    static final String EXAMPLE = """
            # contacts become Leads
            contact_lead:
              preset: recommended
              fields:
                - hubspot: email
                  salesforce: Email
                  rule: prefer_salesforce_unless_blank
                - hubspot: lifecyclestage
                  salesforce: Status
                  rule: always_hubspot
                  kind: enumeration
                  values:
                    lead: Open
                    customer: Closed
                - hubspot: tier
                  salesforce: Rating
                  rule: two_way
                  create_hubspot_property:
                    label: Tier
                    type: enumeration
                    fieldType: select
                    options:
                      - Hot
                      - {label: Lukewarm, value: Warm}
                - hubspot: numemployees
                  salesforce: NumberOfEmployees
                  remove: true
              required_defaults:
                Company: "[not provided]"
            company_account:
              fields:
                - hubspot: name
                  salesforce: Name
                  rule: two-way
            """;

    @Test
    void readsEveryPartOfTheFormat() {
        MappingsYaml.Parsed parsed = MappingsYaml.parse(EXAMPLE);

        assertThat(parsed.errors()).isEmpty();
        MappingsFile file = parsed.file().orElseThrow();
        assertThat(file.pairs()).containsOnlyKeys(ObjectPair.CONTACT_LEAD, ObjectPair.COMPANY_ACCOUNT);
        PairSpec lead = file.pairs().get(ObjectPair.CONTACT_LEAD);
        assertThat(lead.recommendedPreset()).isTrue();
        assertThat(lead.line()).isEqualTo(2);
        assertThat(lead.requiredDefaults()).isEqualTo(Map.of("Company", "[not provided]"));
        assertThat(lead.fields()).containsExactly(
                new FieldSpec("email", "Email", Optional.of(SyncRule.PREFER_SALESFORCE_UNLESS_BLANK),
                        Optional.empty(), Map.of(), Optional.empty(), false, 5),
                new FieldSpec("lifecyclestage", "Status", Optional.of(SyncRule.ALWAYS_HUBSPOT),
                        Optional.of(FieldKind.ENUMERATION), Map.of("lead", "Open", "customer", "Closed"),
                        Optional.empty(), false, 8),
                new FieldSpec("tier", "Rating", Optional.of(SyncRule.TWO_WAY), Optional.empty(), Map.of(),
                        Optional.of(new NewHubSpotProperty("tier", "Tier", "enumeration", "select", List.of(
                                new NewHubSpotProperty.Option("Hot", "Hot"),
                                new NewHubSpotProperty.Option("Lukewarm", "Warm")))),
                        false, 15),
                new FieldSpec("numemployees", "NumberOfEmployees", Optional.empty(), Optional.empty(), Map.of(),
                        Optional.empty(), true, 25));
        assertThat(file.pairs().get(ObjectPair.COMPANY_ACCOUNT).fields()).singleElement()
                .satisfies(f -> assertThat(f.rule()).contains(SyncRule.TWO_WAY));
    }

    @Test
    void reportsEveryProblemWithItsLine() {
        String yaml = """
                contact_lead:
                  fields:
                    - hubspot: email
                      salesforce: Email
                      rule: sometimes
                    - hubspot: phone
                      rule: two_way
                    - hubspot: city
                      salesforce: City
                      rule: two_way
                      kind: colour
                      colour: blue
                contact_prospect:
                  fields: []
                company_account:
                  preset: everything
                """;

        List<String> errors = MappingsYaml.parse(yaml).errors().stream().map(MappingError::message).toList();

        assertThat(errors).containsExactlyInAnyOrder(
                "line 5, contact_lead, email → Email: unknown rule \"sometimes\" (use prefer_salesforce_unless_blank"
                        + " | always_salesforce | two_way | dont_sync | prefer_hubspot_unless_blank | always_hubspot)",
                "line 6, contact_lead, phone → ?: salesforce is required",
                "line 11, contact_lead, city → City: unknown kind \"colour\" (use text | number | boolean | date"
                        + " | datetime | enumeration | multi_enumeration | owner)",
                "line 12, contact_lead, city → City: unknown key \"colour\" (use create_hubspot_property, hubspot,"
                        + " kind, remove, rule, salesforce, values)",
                "line 13: unknown object pair \"contact_prospect\" (use contact_lead | contact_contact"
                        + " | company_account | deal_opportunity)",
                "line 16, company_account: unknown preset \"everything\" (use recommended)");
    }

    @Test
    void syntaxErrorsCarryTheLineJacksonReports() {
        List<MappingError> errors = MappingsYaml.parse("contact_lead:\n  fields:\n    - hubspot: [email\n").errors();

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isPositive();
            assertThat(e.reason()).startsWith("not valid YAML");
        });
    }

    @Test
    void duplicateKeysAreRefusedRatherThanTheLastOneWinning() {
        List<MappingError> errors = MappingsYaml.parse("""
                contact_lead:
                  preset: recommended
                contact_lead:
                  preset: recommended
                """).errors();

        assertThat(errors).singleElement().extracting(MappingError::message)
                .isEqualTo("line 3: \"contact_lead\" appears twice (first on line 1)");
    }

    @Test
    void anEmptyFileOrAnEmptyPairIsAnError() {
        assertThat(MappingsYaml.parse("").errors()).singleElement().extracting(MappingError::reason)
                .asString().startsWith("expected object pairs");
        assertThat(MappingsYaml.parse("contact_lead:\n  fields: []\n").errors()).singleElement()
                .extracting(MappingError::reason).isEqualTo("no fields: list some, or start from preset: recommended");
    }

    @Test
    void removeTakesNothingButTheTwoNames() {
        assertThat(MappingsYaml.parse("""
                contact_lead:
                  preset: recommended
                  fields:
                    - hubspot: email
                      salesforce: Email
                      rule: two_way
                      remove: true
                """).errors()).extracting(MappingError::message)
                .containsExactly("line 4, contact_lead, email → Email: remove: true takes only hubspot and salesforce");
    }

    @Test
    void renderedMappingsReadBackToTheSameMappings() {
        Map<ObjectPair, ObjectMapping> mappings = new LinkedHashMap<>();
        RecommendedMappings.ALL.forEach(m -> mappings.put(m.pair(), m));
        mappings.put(ObjectPair.DEAL_OPPORTUNITY, new ObjectMapping(ObjectPair.DEAL_OPPORTUNITY, List.of(
                new FieldMapping("dealstage", "StageName", SyncRule.ALWAYS_SALESFORCE, FieldKind.ENUMERATION,
                        Map.of("closedwon", "Closed Won", "true", "yes: really", "007", "#1")),
                new FieldMapping("hubspot_owner_id", "OwnerId", SyncRule.TWO_WAY, FieldKind.OWNER, Map.of()),
                new FieldMapping("closedate", "CloseDate", SyncRule.DONT_SYNC, FieldKind.DATE, Map.of())),
                Map.of("Name", "null", "CloseDate", "2026-12-31")));

        String yaml = MappingsYaml.render(mappings);
        MappingsYaml.Parsed parsed = MappingsYaml.parse(yaml);

        assertThat(parsed.errors()).as(yaml).isEmpty();
        Map<ObjectPair, ObjectMapping> readBack = new LinkedHashMap<>();
        parsed.file().orElseThrow().pairs().forEach((pair, spec) -> readBack.put(pair, new ObjectMapping(pair,
                spec.fields().stream().map(f -> new FieldMapping(f.hubSpotProperty(), f.salesforceField(),
                        f.rule().orElseThrow(), f.kind().orElseThrow(), f.values())).toList(),
                spec.requiredDefaults())));
        assertThat(readBack).isEqualTo(mappings);
        assertThat(yaml).startsWith("contact_lead:\n  fields:\n    - hubspot: email\n");
    }
}
