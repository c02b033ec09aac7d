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

    /**
     * The race above through {@code saveAll}: each worker saves the raced link in a batch with two links of its own, so
     * the batch goes out side by side. Still no version won twice, and every one of the workers' own links saved.
     */
    @Test
    void racingWorkersNeverBothSaveFromTheSameReadThroughBatchedSaves() throws Exception {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        store.save(link("11", "00Q000000000001AAA", "start", at));
        java.util.concurrent.atomic.AtomicInteger saved = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<Long> versionsWon = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> done = IntStream.range(0, 8).mapToObj(w -> workers.submit(() -> {
            for (int i = 0; i < 40; i++) {
                String hash = "w" + w + "-" + i;
                List<String> ids = List.of("11", "w" + w + "a", "w" + w + "b");
                Map<String, Link> read = store.findByHubSpotIds("acme", "contact", ids);
                List<Link> batch = ids.stream().map(id -> stored(link(id, null, hash, at),
                        read.containsKey(id) ? read.get(id).version() : 0)).toList();
                List<Boolean> stored = store.saveAll(batch);
                assertThat(stored.subList(1, 3)).as("the worker's own links").containsOnly(true);
                if (stored.get(0)) {
                    saved.incrementAndGet();
                    assertThat(versionsWon.add(read.get("11").version())).as("version %d won twice",
                            read.get("11").version()).isTrue();
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
        assertThat(store.findByHubSpotIds("acme", "contact", List.of("w0a", "w7b")).values())
                .extracting(Link::version).containsOnly(40L);
    }

    @Test
    void aBatchWithOneStaleLinkSavesTheOthersAndReportsExactlyThatOne() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        List<String> ids = IntStream.range(0, 30).mapToObj(i -> "c" + i).toList();
        ids.forEach(id -> store.save(link(id, null, "first", at)));
        // Another worker recorded c17 after our worker read all 30 at version 1.
        assertThat(store.save(stored(link("c17", null, "other worker", at), 1))).isTrue();

        List<Link> batch = new java.util.ArrayList<>(ids.stream().map(id -> stored(link(id, null, "ours", at), 1))
                .toList());
        batch.add(link("new", null, "ours", at));
        List<Boolean> saved = store.saveAll(batch);

        assertThat(saved).hasSize(31);
        assertThat(IntStream.range(0, 31).filter(i -> !saved.get(i)).boxed().toList()).containsExactly(17);
        Map<String, Link> now = store.findByHubSpotIds("acme", "contact",
                java.util.stream.Stream.concat(ids.stream(), java.util.stream.Stream.of("new")).toList());
        assertThat(now.get("c17").lastWrittenHash()).isEqualTo("other worker");
        assertThat(now.get("c17").version()).isEqualTo(2);
        assertThat(now.values().stream().filter(l -> !l.hubSpotId().equals("c17")))
                .hasSize(30).allSatisfy(l -> assertThat(l.lastWrittenHash()).isEqualTo("ours"));
        assertThat(now.get("new").version()).isEqualTo(1);
    }

    /** Two saves of one record in one batch come out as saving them in turn would, whatever runs side by side. */
    @Test
    void savesOfOneRecordInABatchGoInTheOrderGiven() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        List<Boolean> saved = store.saveAll(List.of(link("11", null, "first", at), link("12", null, "other", at),
                link("11", null, "from no link again", at), stored(link("11", null, "after the first", at), 1)));

        assertThat(saved).containsExactly(true, true, false, true);
        Link now = store.findByHubSpotIds("acme", "contact", List.of("11")).get("11");
        assertThat(now.lastWrittenHash()).isEqualTo("after the first");
        assertThat(now.version()).isEqualTo(2);
    }

    /**
     * The single save's rules hold in a batch: a link stored before links had versions takes a version-0 save, and a
     * link erased meanwhile (deleted unconditionally) refuses a save of the version read before the erase.
     */
    @Test
    void aBatchKeepsTheLegacyAndErasedLinkRules() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        aws.dynamo().putItem(b -> b.tableName(aws.tableName("LinksTable")).item(Map.of(
                DynamoLinkStore.KEY, AttributeValue.fromS("acme|contact|11"), "tenantId", AttributeValue.fromS("acme"),
                "hubSpotObject", AttributeValue.fromS("contact"), "hubSpotId", AttributeValue.fromS("11"),
                "salesforceObject", AttributeValue.fromS("Lead"), "lastWrittenHash", AttributeValue.fromS("old"),
                "syncedAt", AttributeValue.fromN("1764410400000"))));
        store.save(link("12", "00Q000000000002AAA", "before the erase", at));
        store.delete("acme", "contact", "12");

        assertThat(store.saveAll(List.of(link("11", null, "new", at),
                stored(link("12", "00Q000000000002AAA", "after the erase", at), 1)))).containsExactly(true, false);
        assertThat(store.findByHubSpotIds("acme", "contact", List.of("11", "12"))).containsOnlyKeys("11");
    }

    @Test
    void findsLinksOfManySalesforceRecords() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> String.format("00Q0000000000%02dAAA", i)).toList();
        store.saveAll(ids.stream().map(id -> link("h" + id, id, "h", at)).toList());

        Map<String, Link> found = store.findBySalesforceIds("acme", "Lead",
                List.of(ids.get(3), ids.get(3), ids.get(11), "00Q000000000099AAA"));
        assertThat(found).containsOnlyKeys(ids.get(3), ids.get(11));
        assertThat(found.get(ids.get(11)).hubSpotId()).isEqualTo("h" + ids.get(11));
        assertThat(store.findBySalesforceIds("acme", "Contact", ids)).isEmpty();
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
