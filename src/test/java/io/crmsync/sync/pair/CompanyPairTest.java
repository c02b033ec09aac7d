package io.crmsync.sync.pair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.CrmRecord;
import io.crmsync.crm.Side;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.TenantSettings.HubSpotToSalesforce;
import io.crmsync.tenant.TenantSettings.SalesforceToHubSpot;

class CompanyPairTest {

    final CompanyPair companies = new CompanyPair((tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow());
    final TenantSettings on = TenantSettings.defaults();
    final TenantSettings off = new TenantSettings(SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
            HubSpotToSalesforce.CREATE_OR_UPDATE_THE_LEAD, false, Side.SALESFORCE);
    final CrmRecord account = new CrmRecord("001A", Map.of("Name", "Acme", "Email", "info@acme.example"),
            Instant.EPOCH);

    @Test
    void companiesSyncOnlyWithCompanySyncOn() {
        assertThat(companies.candidates("acme", on)).extracting(m -> m.pair()).containsExactly(ObjectPair.COMPANY_ACCOUNT);
        assertThat(companies.candidates("acme", off)).isEmpty();
        assertThat(companies.mappingFor("acme", "Account", on)).isPresent();
        assertThat(companies.mappingFor("acme", "Account", off)).isEmpty();
    }

    @Test
    void companiesPairByExternalIdAloneAndAreAlwaysCreated() {
        assertThat(companies.salesforceEmail(account)).isEmpty();
        assertThat(companies.noHubSpotCreate(on, account)).isEmpty();
        assertThat(companies.hubSpotUpsertProperty()).isEqualTo(HubSpotRecords.SALESFORCE_ID_PROPERTY);
        assertThat(companies.hubSpotUpsertKey(account)).isEqualTo("001A");
        assertThat(companies.hubSpotPropertiesToRead(companies.candidates("acme", on))).first()
                .isEqualTo(HubSpotRecords.SALESFORCE_ID_PROPERTY);
    }

    @Test
    void anAccountHasNoAccountButOthersWaitForIt() {
        assertThat(companies.hasAccount(RecommendedMappings.COMPANY_ACCOUNT)).isFalse();
        assertThat(companies.salesforceFieldsToRead(RecommendedMappings.COMPANY_ACCOUNT))
                .containsExactlyElementsOf(RecommendedMappings.COMPANY_ACCOUNT.salesforceFields());
        assertThat(companies.awaitedByAssociations()).isTrue();
        assertThat(companies.syncsContactRoles()).isFalse();
        assertThat(companies.inclusionList(on.withInclusionList("42"))).isEmpty();
    }
}
