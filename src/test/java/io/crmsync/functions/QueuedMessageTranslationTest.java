package io.crmsync.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.lambda.SqsBatchEvent;
import io.crmsync.sync.MessageDisposition;
import io.crmsync.sync.QueuedMessage;

/** The sync-worker function hands the worker what SQS said of each message: receives, and deferrals so far. */
class QueuedMessageTranslationTest {

    static SqsBatchEvent.Message message(String id, Map<String, String> attributes,
            Map<String, SqsBatchEvent.MessageAttribute> messageAttributes) {
        return new SqsBatchEvent.Message(id, "rh-" + id, "{}", attributes, messageAttributes, "aws:sqs",
                "arn:aws:sqs:us-east-1:000000000000:crmsync-changes");
    }

    @Test
    void carriesTheReceiveCountAndTheDeferralCountOfTheCopy() {
        List<QueuedMessage> queued = SyncWorkerFunction.queued(new SqsBatchEvent(List.of(
                message("a", Map.of("ApproximateReceiveCount", "3"), Map.of(MessageDisposition.DEFERRALS_ATTRIBUTE,
                        new SqsBatchEvent.MessageAttribute("95", "Number"))),
                message("b", Map.of(), Map.of()))));

        assertThat(queued).containsExactly(new QueuedMessage("a", "rh-a", "{}", 3, 95),
                new QueuedMessage("b", "rh-b", "{}", 1, 0));
    }

    @Test
    void aMangledDeferralCountCountsAsNone() {
        QueuedMessage queued = SyncWorkerFunction.queued(message("a", null, Map.of(
                MessageDisposition.DEFERRALS_ATTRIBUTE, new SqsBatchEvent.MessageAttribute("many", "Number"))));

        assertThat(queued.deferrals()).isZero();
        assertThat(queued.receiveCount()).isEqualTo(1);
    }

    @Test
    void anEmptyEventIsAnEmptyBatch() {
        assertThat(SyncWorkerFunction.queued(new SqsBatchEvent(null))).isEmpty();
    }
}
