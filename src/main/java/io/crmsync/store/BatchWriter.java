package io.crmsync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem in chunks of 25 (DynamoDB's maximum), sending unprocessed items again with a backoff. */
final class BatchWriter {

    static final int LIMIT = 25;

    private BatchWriter() {
    }

    static void write(DynamoDbClient dynamo, String table, List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += LIMIT) {
            Map<String, List<WriteRequest>> pending = Map.of(table,
                    new ArrayList<>(requests.subList(from, Math.min(requests.size(), from + LIMIT))));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > 8) {
                    throw new IllegalStateException("DynamoDB left items of " + table + " unprocessed after 8 retries");
                }
                if (attempt > 0) {
                    backOff(attempt);
                }
                Map<String, List<WriteRequest>> send = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(send));
                pending = response.unprocessedItems();
            }
        }
    }

    /** Waits before sending DynamoDB's unprocessed items again: 50 ms, 100 ms … at most a second. */
    static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(1000L, 25L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry DynamoDB", e);
        }
    }
}
