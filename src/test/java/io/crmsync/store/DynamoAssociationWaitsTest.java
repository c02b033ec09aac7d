package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The association-waits adapter against dynalite, on the sync-errors table created from infra/aws-resources.json. */
class DynamoAssociationWaitsTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00.123Z");
    static final String COMPANY = "hubspot|company|123";
    static final String ACCOUNT = "salesforce|Account|001000000000001AAA";

    final LocalAws aws = SharedLocalAws.get();
    String table;
    DynamoAssociationWaits waits;

    @BeforeEach
    void emptyTable() {
        aws.reset();
        table = aws.tableName("SyncErrorsTable");
        waits = new DynamoAssociationWaits(aws.dynamo(), table, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    Map<String, AttributeValue> rawItem(String tenantId, String recordKey) {
        return aws.dynamo().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("tenantId", AttributeValue.fromS(tenantId), "recordKey", AttributeValue.fromS(recordKey))))
                .item();
    }

    @Test
    void awaitingTwiceIsIdempotent() {
        waits.await("acme", COMPANY, "hubspot|contact|1");
        waits.await("acme", COMPANY, "hubspot|contact|1");

        assertThat(waits.waitingFor("acme", List.of(COMPANY)))
                .containsExactly(Map.entry(COMPANY, Set.of("hubspot|contact|1")));
    }

    @Test
    void remembersSeveralDependentsOfOneRecord() {
        waits.await("acme", COMPANY, "hubspot|contact|1");
        waits.await("acme", COMPANY, "hubspot|deal|7");
        waits.await("acme", ACCOUNT, "salesforce|Contact|003000000000001AAA");

        assertThat(waits.waitingFor("acme", List.of(COMPANY, ACCOUNT))).isEqualTo(Map.of(
                COMPANY, Set.of("hubspot|contact|1", "hubspot|deal|7"),
                ACCOUNT, Set.of("salesforce|Contact|003000000000001AAA")));
    }

    @Test
    void theItemReadsAsAnAssociationsSyncError() {
        waits.await("acme", COMPANY, "hubspot|contact|1");

        Map<String, AttributeValue> item = rawItem("acme", "wait|" + COMPANY);
        assertThat(item.get("category").s()).isEqualTo("Associations");
        assertThat(item.get("code").s()).isEqualTo("WAITING_FOR_ACCOUNT");
        assertThat(item.get("message").s()).isEqualTo("Waiting for account to sync");
        assertThat(item.get("at").n()).isEqualTo(Long.toString(NOW.toEpochMilli()));
        assertThat(item.get("dependents").ss()).containsExactly("hubspot|contact|1");
    }

    @Test
    void readsMoreThanOneBatchGetAndLeavesOutRecordsNobodyWaitsFor() {
        List<String> awaited = IntStream.range(0, 230).mapToObj(i -> "hubspot|company|" + i).toList();
        awaited.forEach(key -> waits.await("acme", key, "hubspot|contact|for-" + key));
        List<String> asked = new ArrayList<>(awaited);
        asked.addAll(List.of("hubspot|company|absent-1", "salesforce|Account|absent-2"));

        Map<String, Set<String>> found = waits.waitingFor("acme", asked);

        assertThat(found).hasSize(230).doesNotContainKeys("hubspot|company|absent-1", "salesforce|Account|absent-2");
        assertThat(found.get("hubspot|company|229")).containsExactly("hubspot|contact|for-hubspot|company|229");
        assertThat(waits.waitingFor("acme", List.of())).isEmpty();
    }

    @Test
    void releasingSomeKeepsTheRestAndReleasingAllRemovesTheItem() {
        waits.await("acme", COMPANY, "hubspot|contact|1");
        waits.await("acme", COMPANY, "hubspot|contact|2");
        waits.await("acme", COMPANY, "hubspot|deal|3");

        waits.release("acme", COMPANY, List.of("hubspot|contact|1", "hubspot|contact|never-waited"));
        assertThat(waits.waitingFor("acme", List.of(COMPANY)))
                .containsExactly(Map.entry(COMPANY, Set.of("hubspot|contact|2", "hubspot|deal|3")));

        waits.release("acme", COMPANY, List.of("hubspot|contact|2", "hubspot|deal|3"));
        assertThat(waits.waitingFor("acme", List.of(COMPANY))).isEmpty();
        assertThat(rawItem("acme", "wait|" + COMPANY)).isEmpty();
    }

    @Test
    void releasingAWaitThatIsNotThereLeavesNoItem() {
        waits.release("acme", COMPANY, List.of("hubspot|contact|1"));
        waits.release("acme", COMPANY, List.of());

        assertThat(rawItem("acme", "wait|" + COMPANY)).isEmpty();
    }

    @Test
    void aDependentAddedWhileTheLastOneIsReleasedIsKept() {
        waits.await("acme", COMPANY, "hubspot|contact|1");
        DynamoDbClient real = aws.dynamo();
        DynamoAssociationWaits otherWorker = new DynamoAssociationWaits(real, table, Clock.fixed(NOW, ZoneOffset.UTC));
        // Another worker awaits the record between this release emptying the set and deleting the item.
        DynamoDbClient interleaving = new DynamoDbClient() {
            @Override
            public UpdateItemResponse updateItem(UpdateItemRequest request) {
                return real.updateItem(request);
            }

            @Override
            public DeleteItemResponse deleteItem(DeleteItemRequest request) {
                otherWorker.await("acme", COMPANY, "hubspot|deal|9");
                return real.deleteItem(request);
            }

            @Override
            public String serviceName() {
                return real.serviceName();
            }

            @Override
            public void close() {
            }
        };

        new DynamoAssociationWaits(interleaving, table, Clock.fixed(NOW, ZoneOffset.UTC))
                .release("acme", COMPANY, List.of("hubspot|contact|1"));

        assertThat(waits.waitingFor("acme", List.of(COMPANY)))
                .containsExactly(Map.entry(COMPANY, Set.of("hubspot|deal|9")));
        assertThat(rawItem("acme", "wait|" + COMPANY).get("code").s()).isEqualTo("WAITING_FOR_ACCOUNT");
    }

    @Test
    void concurrentAwaitsOnOneRecordAllLand() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        waits.await("acme", COMPANY, "hubspot|contact|" + thread + "-" + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> expected = IntStream.range(0, threads).boxed()
                .flatMap(t -> IntStream.range(0, perThread).mapToObj(i -> "hubspot|contact|" + t + "-" + i))
                .collect(Collectors.toSet());
        assertThat(waits.waitingFor("acme", List.of(COMPANY)).get(COMPANY)).hasSize(threads * perThread)
                .isEqualTo(expected);
    }

    @Test
    void tenantsAreSeparate() {
        waits.await("acme", COMPANY, "hubspot|contact|1");
        waits.await("globex", COMPANY, "hubspot|contact|2");

        waits.release("globex", COMPANY, List.of("hubspot|contact|2"));

        assertThat(waits.waitingFor("acme", List.of(COMPANY)))
                .containsExactly(Map.entry(COMPANY, Set.of("hubspot|contact|1")));
        assertThat(waits.waitingFor("globex", List.of(COMPANY))).isEmpty();
        assertThat(waits.waitingFor("initech", List.of(COMPANY))).isEmpty();
    }

    @Test
    void refusesBlankKeys() {
        assertThatThrownBy(() -> waits.await(" ", COMPANY, "hubspot|contact|1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant id");
        assertThatThrownBy(() -> waits.await("acme", "", "hubspot|contact|1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("awaited record key");
        assertThatThrownBy(() -> waits.await("acme", COMPANY, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dependent record key");
        assertThatThrownBy(() -> waits.waitingFor("acme", List.of(COMPANY, " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("awaited record key");
        assertThatThrownBy(() -> waits.release("acme", COMPANY, List.of("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dependent record key");
        assertThat(rawItem("acme", "wait|" + COMPANY)).isEmpty();
    }

    @Test
    void aDealWaitingForAContactSaysSo() {
        assertThat(DynamoAssociationWaits.codeFor("hubspot|contact|7")).isEqualTo("WAITING_FOR_CONTACT");
        assertThat(DynamoAssociationWaits.messageFor("salesforce|Contact|003x")).isEqualTo("Waiting for contact to sync");
        assertThat(DynamoAssociationWaits.messageFor("hubspot|company|7")).isEqualTo("Waiting for account to sync");
    }
}
