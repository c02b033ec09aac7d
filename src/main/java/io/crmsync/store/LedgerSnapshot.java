package io.crmsync.store;

import static io.crmsync.store.BudgetItems.BUCKET_KEY;
import static io.crmsync.store.BudgetItems.SEALED;
import static io.crmsync.store.BudgetItems.USED;
import static io.crmsync.store.BudgetItems.allocationKey;
import static io.crmsync.store.BudgetItems.observationKey;
import static io.crmsync.store.BudgetItems.bucketKey;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.OrgObservation;
import io.crmsync.budget.Windows;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The allocation item and the buckets around an instant, as one consistent read found them: what
 * {@link DynamoLedger} decides a reservation on, and what it reports as usage. Apart from the ledger because the
 * read (and the window arithmetic over it) is the same for reserving, observing and reporting. When the tenant
 * shares its org ({@link LedgerScope#shared()}), the buckets are the org's and each holds both counts.
 *
 * @param ownCountsCarried whether the calls the tenant counted on its own items before it shared the org's have
 *                         been carried onto the org's ({@link OwnCountsCarryOver}); always true when alone
 */
record LedgerSnapshot(Crm crm, LedgerScope scope, Window window, Optional<Allocation> allocation,
        OptionalLong knownOrgLimit, Optional<OrgObservation> observation, Map<String, Bucket> buckets,
        boolean ownCountsCarried) {

    /** The buckets of a window at an instant, in the CRM's zone. */
    record Window(ZoneId zone, List<String> buckets, String current, String previous) {

        static Window at(Crm crm, Instant now, ZoneId zone) {
            List<String> buckets = Windows.windowBuckets(crm, now, zone);
            String current = buckets.get(buckets.size() - 1);
            return new Window(zone, buckets, current, Windows.previousBucket(crm, current, zone));
        }
    }

    /**
     * @param used    the tenant's calls in the bucket
     * @param orgUsed every tenant's on the org (the same as {@code used} for a tenant counted alone)
     */
    record Bucket(long used, long orgUsed, boolean sealed) {
        static final Bucket EMPTY = new Bucket(0, 0, false);

        static Bucket of(Map<String, AttributeValue> item, String tenantCounter) {
            return new Bucket(count(item, tenantCounter), count(item, USED),
                    item.containsKey(SEALED) && Boolean.TRUE.equals(item.get(SEALED).bool()));
        }

        private static long count(Map<String, AttributeValue> item, String attribute) {
            return item.containsKey(attribute) ? Long.parseLong(item.get(attribute).n()) : 0;
        }
    }

    long usedInWindow() {
        return window.buckets().stream().mapToLong(b -> buckets.getOrDefault(b, Bucket.EMPTY).used()).sum();
    }

    long usedInWindowExceptCurrent() {
        return usedInWindow() - buckets.getOrDefault(window.current(), Bucket.EMPTY).used();
    }

    /** Calls every tenant on the org counted in the window: what a header observation is charged against. */
    long orgUsedInWindow() {
        return window.buckets().stream().mapToLong(b -> buckets.getOrDefault(b, Bucket.EMPTY).orgUsed()).sum();
    }

    long orgUsedInWindowExceptCurrent() {
        return orgUsedInWindow() - buckets.getOrDefault(window.current(), Bucket.EMPTY).orgUsed();
    }

    OptionalLong allocatedCalls() {
        return allocation.isPresent() ? OptionalLong.of(allocation.get().callsPerDay(knownOrgLimit))
                : OptionalLong.empty();
    }

    Optional<OrgObservation> currentObservation() {
        return observation.filter(o -> o.appliesIn(window.current()));
    }

    /** The most the org's count may reach in the window by the header; empty when no header applies. */
    OptionalLong orgCeiling() {
        return currentObservation().map(o -> OptionalLong.of(Math.max(0, o.ledgerCeiling())))
                .orElse(OptionalLong.empty());
    }

    LedgerSnapshot withCurrent(Bucket current) {
        Map<String, Bucket> updated = new HashMap<>(buckets);
        updated.put(window.current(), current);
        return new LedgerSnapshot(crm, scope, window, allocation, knownOrgLimit, observation, updated,
                ownCountsCarried);
    }

    /**
     * One consistent BatchGetItem of the allocation item and the window's buckets (with the one before). The
     * HubSpot window depends on the account's zone, which is on the allocation item; rather than read that first,
     * the read takes the local dates any zone can have at {@code now} (UTC−12 to UTC+14: yesterday to tomorrow
     * in UTC, and the day before each) and picks the right ones once the zone is known. A tenant sharing its org
     * reads the org's observation item in the same request: seeing the org costs no extra request.
     */
    static LedgerSnapshot read(DynamoDbClient dynamo, String table, LedgerScope scope, Crm crm, Instant now) {
        Set<String> bucketsToRead = new LinkedHashSet<>();
        if (crm == Crm.HUBSPOT) {
            LocalDate utcDate = LocalDate.ofInstant(now, ZoneOffset.UTC);
            for (int day = -2; day <= 1; day++) {
                bucketsToRead.add(Windows.bucketOf(crm, utcDate.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        ZoneOffset.UTC));
            }
        } else {
            Window window = Window.at(crm, now, ZoneOffset.UTC);
            bucketsToRead.addAll(window.buckets());
            bucketsToRead.add(window.previous());
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        keys.add(scope.allocationItem(crm));
        if (scope.shared()) {
            keys.add(scope.observationItem(crm));
        }
        bucketsToRead.forEach(bucket -> keys.add(scope.bucketItem(bucketKey(crm, bucket))));

        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        // DynamoDB may leave keys unprocessed under load; ask again for exactly those.
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            if (attempt > 0) {
                BatchWriter.backOff(attempt);
            }
            if (attempt > 8) {
                throw new IllegalStateException("DynamoDB left budget keys unprocessed after 8 retries");
            }
            Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(pending));
            response.responses().getOrDefault(table, List.of())
                    .forEach(item -> items.put(item.get(BUCKET_KEY).s(), item));
            request = response.unprocessedKeys();
        }

        Map<String, AttributeValue> allocationItem = items.getOrDefault(allocationKey(crm), Map.of());
        Optional<Allocation> allocation = BudgetItems.toAllocation(crm, allocationItem);
        ZoneId zone = allocation.map(Allocation::windowZone).orElse(ZoneOffset.UTC);
        Window window = Window.at(crm, now, crm == Crm.SALESFORCE ? ZoneOffset.UTC : zone);
        Map<String, Bucket> buckets = new HashMap<>();
        for (String bucket : bucketsToRead) {
            Map<String, AttributeValue> item = items.get(bucketKey(crm, bucket));
            if (item != null) {
                buckets.put(bucket, Bucket.of(item, scope.tenantCounter()));
            }
        }
        Map<String, AttributeValue> observationItem = scope.shared()
                ? items.getOrDefault(observationKey(crm), Map.of()) : allocationItem;
        return new LedgerSnapshot(crm, scope, window, allocation, BudgetItems.number(observationItem, "knownOrgLimit"),
                BudgetItems.toObservation(observationItem), buckets,
                !scope.shared() || OwnCountsCarryOver.carried(scope, allocationItem));
    }

    /** One bucket, read on its own (consistently) after a conditional write to it failed. */
    static Bucket bucket(DynamoDbClient dynamo, String table, LedgerScope scope, Crm crm, String bucket) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(scope.bucketItem(bucketKey(crm, bucket))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Bucket.EMPTY : Bucket.of(item, scope.tenantCounter());
    }
}
