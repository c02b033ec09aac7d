package io.crmsync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Consistent BatchGetItem in chunks of 100 (DynamoDB's maximum), asking again for exactly the keys DynamoDB left
 * unprocessed, with {@link BatchWriter}'s backoff; the reading twin of {@link BatchWriter}.
 */
final class BatchReader {

    static final int LIMIT = 100;

    private BatchReader() {
    }

    /** The items found for these keys, in no particular order; absent keys are simply not answered. */
    static List<Map<String, AttributeValue>> read(DynamoDbClient dynamo, String table,
            List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += LIMIT) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + LIMIT))).consistentRead(true).build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt > 8) {
                    throw new IllegalStateException("DynamoDB left keys of " + table + " unprocessed after 8 retries");
                }
                if (attempt > 0) {
                    BatchWriter.backOff(attempt);
                }
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(pending));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.unprocessedKeys();
            }
        }
        return found;
    }
}
