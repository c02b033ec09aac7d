package io.crmsync.store;

import static io.crmsync.store.BudgetItems.TTL;
import static io.crmsync.store.BudgetItems.USED;
import static io.crmsync.store.BudgetItems.bucketKey;
import static io.crmsync.store.BudgetItems.expiry;
import static io.crmsync.store.BudgetItems.n;

import java.time.Instant;
import java.util.Map;

import io.crmsync.budget.Crm;
import io.crmsync.store.LedgerSnapshot.Bucket;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Once per tenant and org: the Salesforce calls a tenant counted on its own items (before its org's items held
 * them, or before it joined the org) are added to the org's buckets, so the deploy that brings shared orgs does
 * not give anyone a fresh window. The tenant's allocation item is marked first, under a condition, so one worker
 * alone carries them; the others go on at once (their reservations may miss the carried calls for the moment it
 * takes). The marker names the org, so a tenant moved to another org carries its counts there too.
 */
final class OwnCountsCarryOver {

    /** On the tenant's allocation item: the org its own counts were carried to. */
    static final String MARKER = "ownCountsCarriedTo";

    private OwnCountsCarryOver() {
    }

    static boolean carried(LedgerScope scope, Map<String, AttributeValue> allocationItem) {
        AttributeValue marker = allocationItem.get(MARKER);
        return marker != null && scope.orgKey().map(org -> org.equals(marker.s())).orElse(true);
    }

    /** @return whether calls were carried (the caller's snapshot is then stale) */
    static boolean carry(DynamoDbClient dynamo, String table, LedgerScope scope, Crm crm, Instant now) {
        String org = scope.orgKey().orElseThrow();
        try {
            dynamo.updateItem(b -> b.tableName(table).key(scope.allocationItem(crm))
                    .updateExpression("SET #m = :org")
                    .conditionExpression("attribute_not_exists(#m) OR #m <> :org")
                    .expressionAttributeNames(Map.of("#m", MARKER))
                    .expressionAttributeValues(Map.of(":org", AttributeValue.fromS(org))));
        } catch (ConditionalCheckFailedException e) {
            return false; // another worker carries them
        }
        LedgerSnapshot own = LedgerSnapshot.read(dynamo, table, LedgerScope.tenantOnly(scope.tenantId()), crm, now);
        boolean any = false;
        for (String bucket : own.window().buckets()) {
            long calls = own.buckets().getOrDefault(bucket, Bucket.EMPTY).used();
            if (calls == 0) {
                continue;
            }
            any = true;
            dynamo.updateItem(b -> b.tableName(table).key(scope.bucketItem(bucketKey(crm, bucket)))
                    .updateExpression("ADD #used :n, #mine :n SET #ttl = if_not_exists(#ttl, :ttl)")
                    .expressionAttributeNames(Map.of("#used", USED, "#mine", scope.tenantCounter(), "#ttl", TTL))
                    .expressionAttributeValues(Map.of(":n", n(calls),
                            ":ttl", n(expiry(crm, bucket, own.window().zone())))));
        }
        return any;
    }
}
