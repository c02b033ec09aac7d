package io.crmsync.lambda;

import java.util.List;

/**
 * Partial batch response (ReportBatchItemFailures): the listed messages become visible again and are
 * retried; every other message of the batch is deleted from the queue.
 */
public record SqsBatchResponse(List<ItemFailure> batchItemFailures) {

    public record ItemFailure(String itemIdentifier) {
    }

    public static SqsBatchResponse failing(List<String> messageIds) {
        return new SqsBatchResponse(messageIds.stream().map(ItemFailure::new).toList());
    }
}
