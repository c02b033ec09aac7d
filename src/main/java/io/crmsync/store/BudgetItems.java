package io.crmsync.store;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.OrgObservation;
import io.crmsync.budget.Windows;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of the {@code budget} table's items, shared by the ledger that writes them ({@link DynamoLedger}) and
 * the health page's reads ({@link DynamoUsageHistory}): one item per tenant, CRM and {@link Windows bucket}
 * ({@code tenantId}, {@code bucketKey = salesforce|2026112912} or {@code hubspot|20261129}) holding the calls
 * counted in it, and one item {@code allocation|salesforce} per CRM with the allocation and the tightest header
 * observation of the current bucket.
 *
 * <p>A tenant connected to a Salesforce org counts its Salesforce calls in the <b>org's</b> partition instead
 * ({@code tenantId = org|<15-character org id>}, see {@link LedgerScope}), because the org's daily limit is shared
 * by every tenant on it: each bucket item holds the org's total ({@code used}) and each tenant's own count
 * ({@code used|<tenantId>}), and the item {@code observation|salesforce} holds the org's tightest header
 * observation and its known limit. The tenant's allocation stays on the tenant's own allocation item.
 */
final class BudgetItems {

    static final String TENANT = "tenantId";
    static final String BUCKET_KEY = "bucketKey";
    static final String USED = "used";
    static final String SEALED = "sealed";
    static final String TTL = "ttl";
    /** HubSpot day items also count calls per UTC hour, in attributes named this and {@code yyyyMMddHH}. */
    static final String HOUR_PREFIX = "hour";
    static final DateTimeFormatter UTC_HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");
    /** Buckets outlive every window (at most 25 hours) by a good margin before DynamoDB removes them. */
    static final Duration KEEP_BUCKETS = Duration.ofDays(2);

    private BudgetItems() {
    }

    static String bucketKey(Crm crm, String bucket) {
        return crm.key() + "|" + bucket;
    }

    static String allocationKey(Crm crm) {
        return "allocation|" + crm.key();
    }

    /** The org partition's item with the org's header observation (tenant ids never contain '|'). */
    static String observationKey(Crm crm) {
        return "observation|" + crm.key();
    }

    static String orgPartition(String orgKey) {
        return "org|" + orgKey;
    }

    /** A tenant's own count on an org bucket item. */
    static String tenantCounter(String tenantId) {
        return USED + "|" + tenantId;
    }

    static Map<String, AttributeValue> key(String tenantId, String bucketKey) {
        return Map.of(TENANT, AttributeValue.fromS(tenantId), BUCKET_KEY, AttributeValue.fromS(bucketKey));
    }

    /** The HubSpot day item's counter for the UTC hour of {@code at}. */
    static String hourAttribute(Instant at) {
        return HOUR_PREFIX + UTC_HOUR.format(at.atOffset(ZoneOffset.UTC));
    }

    /** The bucket item's TTL: {@link #KEEP_BUCKETS} after the bucket began. */
    static long expiry(Crm crm, String bucket, ZoneId zone) {
        return Windows.bucketStart(crm, bucket, zone).plus(KEEP_BUCKETS).getEpochSecond();
    }

    static Optional<Allocation> toAllocation(Crm crm, Map<String, AttributeValue> item) {
        if (item == null || !(item.containsKey("callsPerDay") || item.containsKey("shareOfOrgLimit"))) {
            return Optional.empty();
        }
        ZoneId zone = item.containsKey("windowZone") ? ZoneId.of(item.get("windowZone").s()) : ZoneOffset.UTC;
        OptionalLong calls = number(item, "callsPerDay");
        OptionalDouble share = item.containsKey("shareOfOrgLimit")
                ? OptionalDouble.of(Double.parseDouble(item.get("shareOfOrgLimit").n())) : OptionalDouble.empty();
        return Optional.of(new Allocation(crm, calls, share, zone));
    }

    static Optional<OrgObservation> toObservation(Map<String, AttributeValue> item) {
        if (!item.containsKey("obsBucket")) {
            return Optional.empty();
        }
        return Optional.of(new OrgObservation(number(item, "obsOrgUsed").orElseThrow(),
                number(item, "obsOrgLimit").orElseThrow(), number(item, "obsLedgerUsed").orElseThrow(),
                Instant.ofEpochMilli(number(item, "obsAt").orElseThrow()), item.get("obsBucket").s()));
    }

    static OptionalLong number(Map<String, AttributeValue> item, String attribute) {
        return item.containsKey(attribute) ? OptionalLong.of(Long.parseLong(item.get(attribute).n()))
                : OptionalLong.empty();
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
