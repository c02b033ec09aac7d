package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.crm.Side;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.tenant.TenantSettings.HubSpotToSalesforce;
import io.crmsync.tenant.TenantSettings.SalesforceToHubSpot;
import io.crmsync.sync.pair.PairBehaviour;
import io.crmsync.sync.pair.PairBehaviours;
import io.crmsync.tenant.TenantSettings;

/** The read-and-pair steps follow each pair's behaviour: what is read, skipped, paired and created. */
class PairStepsTest {

    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
    final InMemoryPorts.Links links = new InMemoryPorts.Links();
    final InMemoryPorts.Lists lists = new InMemoryPorts.Lists();
    final InMemoryPorts.OwnerBook owners = new InMemoryPorts.OwnerBook();
    final PairBehaviours pairs = new PairBehaviours((tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow());
    final HubSpotChanges fromHubSpot = new HubSpotChanges(hubSpot, salesforce, links, lists, owners,
            new InMemoryPorts.Errors(), java.time.Clock.systemUTC());
    final SalesforceChanges fromSalesforce = new SalesforceChanges(hubSpot, salesforce, links, owners);

    Map<String, RecordWork> planHubSpot(String objectType, TenantSettings tenant, String... ids) {
        PairBehaviour pair = pairs.ofHubSpot(objectType).orElseThrow();
        Map<String, RecordWork> work = RecordWork.of(List.of(ids));
        fromHubSpot.plan("acme", pair, tenant, pair.candidates("acme", tenant), List.of(ids), work);
        return work;
    }

    Map<String, RecordWork> planSalesforce(String sObject, TenantSettings tenant, String... ids) {
        PairBehaviour pair = pairs.ofSalesforce(sObject).orElseThrow();
        ObjectMapping mapping = pair.mappingFor("acme", sObject, tenant).orElseThrow();
        Map<String, RecordWork> work = RecordWork.of(List.of(ids));
        fromSalesforce.plan("acme", sObject, pair, mapping, tenant, List.of(ids), work);
        return work;
    }

    @Test
    void aDealOutsideTheSyncedPipelinesIsSkippedWithoutASalesforceQuery() {
        TenantSettings deals = TenantSettings.defaults().withDeals(true, Map.of("default", "012A"), Map.of());
        hubSpot.put("51", Map.of("pipeline", "renewals", "dealname", "Renewal"));

        RecordWork deal = planHubSpot("deal", deals, "51").get("51");

        assertThat(deal.outcome).isEqualTo(new RecordOutcome(Status.SKIPPED, "pipeline renewals is not synced"));
        assertThat(salesforce.queries).isZero();
    }

    @Test
    void aContactLinkedToAConvertedLeadFollowsItsContact() {
        String lead = salesforce.put("Lead", Map.of("Email", "ada@example.com", "LastName", "Lovelace",
                "IsConverted", "true", "HubSpot_Contact_Id__c", "11"), InMemoryPorts.T0);
        String contact = salesforce.put("Contact", Map.of("Email", "ada@example.com", "LastName", "Lovelace",
                "HubSpot_Contact_Id__c", "11"), InMemoryPorts.T0);
        links.save(new Link("acme", "contact", "11", "Lead", lead, "", InMemoryPorts.T0, Map.of()));
        hubSpot.put("11", Map.of("email", "ada@example.com", "lastname", "Lovelace"));

        RecordWork work = planHubSpot("contact", TenantSettings.defaults(), "11").get("11");

        assertThat(work.salesforce.id()).isEqualTo(contact);
        assertThat(work.mapping.salesforceObject()).isEqualTo("Contact");
        assertThat(work.pairedBy).isEqualTo("Lead converted; link follows its Contact");
        assertThat(work.createInSalesforce).isFalse();
    }

    @Test
    void aContactOutsideTheInclusionListIsSkipped() {
        lists.members.put("7", java.util.Set.of("12"));
        hubSpot.put("11", Map.of("email", "ada@example.com"));
        hubSpot.put("12", Map.of("email", "grace@example.com"));

        Map<String, RecordWork> work = planHubSpot("contact", TenantSettings.defaults().withInclusionList("7"),
                "11", "12");

        assertThat(work.get("11").outcome).isEqualTo(new RecordOutcome(Status.SKIPPED, "not in inclusion list 7"));
        assertThat(work.get("12").createInSalesforce).isTrue();
        assertThat(lists.calls).isEqualTo(1);
    }

    @Test
    void aNewHubSpotContactWithoutEmailIsNotCreatedButACompanyIsCreatedAsItsAccount() {
        hubSpot.put("11", Map.of("lastname", "Nobody"));
        hubSpot.put("31", Map.of("name", "Analytical Engines"));

        assertThat(planHubSpot("contact", TenantSettings.defaults(), "11").get("11").outcome)
                .isEqualTo(new RecordOutcome(Status.SKIPPED, "no email address"));
        RecordWork company = planHubSpot("company", TenantSettings.defaults(), "31").get("31");
        assertThat(company.createInSalesforce).isTrue();
        assertThat(company.mapping.salesforceObject()).isEqualTo("Account");
    }

    @Test
    void aNewAccountBecomesACompanyWithoutAnEmailLookup() {
        String account = salesforce.put("Account", Map.of("Name", "Analytical Engines"), InMemoryPorts.T0);

        RecordWork work = planSalesforce("Account", TenantSettings.defaults(), account).get(account);

        assertThat(work.createInHubSpot).isTrue();
        assertThat(hubSpot.readCalls).isZero();
    }

    @Test
    void aNewSalesforceContactIsPairedByEmailOrLeftAloneAsTheSettingSays() {
        String contact = salesforce.put("Contact", Map.of("Email", "ada@example.com", "LastName", "Lovelace"),
                InMemoryPorts.T0);
        TenantSettings doNothing = new TenantSettings(SalesforceToHubSpot.DO_NOTHING,
                HubSpotToSalesforce.CREATE_OR_UPDATE_THE_LEAD, true, Side.SALESFORCE);

        assertThat(planSalesforce("Contact", doNothing, contact).get(contact).outcome)
                .isEqualTo(new RecordOutcome(Status.SKIPPED, "setting: do nothing for new Salesforce records"));

        hubSpot.put("11", Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        RecordWork paired = planSalesforce("Contact", doNothing, contact).get(contact);
        assertThat(paired.hubSpot.id()).isEqualTo("11");
        assertThat(paired.pairedBy).isEqualTo("paired by email");
        assertThat(paired.stampExternalId).isTrue();
    }

    @Test
    void aConvertedLeadChangedInSalesforceIsLeftToItsContact() {
        String lead = salesforce.put("Lead", Map.of("Email", "ada@example.com", "IsConverted", "true"),
                InMemoryPorts.T0);

        assertThat(planSalesforce("Lead", TenantSettings.defaults(), lead).get(lead).outcome)
                .isEqualTo(new RecordOutcome(Status.SKIPPED, "Lead converted; its Contact carries the sync"));
        assertThat(hubSpot.readCalls).isZero();
    }
}
