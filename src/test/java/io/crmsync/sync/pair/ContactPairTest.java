package io.crmsync.sync.pair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.CrmRecord;
import io.crmsync.crm.Side;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.TenantSettings.HubSpotToSalesforce;
import io.crmsync.tenant.TenantSettings.SalesforceToHubSpot;

class ContactPairTest {

    final ContactPair contacts = new ContactPair((tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow());
    final TenantSettings defaults = TenantSettings.defaults();

    static CrmRecord record(Map<String, String> properties) {
        return new CrmRecord("1", properties, Instant.EPOCH);
    }

    @Test
    void contactsAlwaysSyncAndPairWithContactsBeforeLeads() {
        TenantSettings noCompanies = new TenantSettings(SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
                HubSpotToSalesforce.CREATE_OR_UPDATE_THE_LEAD, false, Side.SALESFORCE);

        assertThat(contacts.candidates("acme", noCompanies)).extracting(m -> m.pair())
                .containsExactly(ObjectPair.CONTACT_CONTACT, ObjectPair.CONTACT_LEAD);
        assertThat(contacts.mappingFor("acme", "Lead", noCompanies)).map(m -> m.pair()).contains(ObjectPair.CONTACT_LEAD);
        assertThat(contacts.mappingFor("acme", "Account", noCompanies)).isEmpty();
        assertThat(contacts.hubSpotPropertiesToRead(contacts.candidates("acme", defaults))).first().isEqualTo("email");
    }

    @Test
    void theSettingChoosesWhatANewHubSpotContactBecomes() {
        List<io.crmsync.mapping.ObjectMapping> candidates = contacts.candidates("acme", defaults);
        TenantSettings asContacts = new TenantSettings(SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
                HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT, true, Side.SALESFORCE);

        assertThat(contacts.mappingForCreate(candidates, defaults).pair()).isEqualTo(ObjectPair.CONTACT_LEAD);
        assertThat(contacts.mappingForCreate(candidates, asContacts).pair()).isEqualTo(ObjectPair.CONTACT_CONTACT);
    }

    @Test
    void aConvertedLeadHandsItsSyncToItsContact() {
        CrmRecord converted = record(Map.of("IsConverted", "true", "Email", "ada@example.com"));
        CrmRecord open = record(Map.of("IsConverted", "false", "Email", "ada@example.com"));

        assertThat(contacts.handedOver(converted)).contains("Lead converted; link follows its Contact");
        assertThat(contacts.salesforceSkip(defaults, converted)).contains("Lead converted; its Contact carries the sync");
        assertThat(contacts.handedOver(open)).isEmpty();
        assertThat(contacts.salesforceSkip(defaults, open)).isEmpty();
        assertThat(contacts.salesforceFieldsToRead(RecommendedMappings.CONTACT_LEAD)).contains("IsConverted")
                .doesNotContain("AccountId");
        assertThat(contacts.salesforceFieldsToRead(RecommendedMappings.CONTACT_CONTACT)).contains("AccountId")
                .doesNotContain("IsConverted");
    }

    @Test
    void onlySalesforceContactsHaveAnAccount() {
        assertThat(contacts.hasAccount(RecommendedMappings.CONTACT_CONTACT)).isTrue();
        assertThat(contacts.hasAccount(RecommendedMappings.CONTACT_LEAD)).isFalse();
    }

    @Test
    void contactsPairAndAreCreatedByEmail() {
        assertThat(contacts.hubSpotEmail(record(Map.of("email", "  ada@example.com ")))).contains("ada@example.com");
        assertThat(contacts.hubSpotEmail(record(Map.of("email", "null")))).isEmpty();
        assertThat(contacts.noSalesforceCreate(record(Map.of()))).contains("no email address");
        assertThat(contacts.noSalesforceCreate(record(Map.of("email", "ada@example.com")))).isEmpty();
        assertThat(contacts.hubSpotUpsertProperty()).isEqualTo("email");
        assertThat(contacts.hubSpotUpsertKey(record(Map.of("Email", "ada@example.com")))).isEqualTo("ada@example.com");
    }

    @Test
    void aNewSalesforceRecordBecomesAHubSpotContactOnlyWithTheSettingAndAnEmail() {
        TenantSettings doNothing = new TenantSettings(SalesforceToHubSpot.DO_NOTHING,
                HubSpotToSalesforce.CREATE_OR_UPDATE_THE_LEAD, true, Side.SALESFORCE);
        CrmRecord withEmail = record(Map.of("Email", "ada@example.com"));

        assertThat(contacts.noHubSpotCreate(defaults, withEmail)).isEmpty();
        assertThat(contacts.noHubSpotCreate(defaults, record(Map.of("Email", " ")))).contains("no email address");
        assertThat(contacts.noHubSpotCreate(doNothing, withEmail))
                .contains("setting: do nothing for new Salesforce records");
    }

    @Test
    void theInclusionListLimitsContactsAndDealsWaitForThem() {
        assertThat(contacts.inclusionList(defaults)).isEmpty();
        assertThat(contacts.inclusionList(defaults.withInclusionList("42"))).contains("42");
        assertThat(contacts.awaitedByAssociations()).isTrue();
        assertThat(contacts.syncsContactRoles()).isFalse();
    }
}
