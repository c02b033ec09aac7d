package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.tenant.TenantSettings;

/** Deletes through the engine with the in-memory ports: what is archived, kept, forgotten and written down. */
class SyncEngineDeletesTest {

    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
    final InMemoryPorts.Links links = new InMemoryPorts.Links();
    final InMemoryPorts.Audit audit = new InMemoryPorts.Audit();
    final InMemoryPorts.Errors errors = new InMemoryPorts.Errors();
    TenantSettings settings = TenantSettings.defaults().withDeals(true, Map.of(), Map.of());
    final SyncEngine engine = new SyncEngine(new SyncEngine.Ports(hubSpot, salesforce, new InMemoryPorts.OwnerBook(),
            new InMemoryPorts.Lists(), new InMemoryPorts.Associations(), links, audit, errors,
            new InMemoryPorts.Waits()),
            (tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow(), tenant -> settings,
            Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));

    /** A synced pair whose Salesforce end is already deleted (absent from queries). */
    void linked(String hubSpotObject, String hubSpotId, String sObject, String salesforceId) {
        hubSpot.put(hubSpotId, Map.of("name", "x"));
        links.save(new Link("acme", hubSpotObject, hubSpotId, sObject, salesforceId, "h", InMemoryPorts.T0));
    }

    @Test
    void aDeletedOpportunityArchivesItsDealForgetsTheLinkAndSaysSo() {
        linked("deal", "701", "Opportunity", "006000000000001AAA");
        errors.record(List.of(new SyncErrorLog.SyncError("acme", "hubspot|deal|701", "Property values", "X", "bad",
                InMemoryPorts.T0)));

        assertThat(engine.deletedInSalesforce("acme", "Opportunity", List.of("006000000000001AAA"))).containsExactly(
                Map.entry("006000000000001AAA", new RecordOutcome(Status.SYNCED,
                        "deleted in Salesforce; HubSpot deal archived")));

        assertThat(hubSpot.archived).containsExactly("701");
        assertThat(links.byHubSpotId).isEmpty();
        assertThat(errors.open).isEmpty();
        assertThat(audit.entries).singleElement().satisfies(e -> {
            assertThat(e.hubSpotId()).isEqualTo("701");
            assertThat(e.salesforceId()).isEqualTo("006000000000001AAA");
            assertThat(e.field()).isEqualTo(SyncEngine.DELETED_FIELD);
            assertThat(e.written()).isEqualTo("archived");
            assertThat(e.writtenTo()).isEqualTo("HUBSPOT");
            assertThat(e.winner()).isEqualTo("SALESFORCE");
            assertThat(e.reason()).isEqualTo("deleted in Salesforce; HubSpot deal archived");
        });
    }

    @Test
    void aDeletedLeadKeepsItsContactUnlessTheSettingSaysDelete() {
        linked("contact", "11", "Lead", "00Q000000000001AAA");
        linked("contact", "12", "Lead", "00Q000000000002AAA");

        assertThat(engine.deletedInSalesforce("acme", "Lead", List.of("00Q000000000001AAA")))
                .containsEntry("00Q000000000001AAA", new RecordOutcome(Status.SKIPPED,
                        "deleted in Salesforce; HubSpot contact kept: setting Do nothing"));
        assertThat(hubSpot.records).containsKey("11");
        assertThat(hubSpot.archiveCalls).isZero();
        assertThat(links.findByHubSpotIds("acme", "contact", List.of("11"))).isEmpty();
        assertThat(audit.entries).singleElement().satisfies(e -> assertThat(e.written()).isNull());

        settings = settings.withContactDeletion(true);
        assertThat(engine.deletedInSalesforce("acme", "Lead", List.of("00Q000000000002AAA")).get("00Q000000000002AAA")
                .status()).isEqualTo(Status.SYNCED);
        assertThat(hubSpot.archived).containsExactly("12");
    }

    @Test
    void aRecordRestoredBeforeTheNoticeIsHandledIsLeftAlone() {
        settings = settings.withContactDeletion(true);
        String lead = salesforce.put("Lead", Map.of("LastName", "Back"), InMemoryPorts.T0);
        linked("contact", "21", "Lead", lead);

        assertThat(engine.deletedInSalesforce("acme", "Lead", List.of(lead)).get(lead).status())
                .isEqualTo(Status.UNCHANGED);
        assertThat(hubSpot.archiveCalls).isZero();
        assertThat(links.byHubSpotId).hasSize(1);
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void aRepeatFindsNoLinkAndWritesNothing() {
        linked("deal", "702", "Opportunity", "006000000000002AAA");
        engine.deletedInSalesforce("acme", "Opportunity", List.of("006000000000002AAA"));
        int queries = salesforce.queries;

        assertThat(engine.deletedInSalesforce("acme", "Opportunity", List.of("006000000000002AAA")))
                .containsEntry("006000000000002AAA", new RecordOutcome(Status.NOT_FOUND, "no HubSpot twin"));
        assertThat(hubSpot.archiveCalls).isEqualTo(1);
        assertThat(salesforce.queries).isEqualTo(queries);
        assertThat(audit.entries).hasSize(1);
    }

    @Test
    void deletedDealsAreArchivedAHundredPerCall() {
        List<String> ids = IntStream.range(0, 150).mapToObj(i -> String.format("006%015d", i)).toList();
        IntStream.range(0, 150).forEach(i -> linked("deal", "d" + i, "Opportunity", ids.get(i)));

        assertThat(engine.deletedInSalesforce("acme", "Opportunity", ids).values()).extracting(RecordOutcome::status)
                .containsOnly(Status.SYNCED).hasSize(150);
        assertThat(hubSpot.archiveCalls).isEqualTo(2);
        assertThat(hubSpot.archived).hasSize(150);
    }

    @Test
    void whenHubSpotCannotArchiveTheLinksStayAndTheNoticeIsRetried() {
        linked("deal", "703", "Opportunity", "006000000000003AAA");
        hubSpot.unavailable = true;

        assertThat(engine.deletedInSalesforce("acme", "Opportunity", List.of("006000000000003AAA"))
                .get("006000000000003AAA").status()).isEqualTo(Status.RETRY);
        assertThat(links.byHubSpotId).hasSize(1);
        assertThat(audit.entries).isEmpty();

        hubSpot.unavailable = false;
        assertThat(engine.deletedInSalesforce("acme", "Opportunity", List.of("006000000000003AAA"))
                .get("006000000000003AAA").status()).isEqualTo(Status.SYNCED);
        assertThat(links.byHubSpotId).isEmpty();
    }

    @Test
    void aDealDeletedInHubSpotKeepsItsOpportunityAndOnlyLosesItsLink() {
        String opportunity = salesforce.put("Opportunity", Map.of("Name", "Big"), InMemoryPorts.T0);
        linked("deal", "704", "Opportunity", opportunity);

        assertThat(engine.deletedInHubSpot("acme", "deal", List.of("704", "705"))).containsExactly(
                Map.entry("704", new RecordOutcome(Status.SKIPPED,
                        "deleted in HubSpot; Salesforce Opportunity kept: HubSpot deletions are not synced")),
                Map.entry("705", new RecordOutcome(Status.NOT_FOUND, "no Salesforce twin")));
        assertThat(salesforce.of("Opportunity")).containsKey(opportunity);
        assertThat(salesforce.writeCalls + salesforce.queries + hubSpot.archiveCalls + hubSpot.readCalls).isZero();
        assertThat(links.byHubSpotId).isEmpty();
        assertThat(audit.entries).singleElement().satisfies(e -> assertThat(e.winner()).isEqualTo("HUBSPOT"));
    }

    @Test
    void objectsThatDoNotSyncAreSkipped() {
        assertThat(engine.deletedInSalesforce("acme", "Case", List.of("500000000000001AAA")))
                .containsEntry("500000000000001AAA", new RecordOutcome(Status.SKIPPED, "Case does not sync"));
    }
}
