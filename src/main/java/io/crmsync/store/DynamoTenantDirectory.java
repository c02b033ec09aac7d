package io.crmsync.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantDirectoryUnavailableException;
import io.crmsync.tenant.TenantRegistry;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Tenants in the {@code tenants} table, keyed by tenant id, with GSIs {@code by-hubspot-portal} and
 * {@code by-salesforce-org} for resolving who sent a request, and {@code by-outbound-token} (the Outbound Message
 * token's SHA-256) for authenticating the Outbound Message door. Holds no secret: the Outbound Message token is
 * stored only as its SHA-256. A tenant created before its CRMs are connected has no portal and no org attribute
 * (index keys cannot be empty, and absent keys keep it out of the sparse indexes), only {@code createdAt}.
 *
 * <p>Which tenant owns a HubSpot portal is decided by {@link AccountClaims}: a connect claims the portal with a
 * conditional write, then records it on the tenant ({@link #registerHubSpotPortal}) with a marker naming the claim,
 * so a lookup that finds several tenants on the portal's index (items from before claims) answers the holder, or
 * nobody, and never throws. An org is nobody's: any number of tenants (HubSpot portals) may share one
 * ({@link #tenantsOnOrg}); {@code claim#salesforce-org#…} items left by older versions are no longer read.
 */
@ApplicationScoped
@Typed(DynamoTenantDirectory.class) // injected as TenantDirectory only through the cache, see TenantDirectoryWiring
public class DynamoTenantDirectory implements TenantDirectory, TenantRegistry {

    static final String KEY = "tenantId";
    static final String PORTAL = "hubSpotPortalId";
    static final String ORG_KEY = "salesforceOrgKey";
    static final String BY_PORTAL = "by-hubspot-portal";
    static final String BY_ORG = "by-salesforce-org";
    static final String CREATED_AT = "createdAt";
    static final String TOKEN_SHA256 = "outboundTokenSha256";
    /** Sparse: only tenants with an Outbound Message token are in it. */
    static final String BY_TOKEN = "by-outbound-token";
    /** On a tenant's item: the claim key of the portal it registered by claiming it. */
    static final String PORTAL_CLAIM = "hubSpotPortalClaim";
    /** Registered, as isRegistered reads it: no item is made by a write for a tenant that was never created. */
    private static final String REGISTERED = "attribute_exists(" + CREATED_AT + ") OR (attribute_exists(#p) AND "
            + "attribute_exists(salesforceOrgId))";
    /** Items a lookup reads from an index: the claim holder is found among them even beside legacy duplicates. */
    static final int LOOKUP_ITEMS = 10;

    private static final Logger LOG = Logger.getLogger(DynamoTenantDirectory.class);

    /**
     * A lookup's whole time, the SDK's retries included. The doors answer HubSpot, which gives up after 5 s: when
     * DynamoDB cannot answer, a 503 inside that time beats a timeout (the SDK's retries of a 503 took 3–6 s).
     */
    static final java.time.Duration LOOKUP_TIMEOUT = java.time.Duration.ofSeconds(2);
    private static final software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration LOOKUP =
            software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.builder().apiCallTimeout(LOOKUP_TIMEOUT)
                    .build();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final AccountClaims claims;
    /** Accounts already reported with several tenants on their index: logged once per instance, not per request. */
    private final Set<String> reportedDuplicates = ConcurrentHashMap.newKeySet();

    @Inject
    public DynamoTenantDirectory(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.tenants") String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    public DynamoTenantDirectory(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.claims = new AccountClaims(dynamo, table, clock);
    }

    @Override
    public Optional<Tenant> byId(String tenantId) {
        Map<String, AttributeValue> item = answering("GetItem", () -> dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(KEY, AttributeValue.fromS(tenantId))).overrideConfiguration(LOOKUP)).item());
        return item == null || !isRegistered(item) ? Optional.empty() : Optional.of(toTenant(item));
    }

    @Override
    public Optional<Tenant> byHubSpotPortal(long portalId) {
        if (portalId == Tenant.NO_PORTAL) {
            return Optional.empty();
        }
        return single(AccountClaims.portal(portalId));
    }

    /**
     * By the {@code by-salesforce-org} index, every page of it: any number of tenants (HubSpot portals) may share
     * an org, and each of them is concerned by the org's changes.
     */
    @Override
    public List<Tenant> tenantsOnOrg(String orgId) {
        if (orgId == null || orgId.isBlank()) {
            return List.of(); // DynamoDB refuses an empty key value; no tenant has an empty org
        }
        return answering("Query " + BY_ORG, () -> dynamo.queryPaginator(b -> b.tableName(table).indexName(BY_ORG)
                .keyConditionExpression("#a = :v").expressionAttributeNames(Map.of("#a", ORG_KEY))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(Tenant.orgKey(orgId))))
                .overrideConfiguration(LOOKUP)).items().stream().map(DynamoTenantDirectory::toTenant)
                .sorted(Comparator.comparing(Tenant::id)).toList());
    }

    /**
     * By the {@code by-outbound-token} index, so the Outbound Message door finds the tenant from the token's hash
     * alone. Two tenants holding one hash (only possible by registering a token by hand twice) authenticate nobody
     * rather than throw: a request must never be served as a tenant it cannot be told apart from.
     */
    @Override
    public Optional<Tenant> byOutboundTokenSha256(String sha256Hex) {
        if (sha256Hex == null || sha256Hex.isBlank()) {
            return Optional.empty();
        }
        List<Map<String, AttributeValue>> items = answering("Query " + BY_TOKEN, () -> dynamo.query(b -> b
                .tableName(table).indexName(BY_TOKEN).keyConditionExpression("#a = :v")
                .expressionAttributeNames(Map.of("#a", TOKEN_SHA256))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(sha256Hex))).limit(2)
                .overrideConfiguration(LOOKUP)).items());
        return items.size() == 1 ? Optional.of(toTenant(items.get(0))) : Optional.empty();
    }

    /**
     * Every tenant with both CRMs connected, by a paginated Scan (the SDK follows LastEvaluatedKey): what scheduled
     * work can sync. Tenants not connected yet, and items without an identity — only settings or cursors written
     * for an id never registered — are left out.
     */
    @Override
    public List<Tenant> all() {
        return dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                .filterExpression("attribute_exists(#p) AND attribute_exists(salesforceOrgId)")
                .expressionAttributeNames(Map.of("#p", PORTAL))).items().stream()
                .map(DynamoTenantDirectory::toTenant).toList();
    }

    /**
     * Every tenant created through {@link #createIfAbsent} or registered with both ids, connected or not, by a
     * paginated Scan; items holding only settings or cursors of an id never registered are left out.
     */
    @Override
    public List<Tenant> registered() {
        return dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                .filterExpression("attribute_exists(" + CREATED_AT + ") OR (attribute_exists(#p) AND "
                        + "attribute_exists(salesforceOrgId))")
                .expressionAttributeNames(Map.of("#p", PORTAL))).items().stream()
                .map(DynamoTenantDirectory::toTenant).sorted(Comparator.comparing(Tenant::id)).toList();
    }

    /**
     * A conditional PutItem: refused when the id belongs to a registered tenant. An item left by an id never
     * registered (settings only) is replaced, so a new tenant never inherits a stranger's leftovers.
     */
    @Override
    public boolean createIfAbsent(Tenant tenant) {
        Map<String, AttributeValue> item = new HashMap<>(identity(tenant));
        item.put(KEY, AttributeValue.fromS(tenant.id()));
        item.put(CREATED_AT, AttributeValue.fromS(clock.instant().toString()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(" + CREATED_AT + ") AND attribute_not_exists(#p) AND "
                            + "attribute_not_exists(salesforceOrgId)")
                    .expressionAttributeNames(Map.of("#p", PORTAL)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Registers a tenant or replaces its identity (portal, org, outbound token); an update, not a put, so what
     * else lives on the item — settings, suspension, reconcile cursors — survives a re-registration. A CRM not
     * connected ({@link Tenant#hubSpotConnected()}, {@link Tenant#salesforceConnected()}) has its attributes removed.
     * Claims nothing: for the operator's tools and tests. A connect claims the account and then registers it.
     */
    public void save(Tenant tenant) {
        Map<String, AttributeValue> identity = identity(tenant);
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (String attribute : List.of(PORTAL, "salesforceOrgId", ORG_KEY, "outboundTokenSha256")) {
            if (identity.containsKey(attribute)) {
                values.put(":" + attribute, identity.get(attribute));
                set.add(attribute + " = :" + attribute);
            } else {
                remove.add(attribute);
            }
        }
        // Saving registers: an item saved without createdAt (the README's put-item) gets one now.
        values.put(":now", AttributeValue.fromS(clock.instant().toString()));
        set.add(CREATED_AT + " = if_not_exists(" + CREATED_AT + ", :now)");
        String expression = "SET " + String.join(", ", set)
                + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(tenant.id())))
                .updateExpression(expression).expressionAttributeValues(values));
    }

    /** Created by {@link #createIfAbsent} or {@link #save}, or put by hand with both ids (before createdAt existed). */
    private static boolean isRegistered(Map<String, AttributeValue> item) {
        return item.containsKey(CREATED_AT) || item.containsKey(PORTAL) && item.containsKey("salesforceOrgId");
    }

    /** The tenant's identity attributes; those of a CRM not connected are absent. */
    private static Map<String, AttributeValue> identity(Tenant tenant) {
        Map<String, AttributeValue> item = new HashMap<>();
        if (tenant.hubSpotConnected()) {
            item.put(PORTAL, AttributeValue.fromS(Long.toString(tenant.hubSpotPortalId())));
        }
        if (tenant.salesforceConnected()) {
            item.put("salesforceOrgId", AttributeValue.fromS(tenant.salesforceOrgId()));
            item.put(ORG_KEY, AttributeValue.fromS(Tenant.orgKey(tenant.salesforceOrgId())));
        }
        tenant.outboundTokenSha256().ifPresent(t -> item.put("outboundTokenSha256", AttributeValue.fromS(t)));
        return item;
    }

    /**
     * The tenant on the index for the account. Several (only items from before claims, or written by hand) answer
     * the one holding the account's claim, or nobody: never an exception, so a door answers as for an unknown
     * tenant rather than 5xx, and never a tenant that merely shares the account.
     */
    private Optional<Tenant> single(AccountClaims.Account account) {
        List<Map<String, AttributeValue>> items = answering("Query " + account.index(), () -> dynamo.query(b -> b
                .tableName(table).indexName(account.index()).keyConditionExpression("#a = :v")
                .expressionAttributeNames(Map.of("#a", account.attribute()))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(account.value()))).limit(LOOKUP_ITEMS)
                .overrideConfiguration(LOOKUP)).items());
        if (items.size() <= 1) {
            return items.stream().findFirst().map(DynamoTenantDirectory::toTenant);
        }
        List<Map<String, AttributeValue>> holders = items.stream().filter(item -> item.containsKey(account.marker())
                && account.claimKey().equals(item.get(account.marker()).s())).toList();
        if (reportedDuplicates.add(account.claimKey())) {
            LOG.errorf("tenants %s are all registered for %s %s; answering %s: remove the others' %s",
                    items.stream().map(item -> item.get(KEY).s()).toList(), account.attribute(), account.value(),
                    holders.size() == 1 ? "its claim's holder " + holders.get(0).get(KEY).s() : "no tenant",
                    account.attribute());
        }
        return holders.size() == 1 ? Optional.of(toTenant(holders.get(0))) : Optional.empty();
    }

    /**
     * Claims the HubSpot account for the tenant (see {@link AccountClaims#claim}); then
     * {@link #registerHubSpotPortal} records it.
     *
     * @return false, changing nothing, when another tenant holds it
     */
    public boolean claimHubSpotPortal(String tenantId, long portalId) {
        return claims.claim(tenantId, AccountClaims.portal(portalId));
    }

    /**
     * Records a claimed HubSpot account on the tenant, leaving the rest of its item as it is.
     *
     * @return false, releasing the claim, when there is no such tenant
     */
    public boolean registerHubSpotPortal(String tenantId, long portalId) {
        return register(tenantId, AccountClaims.portal(portalId),
                Map.of(PORTAL, AttributeValue.fromS(Long.toString(portalId))));
    }

    /**
     * Records the org on the tenant, leaving the rest of its item as it is. An org is not claimed: any number of
     * tenants (HubSpot portals) may share one, and the portal's own claim keeps each portal to one tenant.
     *
     * @return false when there is no such tenant
     */
    public boolean registerSalesforceOrg(Tenant before, String orgId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(before.id())))
                    .updateExpression("SET salesforceOrgId = :org, " + ORG_KEY + " = :key")
                    .expressionAttributeValues(Map.of(":org", AttributeValue.fromS(orgId),
                            ":key", AttributeValue.fromS(Tenant.orgKey(orgId))))
                    .conditionExpression(REGISTERED).expressionAttributeNames(Map.of("#p", PORTAL)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private boolean register(String tenantId, AccountClaims.Account account, Map<String, AttributeValue> identity) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        identity.forEach((attribute, value) -> {
            values.put(":" + attribute, value);
            set.add(attribute + " = :" + attribute);
        });
        values.put(":claim", AttributeValue.fromS(account.claimKey()));
        set.add(account.marker() + " = :claim");
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(tenantId)))
                    .updateExpression("SET " + String.join(", ", set)).expressionAttributeValues(values)
                    .conditionExpression(REGISTERED)
                    .expressionAttributeNames(Map.of("#p", PORTAL)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            claims.release(tenantId, account);
            return false;
        }
    }

    /**
     * A lookup's call to the table: an SDK failure (unreachable, throttled after the SDK's own retries, refused)
     * becomes "the directory cannot answer now", so the doors answer 503 rather than take it for no tenant or
     * crash. Only the lookups: the admin's writes and scans keep the SDK's exceptions.
     */
    private <T> T answering(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new TenantDirectoryUnavailableException("tenants table " + table + ": " + operation + " failed", e);
        }
    }

    private static Tenant toTenant(Map<String, AttributeValue> item) {
        return new Tenant(item.get(KEY).s(),
                item.containsKey(PORTAL) ? Long.parseLong(item.get(PORTAL).s()) : Tenant.NO_PORTAL,
                item.containsKey("salesforceOrgId") ? item.get("salesforceOrgId").s() : "",
                Optional.ofNullable(item.get("outboundTokenSha256")).map(AttributeValue::s));
    }
}
