package io.crmsync.store;

import static io.crmsync.store.BudgetItems.BUCKET_KEY;
import static io.crmsync.store.BudgetItems.HOUR_PREFIX;
import static io.crmsync.store.BudgetItems.TENANT;
import static io.crmsync.store.BudgetItems.UTC_HOUR;
import static io.crmsync.store.BudgetItems.bucketKey;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.budget.Crm;
import io.crmsync.budget.OrgObservation;
import io.crmsync.budget.UsageHistory;
import io.crmsync.budget.Windows;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The health page's reads of the {@code budget} table that {@link DynamoLedger} writes ({@link BudgetItems} has
 * the layout): calls per hour from the bucket items, and the org's last observed limit from the allocation item.
 * Read-only; nothing here takes part in a reservation.
 */
@ApplicationScoped
public class DynamoUsageHistory implements UsageHistory {

    private final DynamoDbClient dynamo;
    private final String table;
    /** Finds a tenant's Salesforce org, whose items hold its Salesforce counts ({@link LedgerScope}). */
    private final Function<String, Optional<Tenant>> tenantById;

    /** Reads every tenant's counts from its own items, as a {@link DynamoLedger} without a directory writes them. */
    public DynamoUsageHistory(DynamoDbClient dynamo, String table) {
        this(dynamo, table, tenantId -> Optional.empty());
    }

    @Inject
    public DynamoUsageHistory(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.budget") String table,
            TenantDirectory tenants) {
        this(dynamo, table, tenants::byId);
    }

    /** @param tenantById finds a tenant's Salesforce org (tests give a fixed list) */
    public DynamoUsageHistory(DynamoDbClient dynamo, String table, Function<String, Optional<Tenant>> tenantById) {
        this.dynamo = dynamo;
        this.table = table;
        this.tenantById = tenantById;
    }

    /**
     * One Query over the bucket items that can hold the range's hours: a Salesforce bucket is an hour; a HubSpot
     * bucket is a local day whose per-hour counters are keyed in UTC, so the days read reach one past each end
     * of the range in UTC (every zone's date is within a day of UTC's) and the zone need not be known.
     */
    @Override
    public SortedMap<Instant, Long> callsPerHour(String tenantId, Crm crm, Instant from, Instant to) {
        Instant first = from.truncatedTo(ChronoUnit.HOURS);
        TreeMap<Instant, Long> hours = new TreeMap<>();
        if (!to.isAfter(first)) {
            return hours;
        }
        long count = Duration.between(first, to.minusNanos(1).truncatedTo(ChronoUnit.HOURS)).toHours() + 1;
        if (count > MAX_HOURS_PER_READ) {
            throw new IllegalArgumentException("Read at most " + MAX_HOURS_PER_READ + " hours of calls at once, not "
                    + count);
        }
        for (long h = 0; h < count; h++) {
            hours.put(first.plus(Duration.ofHours(h)), 0L);
        }
        Instant last = hours.lastKey();
        String low;
        String high;
        if (crm == Crm.SALESFORCE) {
            low = bucketKey(crm, Windows.bucketOf(crm, first, ZoneOffset.UTC));
            high = bucketKey(crm, Windows.bucketOf(crm, last, ZoneOffset.UTC));
        } else {
            low = bucketKey(crm, Windows.bucketOf(crm, first.minus(Duration.ofDays(1)), ZoneOffset.UTC));
            high = bucketKey(crm, Windows.bucketOf(crm, last.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        }
        LedgerScope scope = LedgerScope.of(tenantById, tenantId, crm);
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#t = :t AND #b BETWEEN :low AND :high")
                .expressionAttributeNames(Map.of("#t", TENANT, "#b", BUCKET_KEY))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(scope.partition()),
                        ":low", AttributeValue.fromS(low), ":high", AttributeValue.fromS(high)))).items()) {
            if (crm == Crm.SALESFORCE) {
                String bucket = item.get(BUCKET_KEY).s().substring(crm.key().length() + 1);
                hours.computeIfPresent(Windows.bucketStart(crm, bucket, ZoneOffset.UTC),
                        (hour, zero) -> BudgetItems.number(item, scope.tenantCounter()).orElse(0));
            } else {
                item.forEach((attribute, value) -> {
                    if (attribute.startsWith(HOUR_PREFIX)) {
                        Instant hour = LocalDateTime.parse(attribute.substring(HOUR_PREFIX.length()), UTC_HOUR)
                                .toInstant(ZoneOffset.UTC);
                        hours.computeIfPresent(hour, (h, sum) -> sum + Long.parseLong(value.n()));
                    }
                });
            }
        }
        return hours;
    }

    /** The org's own observation when the tenant shares its org: whichever tenant's call brought it. */
    @Override
    public Optional<OrgObservation> lastObservation(String tenantId, Crm crm) {
        LedgerScope scope = LedgerScope.of(tenantById, tenantId, crm);
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(scope.observationItem(crm)).consistentRead(true)).item();
        return item == null ? Optional.empty() : BudgetItems.toObservation(item);
    }
}
