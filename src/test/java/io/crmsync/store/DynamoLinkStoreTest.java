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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    /** The link as read back after {@code saves} saves. */
    static Link stored(Link link, long saves) {
        return new Link(link.tenantId(), link.hubSpotObject(), link.hubSpotId(), link.salesforceObject(),
                link.salesforceId(), link.lastWrittenHash(), link.syncedAt(), link.fieldFingerprints(), saves);
    }

    @Test
    void findsLinksFromBothSides() {
        Instant at = Instant.parse("2026-11-29T10:00:00.123Z");
        store.save(link("11", "00Q000000000001AAA", "h1", at));

        assertThat(store.findByHubSpotIds("acme", "contact", List.of("11", "12")))
                .containsExactly(Map.entry("11", stored(link("11", "00Q000000000001AAA", "h1", at), 1)));
        assertThat(store.findBySalesforceId("acme", "Lead", "00Q000000000001AAA")).contains(
                stored(link("11", "00Q000000000001AAA", "h1", at), 1));
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
    void aSaveFromAnOutdatedReadIsRefusedAndTheNewerLinkStays() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        assertThat(store.save(link("11", "00Q000000000001AAA", "first", at))).isTrue();
        Link read = store.findByHubSpotIds("acme", "contact", List.of("11")).get("11");
        assertThat(read.version()).isEqualTo(1);

        assertThat(store.save(stored(link("11", "00Q000000000001AAA", "worker A", at.plusSeconds(1)), 1))).isTrue();
        // Worker B read version 1 too, and saves after A: refused, whatever its clock says.
        assertThat(store.save(stored(link("11", "00Q000000000001AAA", "worker B", at.plusSeconds(9)), 1))).isFalse();
        // A worker that read no link cannot create one over an existing one either.
        assertThat(store.save(link("11", "00Q000000000001AAA", "fresh", at.plusSeconds(9)))).isFalse();

        Link now = store.findByHubSpotIds("acme", "contact", List.of("11")).get("11");
        assertThat(now.lastWrittenHash()).isEqualTo("worker A");
        assertThat(now.version()).isEqualTo(2);
    }

    @Test
    void aLinkStoredBeforeLinksHadVersionsReadsAsVersionZeroAndSavesOnce() {
        aws.dynamo().putItem(b -> b.tableName(aws.tableName("LinksTable")).item(Map.of(
                DynamoLinkStore.KEY, AttributeValue.fromS("acme|contact|11"), "tenantId", AttributeValue.fromS("acme"),
                "hubSpotObject", AttributeValue.fromS("contact"), "hubSpotId", AttributeValue.fromS("11"),
                "salesforceObject", AttributeValue.fromS("Lead"), "lastWrittenHash", AttributeValue.fromS("old"),
                "syncedAt", AttributeValue.fromN("1764410400000"))));
        Link legacy = store.findByHubSpotIds("acme", "contact", List.of("11")).get("11");
        assertThat(legacy.version()).isZero();

        assertThat(store.save(link("11", "00Q000000000001AAA", "new", Instant.parse("2026-11-29T10:00:00Z"))))
                .isTrue();
        assertThat(store.save(link("11", "00Q000000000001AAA", "again", Instant.parse("2026-11-29T10:00:00Z"))))
                .isFalse();
    }

    /**
     * 8 workers, each 40 times: read the link, save it as read. Every save that succeeds must have read the version
     * it replaced, so the successes number exactly the final version: no two workers both won from one read.
     */
    @Test
    void racingWorkersNeverBothSaveFromTheSameRead() throws Exception {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        store.save(link("11", "00Q000000000001AAA", "start", at));
        java.util.concurrent.atomic.AtomicInteger saved = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<Long> versionsWon = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> done = IntStream.range(0, 8).mapToObj(w -> workers.submit(() -> {
            for (int i = 0; i < 40; i++) {
                Link read = store.findByHubSpotIds("acme", "contact", List.of("11")).get("11");
                if (store.save(stored(link("11", "00Q000000000001AAA", "w" + w + "-" + i, at), read.version()))) {
                    saved.incrementAndGet();
                    assertThat(versionsWon.add(read.version())).as("version %d won twice", read.version()).isTrue();
                }
            }
        })).collect(java.util.stream.Collectors.toList());
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        workers.shutdown();

        long version = store.findByHubSpotIds("acme", "contact", List.of("11")).get("11").version();
        assertThat(saved.get()).isPositive();
        assertThat(version).isEqualTo(1L + saved.get());
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
