package io.crmsync.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crmsync.notice.ChangeNotice;

class ResyncSelectedErrorsTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");

    final io.crmsync.ingest.RecordingQueue queue = new io.crmsync.ingest.RecordingQueue();
    final ResyncSelectedErrors resync = new ResyncSelectedErrors(queue, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void recordsAreQueuedBySystemAndTypeAtMostAHundredIdsPerNotice() {
        List<String> keys = new ArrayList<>();
        IntStream.range(0, 250).forEach(i -> keys.add("hubspot|contact|" + i));
        keys.add("hubspot|contact|7");
        keys.add("salesforce|Lead|00Q5g00000AbCdEAAV");
        keys.add("hubspot:company:55");

        ResyncSelectedErrors.Result result = resync.resync("acme", keys);

        assertThat(result.errors()).isEmpty();
        assertThat(result.records()).isEqualTo(252);
        assertThat(result.notices()).isEqualTo(5);
        assertThat(queue.enqueued).extracting(n -> n.source() + " " + n.objectType() + " " + n.recordIds().size())
                .containsExactly("HUBSPOT contact 100", "HUBSPOT contact 100", "HUBSPOT contact 50",
                        "SALESFORCE Lead 1", "HUBSPOT company 1");
        assertThat(queue.enqueued).allSatisfy(n -> {
            assertThat(n.tenantId()).isEqualTo("acme");
            assertThat(n.kind()).isEqualTo(ChangeNotice.ChangeKind.UPDATED);
            assertThat(n.occurredAt()).isEqualTo(NOW);
            assertThat(n.hints()).isEqualTo(Map.of("via", "resync"));
        });
        assertThat(queue.enqueued.get(3).recordIds()).containsExactly("00Q5g00000AbCdEAAV");
    }

    @Test
    void oneBadKeyAndNothingIsQueued() {
        ResyncSelectedErrors.Result result = resync.resync("acme",
                List.of("hubspot|contact|1", "contact 2", "hubspot|contact|?"));

        assertThat(result.errors()).hasSize(2);
        assertThat(result.errors().get(0)).contains("'contact 2' is not a record name");
        assertThat(result.errors().get(1)).contains("'?' is not a record id");
        assertThat(result.records()).isZero();
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void manyBadKeysAreSummarisedAndTooManyOrNoneAreRefused() {
        List<String> bad = IntStream.range(0, 30).mapToObj(i -> "bad " + i).toList();
        assertThat(resync.resync("acme", bad).errors()).hasSize(21).last().asString().contains("10 more");
        assertThat(resync.resync("acme", List.of()).errors()).singleElement().asString().contains("No records given");
        List<String> tooMany = IntStream.range(0, ResyncSelectedErrors.MAX_RECORDS + 1)
                .mapToObj(i -> "hubspot|contact|" + i).toList();
        assertThat(resync.resync("acme", tooMany).errors()).singleElement().asString().contains("At most 10000");
        assertThat(queue.enqueued).isEmpty();
    }
}
