package io.crmsync.store;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.crmsync.tenant.Tenant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Who owns a HubSpot portal, decided by a conditional write rather than by reading an
 * eventually consistent index: a claim is an item in the tenants table, keyed {@code claim#…}, that one tenant
 * holds ({@code claimedBy}). Two racing connects write the same claim item under a condition, so exactly one of
 * them holds it. '#' is outside tenant ids ({@code [a-z0-9-]}, the admin API's rule), so a claim's key is never a
 * tenant's; a claim item has none of a tenant's attributes, so it is in no index and no scan of tenants.
 *
 * <p>Claims and releases are conditional UpdateItems (no transaction: dynalite has none), which the connecting
 * functions may already do on the table. A released claim keeps its item without {@code claimedBy}.
 */
final class AccountClaims {

    static final String CLAIMED_BY = "claimedBy";
    static final String CLAIMED_AT = "claimedAt";

    /**
     * One account a tenant can claim, and where tenants name it: the index (attribute and value) that finds its
     * tenant, and the attribute of the tenant's item that records the claim it holds ({@code marker}), so a lookup
     * finding several tenants on the index tells the holder from the index alone.
     */
    record Account(String claimKey, String index, String attribute, String value, String marker) {
    }

    static Account portal(long portalId) {
        String id = Long.toString(portalId);
        return new Account("claim#hubspot-portal#" + id, DynamoTenantDirectory.BY_PORTAL, DynamoTenantDirectory.PORTAL,
                id, DynamoTenantDirectory.PORTAL_CLAIM);
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    AccountClaims(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * Takes the account for the tenant, or confirms it holds it already (a retry after a crash between claim and
     * registration completes). A tenant registered with the account before claims existed holds it without a claim
     * item: another tenant seen on the index therefore refuses the claim unless this tenant already holds it.
     *
     * @return false, changing nothing, when another tenant holds the account
     */
    boolean claim(String tenantId, Account account) {
        boolean othersOnIndex = tenantsOnIndex(account).stream().anyMatch(id -> !id.equals(tenantId));
        String condition = othersOnIndex ? CLAIMED_BY + " = :me"
                : "attribute_not_exists(" + CLAIMED_BY + ") OR " + CLAIMED_BY + " = :me";
        return take(tenantId, key(account), condition);
    }

    /**
     * Takes a claim that no index speaks for (nobody held it before claims existed), or confirms the tenant holds
     * it: the conditional write alone decides, so of tenants racing for it exactly one holds it.
     *
     * @return false, changing nothing, when another tenant holds it
     */
    boolean claimUnindexed(String tenantId, String claimKey) {
        return take(tenantId, Map.of(DynamoTenantDirectory.KEY, AttributeValue.fromS(claimKey)),
                "attribute_not_exists(" + CLAIMED_BY + ") OR " + CLAIMED_BY + " = :me");
    }

    private boolean take(String tenantId, Map<String, AttributeValue> key, String condition) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET " + CLAIMED_BY + " = :me, " + CLAIMED_AT + " = :now")
                    .conditionExpression(condition)
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(tenantId),
                            ":now", AttributeValue.fromS(clock.instant().toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives the account up if the tenant holds it; a claim held by another tenant, or by none, is left alone. */
    void release(String tenantId, Account account) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(account))
                    .updateExpression("REMOVE " + CLAIMED_BY + ", " + CLAIMED_AT)
                    .conditionExpression(CLAIMED_BY + " = :me")
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(tenantId))));
        } catch (ConditionalCheckFailedException notHeld) {
            // nothing of this tenant's to release
        }
    }

    /** At most two: whether anyone but the caller is there is all a claim needs to know. */
    private List<String> tenantsOnIndex(Account account) {
        return dynamo.query(b -> b.tableName(table).indexName(account.index()).keyConditionExpression("#a = :v")
                .expressionAttributeNames(Map.of("#a", account.attribute(), "#k", DynamoTenantDirectory.KEY))
                .projectionExpression("#k")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(account.value()))).limit(2)).items()
                .stream().map(item -> item.get(DynamoTenantDirectory.KEY).s()).toList();
    }

    private static Map<String, AttributeValue> key(Account account) {
        return Map.of(DynamoTenantDirectory.KEY, AttributeValue.fromS(account.claimKey()));
    }
}
