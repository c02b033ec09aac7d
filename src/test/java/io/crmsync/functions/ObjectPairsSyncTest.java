package io.crmsync.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.crm.Side;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.testing.Events;
import io.crmsync.testing.FunctionUnderTest;
import io.crmsync.testing.Notices;
import io.crmsync.testing.SyncStack;
import io.crmsync.testing.TenantSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Companies ↔ accounts and deals ↔ opportunities through the sync-worker function, its real adapters, the CRM
 * sandboxes and dynalite (the same application as {@link SyncWorkerFunctionTest}).
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack
class ObjectPairsSyncTest {

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

    /** The tenant the notices name; a test with its own settings uses its own (the worker caches settings). */
    String tenant = "acme";

    void settings(String tenantId, TenantSettings settings) {
        tenant = tenantId;
        tenants.register(tenantId, settings);
    }

    /** One SQS message naming the records of one object that changed on one side. */
    List<String> sync(String source, String objectType, String... ids) throws Exception {
        return function.failedMessageIds(Events.sqs(Events.SqsMessage.of("m1",
                Notices.updated(tenant, source, objectType, List.of(ids)))));
    }

    @Test
    void aHubSpotCompanyBecomesAnAccountAndAnAccountEditFlowsBack() throws Exception {
        String company = hubSpot.createRecord("company", Map.of("name", "Initech", "city", "Austin"));

        assertThat(sync("HUBSPOT", "company", company)).isEmpty();

        Map<String, Object> account = salesforce.records("Account").stream().findFirst().orElseThrow();
        assertThat(account).containsEntry("Name", "Initech").containsEntry("BillingCity", "Austin")
                .containsEntry("HubSpot_Company_Id__c", company);
        salesforce.update("Account", (String) account.get("Id"), Map.of("BillingCity", "Dallas"));

        assertThat(sync("SALESFORCE", "Account", (String) account.get("Id"))).isEmpty();

        assertThat(hubSpot.record("company", company).orElseThrow()).containsEntry("city", "Dallas");
    }

    @Test
    void aNewAccountCreatesOneHubSpotCompanyEvenWhenDeliveredTwice() throws Exception {
        String account = salesforce.insert("Account", Map.of("Name", "Globex", "Website", "https://globex.example"));

        assertThat(sync("SALESFORCE", "Account", account)).isEmpty();
        assertThat(sync("SALESFORCE", "Account", account)).isEmpty();

        assertThat(hubSpot.recordCount("company")).isEqualTo(1);
        String companyId = (String) salesforce.record(account).orElseThrow().get("HubSpot_Company_Id__c");
        assertThat(hubSpot.record("company", companyId).orElseThrow()).containsEntry("name", "Globex")
                .containsEntry(HubSpotRecords.SALESFORCE_ID_PROPERTY, account);
    }

    @Test
    void dealsAndOpportunitiesSyncBothWaysWithTheTenantsStageMap() throws Exception {
        settings("deals-on", TenantSettings.defaults().withDeals(true, Map.of(),
                Map.of("closedwon", "Closed Won", "qualifiedtobuy", "Qualification")));
        String deal = hubSpot.createRecord("deal", Map.of("dealname", "Renewal", "amount", "1200.50",
                "dealstage", "qualifiedtobuy", "pipeline", "default", "closedate", "2026-12-24T00:00:00.000Z"));

        assertThat(sync("HUBSPOT", "deal", deal)).isEmpty();

        Map<String, Object> opportunity = salesforce.records("Opportunity").stream().findFirst().orElseThrow();
        assertThat(opportunity).containsEntry("Name", "Renewal").containsEntry("StageName", "Qualification")
                .containsEntry("CloseDate", "2026-12-24").containsEntry("HubSpot_Deal_Id__c", deal);
        salesforce.update("Opportunity", (String) opportunity.get("Id"), Map.of("StageName", "Closed Won"));

        assertThat(sync("SALESFORCE", "Opportunity", (String) opportunity.get("Id"))).isEmpty();

        assertThat(hubSpot.record("deal", deal).orElseThrow()).containsEntry("dealstage", "closedwon");

        String fromSalesforce = salesforce.insert("Opportunity", Map.of("Name", "Upsell", "StageName", "Closed Won",
                "CloseDate", "2026-12-31", "Amount", 300));
        assertThat(sync("SALESFORCE", "Opportunity", fromSalesforce)).isEmpty();
        String newDeal = (String) salesforce.record(fromSalesforce).orElseThrow().get("HubSpot_Deal_Id__c");
        assertThat(hubSpot.record("deal", newDeal).orElseThrow()).containsEntry("dealname", "Upsell")
                .containsEntry("dealstage", "closedwon").containsEntry("amount", "300");
    }

    @Test
    void dealsDoNotSyncUntilDealSyncIsOn() throws Exception {
        String deal = hubSpot.createRecord("deal", Map.of("dealname", "Quiet", "dealstage", "qualifiedtobuy",
                "pipeline", "default"));

        assertThat(sync("HUBSPOT", "deal", deal)).isEmpty();

        assertThat(salesforce.count("Opportunity")).isZero();
    }

    @Test
    void aContactWaitsForItsAccountThenGetsItAndADealsContactBecomesItsPrimaryContactRole() throws Exception {
        settings("accounts", new TenantSettings(TenantSettings.SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
                TenantSettings.HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT, true,
                Side.SALESFORCE).withDeals(true, Map.of(), Map.of("closedwon", "Closed Won")));
        String company = hubSpot.createRecord("company", Map.of("name", "Initech"));
        String contact = hubSpot.createContact(Map.of("email", "peter@initech.example", "lastname", "Gibbons"));
        hubSpot.associate("contact", contact, "company", company);

        assertThat(sync("HUBSPOT", "contact", contact)).isEmpty();
        Map<String, Object> peter = salesforce.records("Contact").stream().findFirst().orElseThrow();
        assertThat(peter.get("AccountId")).isNull();

        // The company syncs: the contact that waited for it gets its account in the same run.
        assertThat(sync("HUBSPOT", "company", company)).isEmpty();
        String account = (String) salesforce.records("Account").stream().findFirst().orElseThrow().get("Id");
        assertThat(salesforce.record((String) peter.get("Id")).orElseThrow()).containsEntry("AccountId", account);

        String deal = hubSpot.createRecord("deal", Map.of("dealname", "Renewal", "dealstage", "closedwon",
                "pipeline", "default", "closedate", "2026-12-24T00:00:00.000Z"));
        hubSpot.associate("deal", deal, "company", company);
        hubSpot.associate("deal", deal, "contact", contact);
        assertThat(sync("HUBSPOT", "deal", deal)).isEmpty();

        Map<String, Object> opportunity = salesforce.records("Opportunity").stream().findFirst().orElseThrow();
        assertThat(opportunity).containsEntry("AccountId", account);
        assertThat(salesforce.records("OpportunityContactRole")).singleElement().satisfies(role -> assertThat(role)
                .containsEntry("OpportunityId", opportunity.get("Id")).containsEntry("ContactId", peter.get("Id"))
                .containsEntry("IsPrimary", true));

        // Settled: syncing everything again writes nothing anywhere.
        hubSpot.resetCounters();
        salesforce.resetCounters();
        sync("HUBSPOT", "deal", deal);
        sync("SALESFORCE", "Opportunity", (String) opportunity.get("Id"));
        sync("HUBSPOT", "contact", contact);
        assertThat(salesforce.callCounts().keySet()).allMatch(call -> call.startsWith("GET ")
                || call.startsWith("POST /services/oauth2"));
        assertThat(hubSpot.callCounts().keySet()).allMatch(call -> call.contains("/batch/read"));
    }

    @Test
    void aConflictIsDecidedByWhenEachPropertyChangedNotWhenTheRecordLastDid() throws Exception {
        String contact = hubSpot.createContact(Map.of("email", "c@example.com", "lastname", "C", "jobtitle", "Engineer"));
        assertThat(sync("HUBSPOT", "contact", contact)).isEmpty();
        String lead = (String) salesforce.leadByExternalId("HubSpot_Contact_Id__c", contact).orElseThrow().get("Id");

        hubSpot.updateContact(contact, Map.of("jobtitle", "Manager"));
        // Salesforce keeps whole seconds (LastModifiedDate …:44.000): the edits must be a second apart to be ordered.
        Thread.sleep(1100);
        salesforce.update("Lead", lead, Map.of("Title", "Director"));
        Thread.sleep(50);
        hubSpot.updateContact(contact, Map.of("phone", "+1 555 0100"));

        assertThat(sync("HUBSPOT", "contact", contact)).isEmpty();

        // Title changed in Salesforce after jobtitle changed in HubSpot: Salesforce's value wins both sides,
        // although the HubSpot record as a whole changed last.
        assertThat(hubSpot.contact(contact).orElseThrow()).containsEntry("jobtitle", "Director");
        assertThat(salesforce.record(lead).orElseThrow()).containsEntry("Title", "Director")
                .containsEntry("Phone", "+1 555 0100");
    }

    @Test
    void withAnInclusionListOnlyItsMembersReachSalesforce() throws Exception {
        String member = hubSpot.createContact(Map.of("email", "in@example.com", "lastname", "In"));
        String outsider = hubSpot.createContact(Map.of("email", "out@example.com", "lastname", "Out"));
        String list = hubSpot.createList("Sync to Salesforce", "contact");
        hubSpot.addToList(list, member);
        settings("listed", TenantSettings.defaults().withInclusionList(list));

        assertThat(sync("HUBSPOT", "contact", member, outsider)).isEmpty();

        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", member)).isPresent();
        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", outsider)).isEmpty();
    }

    @Test
    void aConvertedLeadHandsTheSyncToItsContactAndNothingIsDuplicated() throws Exception {
        String contact = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        assertThat(sync("HUBSPOT", "contact", contact)).isEmpty();
        String lead = (String) salesforce.leadByExternalId("HubSpot_Contact_Id__c", contact).orElseThrow().get("Id");

        var converted = salesforce.convertLead(lead, java.util.Optional.empty());
        assertThat(sync("SALESFORCE", "Lead", lead)).isEmpty();
        assertThat(sync("SALESFORCE", "Contact", converted.contactId())).isEmpty();
        hubSpot.updateContact(contact, Map.of("jobtitle", "Countess"));
        assertThat(sync("HUBSPOT", "contact", contact)).isEmpty();

        assertThat(salesforce.record(converted.contactId()).orElseThrow()).containsEntry("Title", "Countess")
                .containsEntry("HubSpot_Contact_Id__c", contact);
        assertThat(salesforce.record(lead).orElseThrow().get("Title")).isNull();
        assertThat(salesforce.count("Contact")).isEqualTo(1);
        assertThat(salesforce.count("Lead")).isEqualTo(1);
        assertThat(hubSpot.contactCount()).isEqualTo(1);
    }
}
