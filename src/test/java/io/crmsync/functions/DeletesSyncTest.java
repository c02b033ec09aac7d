package io.crmsync.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.testing.Events;
import io.crmsync.testing.FunctionUnderTest;
import io.crmsync.testing.Notices;
import io.crmsync.testing.SyncStack;
import io.crmsync.testing.TenantSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Deletes through the sync-worker function, its real adapters, the CRM sandboxes and dynalite: Salesforce
 * deletions reach HubSpot as its connector documents, HubSpot deletions never reach Salesforce.
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack
class DeletesSyncTest {

    HubSpotSandbox hubSpot;
    SalesforceSandbox salesforce;
    TenantSetup tenants;
    FunctionUnderTest function;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot, SalesforceSandbox salesforce, TenantSetup tenants,
            FunctionUnderTest function) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.tenants = tenants;
        this.function = function;
    }

    /** Each test has its own tenant: the worker caches settings. */
    void settings(String tenantId, TenantSettings settings) {
        tenants.register(tenantId, settings);
    }

    /** One SQS message: a notice of {@code kind} naming records of one object on one side. */
    List<String> notice(String tenant, String kind, String source, String objectType, String... ids) throws Exception {
        return function.failedMessageIds(Events.sqs(Events.SqsMessage.of("m1",
                Notices.notice(tenant, kind, source, objectType, List.of(ids)))));
    }

    String syncedDeal(String tenant) throws Exception {
        String deal = hubSpot.createRecord("deal", Map.of("dealname", "Renewal", "dealstage", "closedwon",
                "pipeline", "default", "closedate", "2026-12-24T00:00:00.000Z"));
        assertThat(notice(tenant, "UPDATED", "HUBSPOT", "deal", deal)).isEmpty();
        return deal;
    }

    String syncedLead(String tenant, String contact) throws Exception {
        assertThat(notice(tenant, "UPDATED", "HUBSPOT", "contact", contact)).isEmpty();
        return (String) salesforce.leadByExternalId("HubSpot_Contact_Id__c", contact).orElseThrow().get("Id");
    }

    @Test
    void anOpportunityDeletedInSalesforceArchivesItsDealOnceHoweverOftenTheNoticeComes() throws Exception {
        settings("deals", TenantSettings.defaults().withDeals(true, Map.of(), Map.of("closedwon", "Closed Won")));
        String deal = syncedDeal("deals");
        String opportunity = (String) salesforce.records("Opportunity").get(0).get("Id");

        salesforce.delete(opportunity);
        assertThat(notice("deals", "DELETED", "SALESFORCE", "Opportunity", opportunity)).isEmpty();

        assertThat(hubSpot.isArchived("deal", deal)).isTrue();
        hubSpot.resetCounters();
        assertThat(notice("deals", "DELETED", "SALESFORCE", "Opportunity", opportunity)).isEmpty();
        assertThat(hubSpot.callCounts()).isEmpty();
    }

    @Test
    void aDeletedLeadKeepsItsContactWithDoNothing() throws Exception {
        settings("keep", TenantSettings.defaults());
        String contact = hubSpot.createContact(Map.of("email", "kept@example.com", "lastname", "Kept"));
        String lead = syncedLead("keep", contact);

        salesforce.delete(lead);
        assertThat(notice("keep", "DELETED", "SALESFORCE", "Lead", lead)).isEmpty();

        assertThat(hubSpot.isArchived("contact", contact)).isFalse();
        assertThat(hubSpot.contact(contact)).isPresent();
    }

    @Test
    void aDeletedLeadArchivesItsContactWithDeleteButNotOnceRestored() throws Exception {
        settings("delete", TenantSettings.defaults().withContactDeletion(true));
        String gone = hubSpot.createContact(Map.of("email", "gone@example.com", "lastname", "Gone"));
        String back = hubSpot.createContact(Map.of("email", "back@example.com", "lastname", "Back"));
        String goneLead = syncedLead("delete", gone);
        String backLead = syncedLead("delete", back);

        salesforce.delete(goneLead);
        salesforce.delete(backLead);
        salesforce.undelete(backLead);
        assertThat(notice("delete", "DELETED", "SALESFORCE", "Lead", goneLead, backLead)).isEmpty();

        assertThat(hubSpot.isArchived("contact", gone)).isTrue();
        assertThat(hubSpot.isArchived("contact", back)).isFalse();
    }

    @Test
    void aDealDeletedInHubSpotLeavesItsOpportunity() throws Exception {
        settings("hs-delete", TenantSettings.defaults().withDeals(true, Map.of(), Map.of("closedwon", "Closed Won")));
        String deal = syncedDeal("hs-delete");
        String opportunity = (String) salesforce.records("Opportunity").get(0).get("Id");

        hubSpot.archiveRecord("deal", deal);
        salesforce.resetCounters();
        assertThat(notice("hs-delete", "DELETED", "HUBSPOT", "deal", deal)).isEmpty();

        assertThat(salesforce.records("Opportunity")).singleElement()
                .satisfies(o -> assertThat(o.get("Id")).isEqualTo(opportunity));
        assertThat(salesforce.callCounts().keySet()).noneMatch(call -> call.startsWith("DELETE"));
    }
}
