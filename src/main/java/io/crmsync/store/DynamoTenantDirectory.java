package io.crmsync.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Tenants in the {@code tenants} table, keyed by tenant id, with GSIs {@code by-hubspot-portal} and
 * {@code by-salesforce-org} for resolving who sent a request. Holds no secret: the Outbound Message token is
 * stored only as its SHA-256.
 */
@ApplicationScoped
@Typed(DynamoTenantDirectory.class) // injected as TenantDirectory only through the cache, see TenantDirectoryWiring
public class DynamoTenantDirectory implements TenantDirectory {

    static final String KEY = "tenantId";
    static final String PORTAL = "hubSpotPortalId";
    static final String ORG_KEY = "salesforceOrgKey";
    static final String BY_PORTAL = "by-hubspot-portal";
    static final String BY_ORG = "by-salesforce-org";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTenantDirectory(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.tenants") String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Tenant> byId(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY,
                AttributeValue.fromS(tenantId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toTenant(item));
    }

    @Override
    public Optional<Tenant> byHubSpotPortal(long portalId) {
        return single(BY_PORTAL, PORTAL, Long.toString(portalId));
    }

    @Override
    public Optional<Tenant> bySalesforceOrg(String orgId) {
        return single(BY_ORG, ORG_KEY, Tenant.orgKey(orgId));
    }

    /**
     * Every tenant, by a paginated Scan (the SDK follows LastEvaluatedKey). Items without an identity — only
     * settings or cursors written for an id never registered — are left out.
     */
    @Override
    public List<Tenant> all() {
        return dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                .filterExpression("attribute_exists(#p) AND attribute_exists(salesforceOrgId)")
                .expressionAttributeNames(Map.of("#p", PORTAL))).items().stream()
                .map(DynamoTenantDirectory::toTenant).toList();
    }

    /**
     * Registers a tenant or replaces its identity (portal, org, outbound token); an update, not a put, so what
     * else lives on the item — settings, suspension, reconcile cursors — survives a re-registration.
     */
    public void save(Tenant tenant) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":portal", AttributeValue.fromS(Long.toString(tenant.hubSpotPortalId())));
        values.put(":org", AttributeValue.fromS(tenant.salesforceOrgId()));
        values.put(":orgKey", AttributeValue.fromS(Tenant.orgKey(tenant.salesforceOrgId())));
        String set = "SET " + PORTAL + " = :portal, salesforceOrgId = :org, " + ORG_KEY + " = :orgKey";
        String expression;
        if (tenant.outboundTokenSha256().isPresent()) {
            values.put(":token", AttributeValue.fromS(tenant.outboundTokenSha256().get()));
            expression = set + ", outboundTokenSha256 = :token";
        } else {
            expression = set + " REMOVE outboundTokenSha256";
        }
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(tenant.id())))
                .updateExpression(expression).expressionAttributeValues(values));
    }

    private Optional<Tenant> single(String index, String attribute, String value) {
        List<Map<String, AttributeValue>> items = dynamo.query(b -> b.tableName(table).indexName(index)
                .keyConditionExpression("#a = :v").expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value))).limit(2)).items();
        if (items.size() > 1) {
            // Two tenants claiming one account would let one enqueue work for the other: refuse both.
            throw new IllegalStateException("several tenants are registered for " + attribute + " " + value);
        }
        return items.stream().findFirst().map(DynamoTenantDirectory::toTenant);
    }

    private static Tenant toTenant(Map<String, AttributeValue> item) {
        return new Tenant(item.get(KEY).s(), Long.parseLong(item.get(PORTAL).s()), item.get("salesforceOrgId").s(),
                Optional.ofNullable(item.get("outboundTokenSha256")).map(AttributeValue::s));
    }
}
