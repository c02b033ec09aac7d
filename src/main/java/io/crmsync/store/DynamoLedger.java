package io.crmsync.store;

import static io.crmsync.store.BudgetItems.SEALED;
import static io.crmsync.store.BudgetItems.TTL;
import static io.crmsync.store.BudgetItems.USED;
import static io.crmsync.store.BudgetItems.allocationKey;
import static io.crmsync.store.BudgetItems.bucketKey;
import static io.crmsync.store.BudgetItems.expiry;
import static io.crmsync.store.BudgetItems.hourAttribute;
import static io.crmsync.store.BudgetItems.key;
import static io.crmsync.store.BudgetItems.n;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.OptionalLong;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Headroom;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.OrgObservation;
import io.crmsync.budget.Reservation;
import io.crmsync.budget.Usage;
import io.crmsync.budget.Windows;
import io.crmsync.store.LedgerSnapshot.Bucket;
import io.crmsync.store.LedgerSnapshot.Window;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The API-call ledger in the {@code budget} table ({@link BudgetItems} has the items' layout): reservations,
 * header observations and allocations. The health page reads what it counted through {@link DynamoUsageHistory}.
 *
 * <p><b>Why a reservation is atomic without transactions</b> (dynalite has none): the window is many buckets, but
 * only the current one grows. A reservation reads the window's other buckets (one consistent BatchGetItem),
 * works out how many calls the current bucket may already hold ({@code limit − others − calls}), and adds its
 * calls to the current bucket with that as the condition. Concurrent reservers race on that one item only, and
 * DynamoDB serialises conditional updates of an item, so their sum never passes the limit.
 *
 * <p>That needs past buckets to really stay still, which a clock alone cannot promise: a worker whose clock is a
 * few milliseconds behind may still add to the 10:00 bucket after another has read it as past at 11:00. So the
 * first reserver of a bucket <em>seals</em> the previous one (an update that sets {@code sealed} and returns the
 * final count), every write is conditional on its bucket not being sealed, and a writer that finds its bucket
 * sealed counts its calls in the next one instead. Clocks further apart than a whole bucket are not handled.
 *
 * <p><b>Tenants sharing a Salesforce org</b> ({@link LedgerScope}): the org's daily limit is one for all of them,
 * so their Salesforce calls are counted on the org's bucket items, each item holding the org's total and each
 * tenant's count. The same conditional update then checks both the tenant's allocation and the org's room by the
 * last header, which is kept on the org's own item: a header seen by tenant A is charged with the calls of B and
 * C counted since, and denies them too when the org is out. The org's items are read in the same BatchGetItem
 * as the tenant's allocation, so a reservation costs the same requests as before. The calls a tenant counted
 * on its own items before are carried onto the org's by its first reservation ({@link OwnCountsCarryOver}).
 *
 * <p>Buckets expire through the table's TTL ({@code ttl}, two days after the bucket began), past every window.
 */
@ApplicationScoped
public class DynamoLedger implements Ledger {

    /** A reservation moves on to the next bucket at most this often (its own sealed by a faster clock). */
    private static final int ROLLOVER_ATTEMPTS = 3;

    private static final Map<String, String> NAMES = Map.of("#used", USED, "#sealed", SEALED, "#ttl", TTL);

    private final DynamoDbClient dynamo;
    private final String table;
    /** Finds a tenant's Salesforce org; without it every tenant is counted alone (as before orgs were shared). */
    private final Function<String, Optional<Tenant>> tenantById;

    /** A ledger that counts every tenant alone, whatever its org. */
    public DynamoLedger(DynamoDbClient dynamo, String table) {
        this(dynamo, table, tenantId -> Optional.empty());
    }

    @Inject
    public DynamoLedger(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.budget") String table,
            TenantDirectory tenants) {
        this(dynamo, table, tenants::byId);
    }

    /** @param tenantById finds a tenant's Salesforce org (tests give a fixed list) */
    public DynamoLedger(DynamoDbClient dynamo, String table, Function<String, Optional<Tenant>> tenantById) {
        this.dynamo = dynamo;
        this.table = table;
        this.tenantById = tenantById;
    }

    private LedgerScope scope(String tenantId, Crm crm) {
        return LedgerScope.of(tenantById, tenantId, crm);
    }

    // ---- reserve --------------------------------------------------------------------------------------

    /**
     * Two limits guard the current bucket in one conditional update: the tenant's count against its allocation,
     * and the org's count (every tenant on it; the same attribute when the tenant is alone) against the org's
     * room by the last header.
     */
    @Override
    public Reservation reserve(String tenantId, Crm crm, int calls, Instant now) {
        if (calls < 1) {
            throw new IllegalArgumentException("Reserve at least one call: " + calls);
        }
        LedgerScope scope = scope(tenantId, crm);
        Instant at = now;
        for (int attempt = 0; attempt < ROLLOVER_ATTEMPTS; attempt++) {
            LedgerSnapshot snapshot = LedgerSnapshot.read(dynamo, table, scope, crm, at);
            if (!snapshot.ownCountsCarried() && OwnCountsCarryOver.carry(dynamo, table, scope, crm, at)) {
                snapshot = LedgerSnapshot.read(dynamo, table, scope, crm, at);
            }
            Window window = snapshot.window();
            Bucket gained = sealPreviousIfOpen(scope, crm, snapshot);
            long others = snapshot.usedInWindowExceptCurrent() + gained.used();
            long orgOthers = snapshot.orgUsedInWindowExceptCurrent() + gained.orgUsed();
            OptionalLong allocated = snapshot.allocatedCalls();
            OptionalLong ceiling = snapshot.orgCeiling();
            long maxBefore = allocated.isPresent() ? allocated.getAsLong() - others - calls : Long.MAX_VALUE;
            long orgMaxBefore = ceiling.isPresent() ? ceiling.getAsLong() - orgOthers - calls : Long.MAX_VALUE;
            if (maxBefore < 0 || orgMaxBefore < 0) {
                return denied(snapshot, calls, at);
            }
            try {
                Bucket after = add(scope, crm, window.current(), calls, maxBefore, orgMaxBefore, window, at);
                long left = Math.min(
                        allocated.isPresent() ? allocated.getAsLong() - others - after.used() : Long.MAX_VALUE,
                        ceiling.isPresent() ? ceiling.getAsLong() - orgOthers - after.orgUsed() : Long.MAX_VALUE);
                return new Reservation.Granted(left);
            } catch (ConditionalCheckFailedException e) {
                Bucket current = LedgerSnapshot.bucket(dynamo, table, scope, crm, window.current());
                if (!current.sealed()) {
                    return denied(snapshot.withCurrent(current), calls, at);
                }
                // Another worker's clock has moved on to the next bucket: count these calls there.
                at = Windows.nextBucketAt(crm, at, window.zone());
            }
        }
        throw new IllegalStateException("The " + crm.key() + " bucket of tenant " + tenantId
                + " was sealed " + ROLLOVER_ATTEMPTS + " times in a row: clocks are more than a bucket apart");
    }

    /**
     * Adds {@code calls} to the bucket if the tenant's count is at most {@code maxBefore}, the org's at most
     * {@code orgMaxBefore}, and it is open; returns its new counts. A HubSpot bucket is a whole day, so the same
     * update also adds them to the hour's own counter on the item ({@code hour2026112913}, UTC) for the health
     * page's calls per hour: no extra request, no extra item.
     */
    private Bucket add(LedgerScope scope, Crm crm, String bucket, int calls, long maxBefore, long orgMaxBefore,
            Window window, Instant at) {
        Map<String, String> names = new HashMap<>(NAMES);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":n", n(calls));
        values.put(":ttl", n(expiry(crm, bucket, window.zone())));
        String adds = "#used :n";
        String condition = "attribute_not_exists(#sealed)";
        if (scope.shared()) {
            names.put("#mine", scope.tenantCounter());
            adds += ", #mine :n";
            if (maxBefore != Long.MAX_VALUE) {
                condition += " AND (attribute_not_exists(#mine) OR #mine <= :max)";
                values.put(":max", n(maxBefore));
            }
            if (orgMaxBefore != Long.MAX_VALUE) {
                condition += " AND (attribute_not_exists(#used) OR #used <= :orgMax)";
                values.put(":orgMax", n(orgMaxBefore));
            }
        } else {
            // Alone, the tenant's count is the org's: one condition, the tighter of the two.
            long max = Math.min(maxBefore, orgMaxBefore);
            if (max != Long.MAX_VALUE) {
                condition += " AND (attribute_not_exists(#used) OR #used <= :max)";
                values.put(":max", n(max));
            }
        }
        if (crm == Crm.HUBSPOT) {
            names.put("#hour", hourAttribute(at));
            adds += ", #hour :n";
        }
        String update = "ADD " + adds + " SET #ttl = :ttl";
        String finalCondition = condition;
        Map<String, AttributeValue> updated = dynamo.updateItem(b -> b.tableName(table)
                .key(scope.bucketItem(bucketKey(crm, bucket)))
                .updateExpression(update)
                .conditionExpression(finalCondition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Bucket.of(updated, scope.tenantCounter());
    }

    /**
     * Seals the bucket before the current one unless the snapshot shows it sealed, and returns the calls it gained
     * since the snapshot (late writers that got in before the seal), to be counted with the others.
     */
    private Bucket sealPreviousIfOpen(LedgerScope scope, Crm crm, LedgerSnapshot snapshot) {
        Window window = snapshot.window();
        Bucket seen = snapshot.buckets().getOrDefault(window.previous(), Bucket.EMPTY);
        if (seen.sealed()) {
            return Bucket.EMPTY;
        }
        Map<String, AttributeValue> sealed = dynamo.updateItem(b -> b.tableName(table)
                .key(scope.bucketItem(bucketKey(crm, window.previous())))
                .updateExpression("SET #sealed = :true, #ttl = if_not_exists(#ttl, :ttl)")
                .expressionAttributeNames(Map.of("#sealed", SEALED, "#ttl", TTL))
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                        ":ttl", n(expiry(crm, window.previous(), window.zone()))))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        Bucket last = Bucket.of(sealed, scope.tenantCounter());
        // HubSpot's previous day is outside the window: sealing it only stops late writes landing there.
        return window.buckets().contains(window.previous())
                ? new Bucket(last.used() - seen.used(), last.orgUsed() - seen.orgUsed(), true) : Bucket.EMPTY;
    }

    private static Reservation denied(LedgerSnapshot snapshot, int calls, Instant now) {
        Window window = snapshot.window();
        long used = snapshot.usedInWindow();
        List<String> reasons = new ArrayList<>();
        Instant retryAt = now;
        OptionalLong allocated = snapshot.allocatedCalls();
        if (allocated.isPresent() && used + calls > allocated.getAsLong()) {
            Map<String, Long> counts = new HashMap<>();
            snapshot.buckets().forEach((bucket, b) -> counts.put(bucket, b.used()));
            long shortfall = used + calls - allocated.getAsLong();
            retryAt = Windows.nextRoomAt(snapshot.crm(), now, window.zone(), counts, shortfall);
            reasons.add(calls > allocated.getAsLong()
                    ? calls + " calls are more than the whole allocation of " + allocated.getAsLong()
                    : "allocation reached: " + used + " of " + allocated.getAsLong() + " calls used, " + calls
                            + " more asked");
        }
        Optional<OrgObservation> observation = snapshot.currentObservation();
        if (observation.isPresent() && observation.get().orgRemaining(snapshot.orgUsedInWindow()) < calls) {
            // The header's view expires with the bucket; a fresh one may show room again.
            Instant expires = Windows.nextBucketAt(snapshot.crm(), now, window.zone());
            retryAt = retryAt.isAfter(expires) ? retryAt : expires;
            reasons.add("the org's limit: " + observation.get().orgUsed() + " of " + observation.get().orgLimit()
                    + " calls used by the whole org" + (snapshot.scope().shared()
                            ? " (shared by every tenant on it)" : ""));
        }
        if (reasons.isEmpty()) {
            // Only when the limit moved between the read and the write; the next bucket is a safe guess.
            retryAt = Windows.nextBucketAt(snapshot.crm(), now, window.zone());
            reasons.add("no room left in the " + snapshot.crm().key() + " window");
        }
        return new Reservation.Denied(retryAt, String.join("; ", reasons));
    }

    // ---- observe --------------------------------------------------------------------------------------

    /**
     * Recorded where every tenant on the org reads it: a Salesforce header seen by one tenant is charged against
     * the calls all of them counted since ({@link OrgObservation#ledgerUsedAt} is the org's count).
     */
    @Override
    public void observe(String tenantId, Crm crm, long orgUsed, long orgLimit, Instant now) {
        LedgerScope scope = scope(tenantId, crm);
        LedgerSnapshot snapshot = LedgerSnapshot.read(dynamo, table, scope, crm, now);
        OrgObservation observation = new OrgObservation(orgUsed, orgLimit, snapshot.orgUsedInWindow(), now,
                snapshot.window().current());
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":bucket", AttributeValue.fromS(observation.bucket()));
        values.put(":ceiling", n(observation.ledgerCeiling()));
        values.put(":orgUsed", n(orgUsed));
        values.put(":orgLimit", n(orgLimit));
        values.put(":ledgerUsed", n(observation.ledgerUsedAt()));
        values.put(":at", n(now.toEpochMilli()));
        Map<String, AttributeValue> item = scope.observationItem(crm);
        try {
            // Only tightens: a later bucket replaces the observation, within one bucket only a lower ceiling does,
            // and an older bucket's header (a slow response) never does.
            dynamo.updateItem(b -> b.tableName(table).key(item)
                    .updateExpression("SET obsBucket = :bucket, obsCeiling = :ceiling, obsOrgUsed = :orgUsed,"
                            + " obsOrgLimit = :orgLimit, obsLedgerUsed = :ledgerUsed, obsAt = :at,"
                            + " knownOrgLimit = :orgLimit")
                    .conditionExpression("attribute_not_exists(obsBucket) OR obsBucket < :bucket"
                            + " OR (obsBucket = :bucket AND obsCeiling > :ceiling)")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // A tighter observation stands; the org's limit is still worth knowing for a share allocation.
            dynamo.updateItem(b -> b.tableName(table).key(item)
                    .updateExpression("SET knownOrgLimit = :orgLimit")
                    .expressionAttributeValues(Map.of(":orgLimit", n(orgLimit))));
        }
    }

    // ---- usage and allocation -------------------------------------------------------------------------

    @Override
    public Usage usage(String tenantId, Crm crm, Instant now) {
        LedgerSnapshot snapshot = LedgerSnapshot.read(dynamo, table, scope(tenantId, crm), crm, now);
        TreeMap<String, Long> byBucket = new TreeMap<>();
        snapshot.window().buckets().forEach(bucket -> byBucket.put(bucket,
                snapshot.buckets().getOrDefault(bucket, Bucket.EMPTY).used()));
        OptionalLong allocated = snapshot.allocatedCalls();
        long used = snapshot.usedInWindow();
        return new Usage(crm, now, used, snapshot.allocation(), allocated,
                Headroom.remaining(allocated, used, snapshot.orgUsedInWindow(), snapshot.currentObservation()),
                byBucket, snapshot.currentObservation());
    }

    @Override
    public void setAllocation(String tenantId, Allocation allocation) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":zone", AttributeValue.fromS(allocation.windowZone().getId()));
        String set;
        String remove;
        if (allocation.callsPerDay().isPresent()) {
            values.put(":amount", n(allocation.callsPerDay().getAsLong()));
            set = "callsPerDay = :amount";
            remove = "shareOfOrgLimit";
        } else {
            values.put(":amount", AttributeValue.fromN(
                    java.math.BigDecimal.valueOf(allocation.shareOfOrgLimit().getAsDouble()).toPlainString()));
            set = "shareOfOrgLimit = :amount";
            remove = "callsPerDay";
        }
        String expression = "SET " + set + ", windowZone = :zone REMOVE " + remove;
        dynamo.updateItem(b -> b.tableName(table).key(key(tenantId, allocationKey(allocation.crm())))
                .updateExpression(expression).expressionAttributeValues(values));
    }

    @Override
    public Optional<Allocation> allocation(String tenantId, Crm crm) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(tenantId, allocationKey(crm))).consistentRead(true)).item();
        return BudgetItems.toAllocation(crm, item);
    }
}
