package io.crmsync.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.sync.IdentityFieldClaims;
import io.crmsync.tenant.Tenant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The id-field claims as items of the tenants table, next to the portal claims ({@link AccountClaims}): key
 * {@code claim#salesforce-id-field#<orgKey>#<SObject>.<Field>}, held by the tenant in {@code claimedBy}. No index
 * speaks for them (nobody held a field before claims existed), so the conditional UpdateItem alone decides; the
 * worker only reads them (one BatchGetItem with the mappings), never writes.
 */
@ApplicationScoped
public class DynamoIdentityFieldClaims implements IdentityFieldClaims {

    static final String PREFIX = "claim#salesforce-id-field#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final AccountClaims claims;

    @Inject
    public DynamoIdentityFieldClaims(DynamoDbClient dynamo,
            @ConfigProperty(name = "crmsync.table.tenants") String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    DynamoIdentityFieldClaims(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.claims = new AccountClaims(dynamo, table, clock);
    }

    /** One org's field: Salesforce field API names are case-insensitive, so one spelling per field. */
    static String claimKey(String orgId, Field field) {
        return PREFIX + Tenant.orgKey(orgId) + "#" + field.sObject().toLowerCase(java.util.Locale.ROOT) + "."
                + field.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Map<Field, String> holders(String orgId, Collection<Field> fields) {
        Map<String, Field> byKey = new LinkedHashMap<>();
        fields.forEach(f -> byKey.put(claimKey(orgId, f), f));
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        byKey.keySet().forEach(k -> keys.add(Map.of(DynamoTenantDirectory.KEY, AttributeValue.fromS(k))));
        Map<Field, String> holders = new HashMap<>();
        if (keys.isEmpty()) {
            return holders;
        }
        for (Map<String, AttributeValue> item : BatchReader.read(dynamo, table, keys)) {
            AttributeValue holder = item.get(AccountClaims.CLAIMED_BY);
            Field field = byKey.get(item.get(DynamoTenantDirectory.KEY).s());
            // A released claim keeps its item without a holder: free.
            if (holder != null && field != null) {
                holders.put(field, holder.s());
            }
        }
        return holders;
    }

    @Override
    public boolean claim(String tenantId, String orgId, Field field) {
        return claims.claimUnindexed(tenantId, claimKey(orgId, field));
    }
}
