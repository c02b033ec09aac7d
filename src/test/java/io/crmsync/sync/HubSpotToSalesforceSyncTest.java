package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.SalesforceRecords.UpsertResult;

class HubSpotToSalesforceSyncTest {

    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
    final InMemoryPorts.Links links = new InMemoryPorts.Links();
    final HubSpotToSalesforceSync sync = new HubSpotToSalesforceSync(hubSpot, salesforce, links,
            Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));

    Map<String, RecordOutcome> run(String... ids) {
        return sync.sync("acme", RecommendedMappings.CONTACT_LEAD, List.of(ids));
    }

    @Test
    void upsertsTheMappedValuesByExternalIdAndStoresTheLink() {
        hubSpot.put("11", Map.of("email", "ada@example.com", "firstname", "Ada", "lastname", "Lovelace",
                "company", "Analytical Engines", "phone", "+44 20 0000", "jobtitle", "Countess", "hs_object_id", "11"));

        assertThat(run("11")).containsEntry("11", new RecordOutcome(Status.SYNCED, "created"));

        assertThat(salesforce.upserts).singleElement().satisfies(u -> {
            assertThat(u.sObject()).isEqualTo("Lead");
            assertThat(u.externalIdField()).isEqualTo("HubSpot_Contact_Id__c");
            assertThat(u.externalId()).isEqualTo("11");
            assertThat(u.fields()).containsAllEntriesOf(Map.of("Email", "ada@example.com",
                    "FirstName", "Ada", "LastName", "Lovelace", "Company", "Analytical Engines",
                    "Phone", "+44 20 0000", "Title", "Countess"));
        });
        Link link = links.findByHubSpotIds("acme", "contact", List.of("11")).get("11");
        assertThat(link.salesforceId()).isEqualTo(salesforce.idsByExternalId.get("11"));
        assertThat(link.salesforceObject()).isEqualTo("Lead");
        assertThat(link.lastWrittenHash()).isNotBlank();
    }

    @Test
    void readsAllRecordsOfABatchInOneCall() {
        for (int i = 1; i <= 50; i++) {
            hubSpot.put(Integer.toString(i), Map.of("email", "c" + i + "@example.com", "lastname", "L" + i));
        }
        String[] ids = java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(Integer::toString).toArray(String[]::new);
        assertThat(run(ids).values()).allMatch(o -> o.status() == Status.SYNCED);
        assertThat(hubSpot.readCalls).isEqualTo(1);
        assertThat(salesforce.upserts).hasSize(50);
    }

    @Test
    void skipsTheWriteWhenTheValuesAreThoseLastWritten() {
        hubSpot.put("11", Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        run("11");

        assertThat(run("11")).containsEntry("11", RecordOutcome.of(Status.UNCHANGED));
        assertThat(salesforce.upserts).hasSize(1);

        hubSpot.put("11", Map.of("email", "ada@example.com", "lastname", "Byron"));
        assertThat(run("11")).containsEntry("11", new RecordOutcome(Status.SYNCED, "updated"));
        assertThat(salesforce.upserts).hasSize(2);
    }

    @Test
    void fillsSalesforceRequiredFieldsAndClearsBlankOnes() {
        hubSpot.put("12", Map.of("email", "nobody@example.com", "phone", " "));
        run("12");
        assertThat(salesforce.upserts.get(0).fields()).containsEntry("LastName", RecommendedMappings.NOT_PROVIDED)
                .containsEntry("Company", RecommendedMappings.NOT_PROVIDED).containsEntry("Phone", null)
                .containsEntry("FirstName", null);
    }

    @Test
    void recordsThatNoLongerExistAreNotFound() {
        assertThat(run("404")).containsEntry("404", RecordOutcome.of(Status.NOT_FOUND));
        assertThat(salesforce.upserts).isEmpty();
    }

    @Test
    void aHubSpotOutageMarksEveryRecordForRetry() {
        hubSpot.unavailable = true;
        assertThat(run("1", "2").values()).extracting(RecordOutcome::status).containsOnly(Status.RETRY);
    }

    @Test
    void salesforceRefusalsAreNotRetriedAndLeaveNoLink() {
        hubSpot.put("13", Map.of("email", "x@example.com"));
        hubSpot.put("14", Map.of("email", "y@example.com"));
        salesforce.scripted.put("13", new UpsertResult.Refused("FIELD_CUSTOM_VALIDATION_EXCEPTION", "no"));
        salesforce.failing.put("14", new CrmUnavailableException("503", null));

        Map<String, RecordOutcome> outcomes = run("13", "14");

        assertThat(outcomes.get("13").status()).isEqualTo(Status.REFUSED);
        assertThat(outcomes.get("13").detail()).startsWith("FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat(outcomes.get("14").status()).isEqualTo(Status.RETRY);
        assertThat(links.byHubSpotId).isEmpty();
    }
}
