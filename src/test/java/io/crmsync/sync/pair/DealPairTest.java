package io.crmsync.sync.pair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.CrmRecord;
import io.crmsync.tenant.TenantSettings;

class DealPairTest {

    final DealPair deals = new DealPair((tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow());
    final TenantSettings dealsOn = TenantSettings.defaults().withDeals(true, Map.of("default", "012A"),
            Map.of("closedwon", "Closed Won"));

    static CrmRecord record(Map<String, String> properties) {
        return new CrmRecord("1", properties, Instant.EPOCH);
    }

    @Test
    void dealsSyncOnlyWithDealSyncOnThroughTheMappingWithTheTenantsStagesAndPipelines() {
        assertThat(deals.candidates("acme", TenantSettings.defaults())).isEmpty();
        assertThat(deals.mappingFor("acme", "Opportunity", TenantSettings.defaults())).isEmpty();

        ObjectMapping mapping = deals.candidates("acme", dealsOn).get(0);
        assertThat(mapping.fields()).anySatisfy(f -> {
            assertThat(f.hubSpotProperty()).isEqualTo("pipeline");
            assertThat(f.salesforceField()).isEqualTo("RecordTypeId");
        });
        assertThat(mapping.fields()).anySatisfy(f -> {
            assertThat(f.hubSpotProperty()).isEqualTo("dealstage");
            assertThat(f.valueMap()).containsEntry("closedwon", "Closed Won");
        });
        assertThat(deals.mappingFor("acme", "Opportunity", dealsOn)).contains(mapping);
        assertThat(deals.hubSpotPropertiesToRead(deals.candidates("acme", dealsOn))).first().isEqualTo("pipeline");
    }

    @Test
    void dealsOutsideTheSyncedPipelinesAndRecordTypesAreLeftOut() {
        assertThat(deals.hubSpotSkip(dealsOn, record(Map.of("pipeline", "default")))).isEmpty();
        assertThat(deals.hubSpotSkip(dealsOn, record(Map.of("pipeline", "renewals"))))
                .contains("pipeline renewals is not synced");
        assertThat(deals.salesforceSkip(dealsOn, record(Map.of("RecordTypeId", "012A")))).isEmpty();
        assertThat(deals.salesforceSkip(dealsOn, record(Map.of("RecordTypeId", "012B"))))
                .contains("record type 012B is not synced");
    }

    @Test
    void anOpportunityBelongsToAnAccountAndCarriesContactRoles() {
        ObjectMapping mapping = deals.candidates("acme", dealsOn).get(0);
        assertThat(deals.hasAccount(mapping)).isTrue();
        assertThat(deals.salesforceFieldsToRead(mapping)).contains("AccountId");
        assertThat(deals.syncsContactRoles()).isTrue();
        assertThat(deals.awaitedByAssociations()).isFalse();
        assertThat(deals.noHubSpotCreate(dealsOn, record(Map.of()))).isEmpty();
        assertThat(deals.salesforceEmail(record(Map.of("Email", "x@example.com")))).isEmpty();
    }
}
