package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.ingest.ChangeNotice;
import io.crmsync.ingest.ChangeNotice.ChangeKind;
import io.crmsync.ingest.ChangeNotice.SourceSystem;
import io.crmsync.lambda.SqsBatchEvent;
import io.crmsync.mapping.RecommendedMappings;

class SyncWorkerTest {

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
    final SyncWorker worker = new SyncWorker(json, new SyncEngine(InMemoryPorts.ports(hubSpot, salesforce),
            (tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow(), tenant -> TenantSettings.defaults(),
            Clock.systemUTC()), java.util.Map::of);

    SqsBatchEvent.Message message(String id, ChangeNotice notice) throws Exception {
        return new SqsBatchEvent.Message(id, "rh-" + id, json.writeValueAsString(notice),
                Map.of("ApproximateReceiveCount", "1"), "aws:sqs", "arn:aws:sqs:us-east-1:1:crmsync-changes");
    }

    static ChangeNotice contact(String... ids) {
        return new ChangeNotice(1, "acme", SourceSystem.HUBSPOT, "contact", List.of(ids), ChangeKind.UPDATED,
                Instant.parse("2026-11-29T10:00:00Z"), List.of(), null, Map.of());
    }

    @Test
    void syncsEachRecordOnceHoweverManyNoticesNameIt() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        hubSpot.put("2", Map.of("email", "two@example.com"));
        List<SqsBatchEvent.Message> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(message("m" + i, contact(i % 2 == 0 ? "1" : "2")));
        }

        List<String> retry = worker.handle(new SqsBatchEvent(messages));

        assertThat(retry).isEmpty();
        assertThat(hubSpot.readCalls).isEqualTo(1);
        assertThat(salesforce.written).extracting(RecordWrite::key).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void handsBackOnlyTheMessagesOfRecordsThatMayStillSucceed() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        hubSpot.put("2", Map.of("email", "two@example.com"));
        hubSpot.put("3", Map.of("email", "three@example.com"));
        salesforce.scripted.put("2", new WriteResult.Retry("2", "UNABLE_TO_LOCK_ROW"));
        salesforce.scripted.put("3", new WriteResult.Refused("3", "REQUIRED_FIELD_MISSING", "x", "Property values"));

        List<String> retry = worker.handle(new SqsBatchEvent(List.of(message("a", contact("1")),
                message("b", contact("2")), message("c", contact("2", "3")), message("d", contact("3")))));

        assertThat(retry).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void aMessageThatIsNotANoticeIsHandedBackForTheDeadLetterQueue() throws Exception {
        hubSpot.put("1", Map.of("email", "one@example.com"));
        List<String> retry = worker.handle(new SqsBatchEvent(List.of(message("ok", contact("1")),
                new SqsBatchEvent.Message("bad", "rh", "{not json", Map.of(), "aws:sqs", "arn"))));
        assertThat(retry).containsExactly("bad");
        assertThat(salesforce.written).hasSize(1);
    }

    @Test
    void objectsWithoutAMappingAreNotSynced() throws Exception {
        ChangeNotice company = new ChangeNotice(1, "acme", SourceSystem.HUBSPOT, "deal", List.of("9"),
                ChangeKind.CREATED, Instant.now(), List.of(), null, Map.of());
        assertThat(worker.handle(new SqsBatchEvent(List.of(message("x", company))))).isEmpty();
        assertThat(hubSpot.readCalls).isZero();
    }
}
