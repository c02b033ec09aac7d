package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sync.Link;

/** The links adapter against dynalite, on the table created from infra/aws-resources.json. */
class DynamoLinkStoreTest {

    final LocalAws aws = SharedLocalAws.get();
    DynamoLinkStore store;

    @BeforeEach
    void emptyTable() {
        aws.reset();
        store = new DynamoLinkStore(aws.dynamo(), aws.tableName("LinksTable"));
    }

    static Link link(String hubSpotId, String salesforceId, String hash, Instant at) {
        return new Link("acme", "contact", hubSpotId, "Lead", salesforceId, hash, at);
    }

    @Test
    void findsLinksFromBothSides() {
        Instant at = Instant.parse("2026-11-29T10:00:00.123Z");
        store.save(link("11", "00Q000000000001AAA", "h1", at));

        assertThat(store.findByHubSpotIds("acme", "contact", List.of("11", "12")))
                .containsExactly(Map.entry("11", link("11", "00Q000000000001AAA", "h1", at)));
        assertThat(store.findBySalesforceId("acme", "Lead", "00Q000000000001AAA")).contains(
                link("11", "00Q000000000001AAA", "h1", at));
        assertThat(store.findByHubSpotIds("other-tenant", "contact", List.of("11"))).isEmpty();
        assertThat(store.findBySalesforceId("acme", "Contact", "00Q000000000001AAA")).isEmpty();
    }

    @Test
    void readsMoreThanOneBatchGetOfLinks() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        List<String> ids = IntStream.range(0, 250).mapToObj(i -> "c" + i).toList();
        ids.forEach(id -> store.save(link(id, null, "h", at)));
        assertThat(store.findByHubSpotIds("acme", "contact", ids)).hasSize(250);
    }

    @Test
    void anOlderSyncNeverOverwritesANewerOne() {
        Instant earlier = Instant.parse("2026-11-29T10:00:00Z");
        Instant later = earlier.plusSeconds(5);
        store.save(link("11", "00Q000000000001AAA", "new", later));
        store.save(link("11", "00Q000000000001AAA", "old", earlier));
        assertThat(store.findByHubSpotIds("acme", "contact", List.of("11")).get("11").lastWrittenHash())
                .isEqualTo("new");
    }

    @Test
    void aDeletedLinkIsGoneFromBothSidesAndDeletingAgainIsFine() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        store.save(link("11", "00Q000000000001AAA", "h1", at));
        store.save(link("12", "00Q000000000002AAA", "h2", at));

        store.delete("acme", "contact", "11");
        store.delete("acme", "contact", "11");

        assertThat(store.findByHubSpotIds("acme", "contact", List.of("11", "12"))).containsOnlyKeys("12");
        assertThat(store.findBySalesforceId("acme", "Lead", "00Q000000000001AAA")).isEmpty();
    }
}
