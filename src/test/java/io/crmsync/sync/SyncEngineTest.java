package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.Side;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.tenant.TenantSettings.HubSpotToSalesforce;
import io.crmsync.tenant.TenantSettings.SalesforceToHubSpot;
import io.crmsync.tenant.TenantSettings;

class SyncEngineTest {

    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
    final InMemoryPorts.Links links = new InMemoryPorts.Links();
    final InMemoryPorts.Audit audit = new InMemoryPorts.Audit();
    final InMemoryPorts.Errors errors = new InMemoryPorts.Errors();
    TenantSettings settings = TenantSettings.defaults();
    final InMemoryPorts.OwnerBook owners = new InMemoryPorts.OwnerBook();
    final InMemoryPorts.Lists lists = new InMemoryPorts.Lists();
    final InMemoryPorts.Associations associations = new InMemoryPorts.Associations();
    final InMemoryPorts.Waits waits = new InMemoryPorts.Waits();
    final SyncEngine engine = new SyncEngine(new SyncEngine.Ports(hubSpot, salesforce, owners, lists, associations,
            links, audit, errors, waits),
            (tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow(), tenant -> settings,
            Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));

    Map<String, RecordOutcome> fromHubSpot(String... ids) {
        return engine.fromHubSpot("acme", "contact", List.of(ids));
    }

    @Test
    void aNewHubSpotContactBecomesALeadByExternalIdUpsert() {
        hubSpot.put("11", Map.of("email", "ada@example.com", "firstname", "Ada", "lastname", "Lovelace",
                "company", "Analytical Engines", "annualrevenue", "1000000.00"));

        assertThat(fromHubSpot("11")).containsEntry("11", new RecordOutcome(Status.SYNCED, "created in Salesforce"));

        CrmRecord lead = salesforce.of("Lead").values().iterator().next();
        assertThat(lead.properties()).containsEntry("HubSpot_Contact_Id__c", "11").containsEntry("Email", "ada@example.com")
                .containsEntry("LastName", "Lovelace").containsEntry("AnnualRevenue", "1000000");
        Link link = links.findByHubSpotIds("acme", "contact", List.of("11")).get("11");
        assertThat(link.salesforceObject()).isEqualTo("Lead");
        assertThat(link.salesforceId()).isEqualTo(lead.id());
        assertThat(link.fieldFingerprints()).containsKeys("Email", "LastName", "Phone");
        assertThat(audit.entries).extracting(AuditLog.Entry::field).contains("Email", "LastName");
    }

    @Test
    void aRepeatOrAnEchoWritesNothing() {
        hubSpot.put("11", Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        fromHubSpot("11");
        int writes = salesforce.writeCalls + hubSpot.writeCalls;
        int linkSaves = links.saves;

        assertThat(fromHubSpot("11")).containsEntry("11", RecordOutcome.of(Status.UNCHANGED));
        String leadId = links.byHubSpotId.values().iterator().next().salesforceId();
        assertThat(engine.fromSalesforce("acme", "Lead", List.of(leadId)))
                .containsEntry(leadId, RecordOutcome.of(Status.UNCHANGED));
        assertThat(salesforce.writeCalls + hubSpot.writeCalls).isEqualTo(writes);
        // Nor does crmsync's own table change: the link already says what both sides hold.
        assertThat(links.saves).isEqualTo(linkSaves);
    }

    @Test
    void changedSalesforceRecordsFindTheirLinksByTheirStampInBatchesNotOneIndexQueryEach() {
        List<String> ids = java.util.stream.IntStream.range(0, 250).mapToObj(i -> hubSpot.put("c" + i, Map.of("email",
                "c" + i + "@example.com", "lastname", "C" + i, "jobtitle", "v0"))).toList();
        engine.fromHubSpot("acme", "contact", ids);
        List<String> leads = List.copyOf(salesforce.of("Lead").keySet());
        leads.forEach(id -> salesforce.update("acme", "Lead", List.of(new RecordWrite(id, Map.of("Title", "v1")))));
        // One Lead whose stamp was cleared in Salesforce is still found, by its id.
        salesforce.update("acme", "Lead", List.of(new RecordWrite(leads.get(0), Map.of("HubSpot_Contact_Id__c", ""))));
        links.indexQueries = 0;

        Map<String, RecordOutcome> outcomes = engine.fromSalesforce("acme", "Lead", leads);

        assertThat(outcomes.values()).extracting(RecordOutcome::status).containsOnly(Status.SYNCED);
        assertThat(links.indexQueries).isEqualTo(1);
        assertThat(ids).allSatisfy(id -> assertThat(hubSpot.records.get(id).properties()).containsEntry("jobtitle",
                "v1"));
    }

    @Test
    void aSalesforceChangeFlowsBackToHubSpotTwoWay() {
        hubSpot.put("11", Map.of("email", "ada@example.com", "lastname", "Lovelace", "jobtitle", "Countess"));
        fromHubSpot("11");
        String leadId = links.byHubSpotId.values().iterator().next().salesforceId();
        salesforce.update("acme", "Lead", List.of(new RecordWrite(leadId, Map.of("Title", "Mathematician"))));

        assertThat(engine.fromSalesforce("acme", "Lead", List.of(leadId)))
                .containsEntry(leadId, new RecordOutcome(Status.SYNCED, "updated"));

        assertThat(hubSpot.records.get("11").properties()).containsEntry("jobtitle", "Mathematician");
        assertThat(audit.entries).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("Title");
            assertThat(e.writtenTo()).isEqualTo("HUBSPOT");
            assertThat(e.reason()).isEqualTo("changed in Salesforce");
        });
    }

    @Test
    void aContactIsPairedByEmailWithTheMostRecentlyModifiedSalesforceContact() {
        String older = salesforce.put("Contact", Map.of("Email", "grace@example.com", "LastName", "Hopper",
                "Title", "Old"), Instant.parse("2026-01-01T00:00:00Z"));
        String newer = salesforce.put("Contact", Map.of("Email", "grace@example.com", "LastName", "Hopper",
                "Title", "Rear Admiral"), Instant.parse("2026-06-01T00:00:00Z"));
        hubSpot.put("21", Map.of("email", "grace@example.com", "lastname", "Hopper"), Instant.parse("2025-01-01T00:00:00Z"));

        assertThat(fromHubSpot("21").get("21").status()).isEqualTo(Status.SYNCED);

        assertThat(salesforce.of("Lead")).isEmpty();
        assertThat(links.byHubSpotId.values()).singleElement().satisfies(l -> {
            assertThat(l.salesforceObject()).isEqualTo("Contact");
            assertThat(l.salesforceId()).isEqualTo(newer);
        });
        assertThat(salesforce.of("Contact").get(newer).properties()).containsEntry("HubSpot_Contact_Id__c", "21");
        assertThat(salesforce.of("Contact").get(older).properties()).doesNotContainKey("HubSpot_Contact_Id__c");
        assertThat(hubSpot.records.get("21").properties()).containsEntry("jobtitle", "Rear Admiral");
        assertThat(audit.entries).anyMatch(e -> e.reason().startsWith("paired by email: most recently modified of 2"));
    }

    @Test
    void settingsChooseContactOrLeadAndWhetherSalesforceCreatesHubSpotContacts() {
        settings = new TenantSettings(SalesforceToHubSpot.DO_NOTHING, HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT,
                true, Side.SALESFORCE);
        hubSpot.put("31", Map.of("email", "alan@example.com", "lastname", "Turing"));
        fromHubSpot("31");
        assertThat(salesforce.of("Contact")).hasSize(1);
        assertThat(salesforce.of("Lead")).isEmpty();

        String lead = salesforce.put("Lead", Map.of("Email", "new@example.com", "LastName", "New", "Company", "X"),
                Instant.parse("2026-11-29T09:30:00Z"));
        assertThat(engine.fromSalesforce("acme", "Lead", List.of(lead)).get(lead).status()).isEqualTo(Status.SKIPPED);

        settings = TenantSettings.defaults();
        assertThat(engine.fromSalesforce("acme", "Lead", List.of(lead)))
                .containsEntry(lead, new RecordOutcome(Status.SYNCED, "created in HubSpot"));
        assertThat(hubSpot.records.values()).anyMatch(r -> "new@example.com".equals(r.properties().get("email")));
        assertThat(salesforce.of("Lead").get(lead).properties().get("HubSpot_Contact_Id__c")).isNotBlank();
    }

    @Test
    void contactsWithoutEmailAreSkippedWithAReason() {
        hubSpot.put("41", Map.of("lastname", "Nobody"));
        assertThat(fromHubSpot("41")).containsEntry("41", new RecordOutcome(Status.SKIPPED, "no email address"));
        assertThat(salesforce.writeCalls).isZero();
    }

    @Test
    void refusalsBecomeSyncErrorsAndAreClearedOnceTheRecordSyncs() {
        hubSpot.put("51", Map.of("email", "bad@example.com", "lastname", "Bad"));
        salesforce.scripted.put("51", new WriteResult.Refused("51", "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                "Title is required", "Custom code"));

        assertThat(fromHubSpot("51").get("51").status()).isEqualTo(Status.REFUSED);
        assertThat(errors.open).containsKey("hubspot|contact|51");
        assertThat(errors.open.get("hubspot|contact|51").category()).isEqualTo("Custom code");
        assertThat(links.byHubSpotId).isEmpty();

        salesforce.scripted.clear();
        assertThat(fromHubSpot("51").get("51").status()).isEqualTo(Status.SYNCED);
        assertThat(errors.open).isEmpty();
    }

    @Test
    void aBatchOfFiftyCostsOneReadTwoIdentityQueriesAndOneWrite() {
        String[] ids = IntStream.range(0, 50).mapToObj(i -> hubSpot.put("c" + i, Map.of("email", "c" + i + "@example.com",
                "lastname", "L" + i))).toArray(String[]::new);

        assertThat(fromHubSpot(ids).values()).allMatch(o -> o.status() == Status.SYNCED);

        assertThat(hubSpot.readCalls).isEqualTo(1);
        assertThat(salesforce.queries).isEqualTo(2);
        assertThat(salesforce.writeCalls).isEqualTo(1);
        assertThat(salesforce.of("Lead")).hasSize(50);
    }

    @Test
    void anOutageMarksTheBatchForRetry() {
        hubSpot.unavailable = true;
        assertThat(fromHubSpot("1", "2").values()).extracting(RecordOutcome::status).containsOnly(Status.RETRY);
    }

    @Test
    void aConvertedLeadsLinkFollowsItsContact() {
        hubSpot.put("61", Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        fromHubSpot("61");
        String leadId = links.byHubSpotId.values().iterator().next().salesforceId();
        // Salesforce converts the Lead: it becomes read-only and a Contact carries the external ID on.
        Map<String, String> lead = new java.util.HashMap<>(salesforce.of("Lead").get(leadId).properties());
        lead.put("IsConverted", "true");
        salesforce.of("Lead").put(leadId, new CrmRecord(leadId, lead, Instant.parse("2026-11-29T09:40:00Z")));
        String contactId = salesforce.put("Contact", Map.of("Email", "ada@example.com", "LastName", "Lovelace",
                "HubSpot_Contact_Id__c", "61"), Instant.parse("2026-11-29T09:40:00Z"));

        assertThat(engine.fromSalesforce("acme", "Lead", List.of(leadId)).get(leadId).status())
                .isEqualTo(Status.SKIPPED);
        hubSpot.put("61", Map.of("email", "ada@example.com", "lastname", "Lovelace", "jobtitle", "Countess"),
                Instant.parse("2026-11-29T09:50:00Z"));
        assertThat(fromHubSpot("61").get("61").status()).isEqualTo(Status.SYNCED);

        Link link = links.findByHubSpotIds("acme", "contact", List.of("61")).get("61");
        assertThat(link.salesforceObject()).isEqualTo("Contact");
        assertThat(link.salesforceId()).isEqualTo(contactId);
        assertThat(salesforce.of("Contact").get(contactId).properties()).containsEntry("Title", "Countess");
        assertThat(salesforce.of("Lead").get(leadId).properties()).doesNotContainKey("Title");
    }

    @Test
    void dealsSyncOnlyOnceTurnedOnWithTheirStagesMapped() {
        hubSpot.put("71", Map.of("dealname", "Big deal", "amount", "5000", "closedate", "2026-12-24T00:00:00Z",
                "dealstage", "closedwon", "pipeline", "default"));
        assertThat(engine.fromHubSpot("acme", "deal", List.of("71")).get("71").status()).isEqualTo(Status.SKIPPED);
        assertThat(salesforce.writeCalls).isZero();

        settings = TenantSettings.defaults().withDeals(true, Map.of(), Map.of("closedwon", "Closed Won"));
        assertThat(engine.fromHubSpot("acme", "deal", List.of("71")))
                .containsEntry("71", new RecordOutcome(Status.SYNCED, "created in Salesforce"));

        CrmRecord opportunity = salesforce.of("Opportunity").values().iterator().next();
        assertThat(opportunity.properties()).containsEntry("HubSpot_Deal_Id__c", "71").containsEntry("Name", "Big deal")
                .containsEntry("StageName", "Closed Won").containsEntry("CloseDate", "2026-12-24")
                .containsEntry("Amount", "5000").doesNotContainKey("RecordTypeId");
    }

    @Test
    void onlyDealsInSyncedPipelinesAndOpportunitiesOfTheirRecordTypesSync() {
        settings = TenantSettings.defaults().withDeals(true, Map.of("default", "012000000000001AAA"), Map.of());
        hubSpot.put("72", Map.of("dealname", "Elsewhere", "dealstage", "qualifiedtobuy", "pipeline", "partners"));
        hubSpot.put("73", Map.of("dealname", "Here", "dealstage", "qualifiedtobuy", "pipeline", "default",
                "closedate", "2026-12-24"));

        Map<String, RecordOutcome> outcomes = engine.fromHubSpot("acme", "deal", List.of("72", "73"));

        assertThat(outcomes.get("72")).isEqualTo(new RecordOutcome(Status.SKIPPED, "pipeline partners is not synced"));
        assertThat(outcomes.get("73").status()).isEqualTo(Status.SYNCED);
        assertThat(salesforce.of("Opportunity").values()).singleElement()
                .satisfies(o -> assertThat(o.properties()).containsEntry("RecordTypeId", "012000000000001AAA"));

        String other = salesforce.put("Opportunity", Map.of("Name", "Partner deal", "StageName", "Prospecting",
                "CloseDate", "2026-12-31", "RecordTypeId", "012000000000002AAA"), Instant.parse("2026-11-29T09:30:00Z"));
        assertThat(engine.fromSalesforce("acme", "Opportunity", List.of(other)).get(other))
                .isEqualTo(new RecordOutcome(Status.SKIPPED, "record type 012000000000002AAA is not synced"));
    }

    @Test
    void newAccountsAndOpportunitiesBecomeHubSpotRecordsByUpsertOnTheirSalesforceId() {
        settings = TenantSettings.defaults().withDeals(true, Map.of(), Map.of("closedwon", "Closed Won"));
        String account = salesforce.put("Account", Map.of("Name", "Initech", "Website", "initech.example"),
                Instant.parse("2026-11-29T09:30:00Z"));
        String opportunity = salesforce.put("Opportunity", Map.of("Name", "Renewal", "StageName", "Closed Won",
                "CloseDate", "2026-12-31", "Amount", "1200"), Instant.parse("2026-11-29T09:30:00Z"));

        assertThat(engine.fromSalesforce("acme", "Account", List.of(account)))
                .containsEntry(account, new RecordOutcome(Status.SYNCED, "created in HubSpot"));
        assertThat(engine.fromSalesforce("acme", "Opportunity", List.of(opportunity)))
                .containsEntry(opportunity, new RecordOutcome(Status.SYNCED, "created in HubSpot"));

        CrmRecord company = hubSpot.records.values().stream().filter(r -> account.equals(
                r.properties().get(HubSpotRecords.SALESFORCE_ID_PROPERTY))).findFirst().orElseThrow();
        assertThat(company.properties()).containsEntry("name", "Initech");
        CrmRecord deal = hubSpot.records.values().stream().filter(r -> opportunity.equals(
                r.properties().get(HubSpotRecords.SALESFORCE_ID_PROPERTY))).findFirst().orElseThrow();
        assertThat(deal.properties()).containsEntry("dealstage", "closedwon").containsEntry("amount", "1200");
        assertThat(salesforce.of("Account").get(account).properties()).containsEntry("HubSpot_Company_Id__c",
                company.id());

        // A redelivery (the link and the external ID stamped) creates nothing new.
        int records = hubSpot.records.size();
        engine.fromSalesforce("acme", "Account", List.of(account));
        engine.fromSalesforce("acme", "Opportunity", List.of(opportunity));
        assertThat(hubSpot.records).hasSize(records);
    }

    @Test
    void withAnInclusionListOnlyItsMembersSyncToSalesforceButSalesforceCreationIgnoresIt() {
        settings = TenantSettings.defaults().withInclusionList("7");
        lists.members.put("7", java.util.Set.of("81"));
        hubSpot.put("81", Map.of("email", "in@example.com", "lastname", "Member"));
        hubSpot.put("82", Map.of("email", "out@example.com", "lastname", "Outsider"));

        Map<String, RecordOutcome> outcomes = fromHubSpot("81", "82");

        assertThat(outcomes.get("81").status()).isEqualTo(Status.SYNCED);
        assertThat(outcomes.get("82")).isEqualTo(new RecordOutcome(Status.SKIPPED, "not in inclusion list 7"));
        assertThat(salesforce.of("Lead")).hasSize(1);
        assertThat(lists.calls).isEqualTo(1);

        String lead = salesforce.put("Lead", Map.of("Email", "sf@example.com", "LastName", "FromSalesforce",
                "Company", "X"), Instant.parse("2026-11-29T09:30:00Z"));
        assertThat(engine.fromSalesforce("acme", "Lead", List.of(lead)).get(lead).status()).isEqualTo(Status.SYNCED);
        assertThat(lists.calls).isEqualTo(1);
    }

    @Test
    void aMissingInclusionListHoldsContactsBackWithTheReasonInsteadOfSyncingEveryone() {
        settings = TenantSettings.defaults().withInclusionList("404");
        hubSpot.put("83", Map.of("email", "x@example.com", "lastname", "X"));

        assertThat(fromHubSpot("83").get("83").detail()).startsWith("inclusion list 404 cannot be used");
        assertThat(salesforce.writeCalls).isZero();
    }

    @Test
    void ownersAreMatchedByEmailAndReadOncePerBatch() {
        owners.owners = new Owners(Map.of("101", "Rep@Example.com"), Map.of("005000000000001AAA", "rep@example.com"));
        hubSpot.put("91", Map.of("email", "a@example.com", "lastname", "A", "hubspot_owner_id", "101"));
        hubSpot.put("92", Map.of("email", "b@example.com", "lastname", "B", "hubspot_owner_id", "999"));

        fromHubSpot("91", "92");

        assertThat(owners.reads).isEqualTo(1);
        Map<String, String> byContact = new java.util.HashMap<>();
        salesforce.of("Lead").values().forEach(l -> byContact.put(l.properties().get("HubSpot_Contact_Id__c"),
                String.valueOf(l.properties().get("OwnerId"))));
        assertThat(byContact).containsEntry("91", "005000000000001AAA").containsEntry("92", "null");
        assertThat(audit.entries).anySatisfy(e -> {
            assertThat(e.hubSpotId()).isEqualTo("92");
            assertThat(e.field()).isEqualTo("OwnerId");
            assertThat(e.reason()).contains("owner not matched");
        });
    }

    TenantSettings contactsBecomeContacts() {
        return new TenantSettings(SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
                HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT, true, Side.SALESFORCE);
    }

    @Test
    void aContactsCompanyBecomesItsAccountAndAContactWaitsForAnAccountNotYetSynced() {
        settings = contactsBecomeContacts();
        hubSpot.put("501", Map.of("name", "Initech"));
        hubSpot.put("502", Map.of("name", "Globex"));
        engine.fromHubSpot("acme", "company", List.of("501"));
        String initech = links.findByHubSpotIds("acme", "company", List.of("501")).get("501").salesforceId();
        hubSpot.put("511", Map.of("email", "peter@initech.example", "lastname", "Gibbons"));
        hubSpot.put("512", Map.of("email", "hank@globex.example", "lastname", "Scorpio"));
        associations.companiesOf.put("511", List.of("501"));
        associations.companiesOf.put("512", List.of("502"));

        Map<String, RecordOutcome> outcomes = fromHubSpot("511", "512");

        assertThat(outcomes.values()).extracting(RecordOutcome::status).containsOnly(Status.SYNCED);
        assertThat(associations.reads).isEqualTo(1);
        CrmRecord peter = salesforce.of("Contact").values().stream()
                .filter(c -> "511".equals(c.properties().get("HubSpot_Contact_Id__c"))).findFirst().orElseThrow();
        assertThat(peter.properties()).containsEntry("AccountId", initech);
        CrmRecord hank = salesforce.of("Contact").values().stream()
                .filter(c -> "512".equals(c.properties().get("HubSpot_Contact_Id__c"))).findFirst().orElseThrow();
        assertThat(hank.properties()).doesNotContainKey("AccountId");
        assertThat(errors.open.get("hubspot|contact|512").code()).isEqualTo("WAITING_FOR_ACCOUNT");
        assertThat(errors.open.get("hubspot|contact|512").message()).startsWith("Waiting for account to sync");
        assertThat(waits.waitingFor("acme", List.of("hubspot|company|502"))).containsKey("hubspot|company|502");

        // Globex syncs: Hank, who waited for it, gets his account in the same run.
        engine.fromHubSpot("acme", "company", List.of("502"));

        String globex = links.findByHubSpotIds("acme", "company", List.of("502")).get("502").salesforceId();
        assertThat(salesforce.of("Contact").get(hank.id()).properties()).containsEntry("AccountId", globex);
        assertThat(errors.open).doesNotContainKey("hubspot|contact|512");
        assertThat(waits.waitingFor("acme", List.of("hubspot|company|502"))).isEmpty();
        assertThat(audit.entries).anySatisfy(e -> {
            assertThat(e.hubSpotId()).isEqualTo("512");
            assertThat(e.field()).isEqualTo("AccountId");
            assertThat(e.written()).isEqualTo(globex);
        });
    }

    @Test
    void aSalesforceContactsAccountBecomesItsPrimaryCompanyAndThenNothingMoves() {
        settings = contactsBecomeContacts();
        hubSpot.put("601", Map.of("name", "Umbrella"));
        engine.fromHubSpot("acme", "company", List.of("601"));
        String umbrella = links.findByHubSpotIds("acme", "company", List.of("601")).get("601").salesforceId();
        hubSpot.put("611", Map.of("email", "alice@umbrella.example", "lastname", "Abernathy"));
        fromHubSpot("611");
        String alice = links.findByHubSpotIds("acme", "contact", List.of("611")).get("611").salesforceId();
        Map<String, String> moved = new java.util.HashMap<>(salesforce.of("Contact").get(alice).properties());
        moved.put("AccountId", umbrella);
        salesforce.of("Contact").put(alice, new CrmRecord(alice, moved, Instant.parse("2026-11-29T11:00:00Z")));

        assertThat(engine.fromSalesforce("acme", "Contact", List.of(alice)).get(alice).status())
                .isEqualTo(Status.SYNCED);

        assertThat(associations.companiesOf.get("611")).containsExactly("601");
        int writes = salesforce.writeCalls + hubSpot.writeCalls + associations.writeCalls;
        assertThat(engine.fromSalesforce("acme", "Contact", List.of(alice)).get(alice).status())
                .isEqualTo(Status.UNCHANGED);
        assertThat(fromHubSpot("611").get("611").status()).isEqualTo(Status.UNCHANGED);
        assertThat(salesforce.writeCalls + hubSpot.writeCalls + associations.writeCalls).isEqualTo(writes);
    }

    @Test
    void leadsHaveNoAccountAndCostNoAssociationReads() {
        hubSpot.put("701", Map.of("email", "lead@example.com", "lastname", "Lead"));
        associations.companiesOf.put("701", List.of("999"));

        fromHubSpot("701");

        assertThat(associations.reads).isZero();
        assertThat(salesforce.of("Lead").values().iterator().next().properties()).doesNotContainKey("AccountId");
    }

    @Test
    void aDealsContactsBecomeContactRolesAndRolesBecomeAssociationsOnlyEverAdding() {
        settings = contactsBecomeContacts().withDeals(true, Map.of(), Map.of());
        hubSpot.put("811", Map.of("email", "one@example.com", "lastname", "One"));
        hubSpot.put("812", Map.of("email", "two@example.com", "lastname", "Two"));
        fromHubSpot("811", "812");
        String one = links.findByHubSpotIds("acme", "contact", List.of("811")).get("811").salesforceId();
        String sfOnly = salesforce.put("Contact", Map.of("Email", "three@example.com", "LastName", "Three"),
                Instant.parse("2026-11-29T09:30:00Z"));
        engine.fromSalesforce("acme", "Contact", List.of(sfOnly));
        String three = links.byHubSpotId.values().stream().filter(l -> sfOnly.equals(l.salesforceId())).findFirst()
                .orElseThrow().hubSpotId();
        hubSpot.put("801", Map.of("dealname", "Renewal", "dealstage", "closedwon", "closedate", "2026-12-24"));
        associations.contactsOf.put("801", List.of("811", "899"));

        engine.fromHubSpot("acme", "deal", List.of("801"));

        String opportunity = links.findByHubSpotIds("acme", "deal", List.of("801")).get("801").salesforceId();
        assertThat(salesforce.of("OpportunityContactRole").values()).singleElement().satisfies(r -> assertThat(
                r.properties()).containsEntry("OpportunityId", opportunity).containsEntry("ContactId", one)
                .containsEntry("IsPrimary", "true"));
        // 899 has no twin yet: the deal waits for it.
        assertThat(waits.waitingFor("acme", List.of("hubspot|contact|899"))).containsKey("hubspot|contact|899");

        // A role added in Salesforce becomes an association in HubSpot; nothing is removed anywhere.
        salesforce.create("acme", "OpportunityContactRole", List.of(Map.of("OpportunityId", opportunity,
                "ContactId", sfOnly, "IsPrimary", false)));
        associations.contactsOf.put("801", List.of("899"));
        engine.fromSalesforce("acme", "Opportunity", List.of(opportunity));

        assertThat(associations.contactsOf.get("801")).contains("811", three, "899");
        assertThat(salesforce.of("OpportunityContactRole")).hasSize(2);

        // Settled: a repeat adds nothing.
        int roles = salesforce.of("OpportunityContactRole").size();
        int associationWrites = associations.writeCalls;
        engine.fromHubSpot("acme", "deal", List.of("801"));
        assertThat(salesforce.of("OpportunityContactRole")).hasSize(roles);
        assertThat(associations.writeCalls).isEqualTo(associationWrites);
    }

    @Test
    void recordsWithoutOwnersSpendNoCallsOnTheOwnerDirectory() {
        hubSpot.put("95", Map.of("email", "no-owner@example.com", "lastname", "Free"));

        assertThat(fromHubSpot("95").get("95").status()).isEqualTo(Status.SYNCED);

        assertThat(owners.reads).isZero();
    }

    @Test
    void aConflictIsSettledByWhenTheHubSpotPropertyChangedNotWhenTheRecordDid() {
        hubSpot.put("96", Map.of("email", "c@example.com", "lastname", "C", "jobtitle", "Engineer"),
                Instant.parse("2026-11-29T08:00:00Z"));
        fromHubSpot("96");
        String lead = links.findByHubSpotIds("acme", "contact", List.of("96")).get("96").salesforceId();
        // jobtitle changed in HubSpot at 09:00, then another property at 11:00; Title changed in Salesforce at 10:00.
        hubSpot.put("96", Map.of("email", "c@example.com", "lastname", "C", "jobtitle", "Manager", "phone", "1"),
                Instant.parse("2026-11-29T11:00:00Z"));
        hubSpot.history.put("96", Map.of("jobtitle", Instant.parse("2026-11-29T09:00:00Z")));
        Map<String, String> sf = new java.util.HashMap<>(salesforce.of("Lead").get(lead).properties());
        sf.put("Title", "Director");
        salesforce.of("Lead").put(lead, new CrmRecord(lead, sf, Instant.parse("2026-11-29T10:00:00Z")));

        assertThat(fromHubSpot("96").get("96").status()).isEqualTo(Status.SYNCED);

        assertThat(hubSpot.historyReads).isEqualTo(1);
        assertThat(hubSpot.records.get("96").properties()).containsEntry("jobtitle", "Director");
        assertThat(salesforce.of("Lead").get(lead).properties()).containsEntry("Title", "Director")
                .containsEntry("Phone", "1");
        assertThat(audit.entries).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("Title");
            assertThat(e.reason()).isEqualTo("changed in both; Salesforce more recently");
        });
    }

    @Test
    void batchesWithoutConflictsReadNoHistory() {
        hubSpot.put("97", Map.of("email", "d@example.com", "lastname", "D"));
        fromHubSpot("97");
        assertThat(hubSpot.historyReads).isZero();
    }
}
