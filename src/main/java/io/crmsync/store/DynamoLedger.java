package io.crmsync.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Headroom;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.OrgObservation;
import io.crmsync.budget.Reservation;
import io.crmsync.budget.Usage;
import io.crmsync.budget.Windows;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The API-call ledger in the {@code budget} table: one item per tenant, CRM and {@link Windows bucket}
 * ({@code tenantId}, {@code bucketKey = salesforce|2026112912} or {@code hubspot|20261129}) holding the calls
 * counted in it, and one item {@code allocation|salesforce} per CRM with the allocation and the tightest header
 * observation of the current bucket.
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
 * <p>Buckets expire through the table's TTL ({@code ttl}, two days after the bucket began), past every window.
 */
@ApplicationScoped
public class DynamoLedger implements Ledger {

    static final String TENANT = "tenantId";
    static final String BUCKET_KEY = "bucketKey";
    static final String USED = "used";
    static final String SEALED = "sealed";
    static final String TTL = "ttl";
    /** HubSpot day items also count calls per UTC hour, in attributes named this and {@code yyyyMMddHH}. */
    static final String HOUR_PREFIX = "hour";
    private static final DateTimeFormatter UTC_HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");
    /** Buckets outlive every window (at most 25 hours) by a good margin before DynamoDB removes them. */
    static final Duration KEEP_BUCKETS = Duration.ofDays(2);
    /** A reservation moves on to the next bucket at most this often (its own sealed by a faster clock). */
    private static final int ROLLOVER_ATTEMPTS = 3;

    private static final Map<String, String> NAMES = Map.of("#used", USED, "#sealed", SEALED, "#ttl", TTL);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLedger(DynamoDbClient dynamo, @ConfigProperty(name = "crmsync.table.budget") String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    // ---- reserve --------------------------------------------------------------------------------------

    @Override
    public Reservation reserve(String tenantId, Crm crm, int calls, Instant now) {
        if (calls < 1) {
            throw new IllegalArgumentException("Reserve at least one call: " + calls);
        }
        Instant at = now;
        for (int attempt = 0; attempt < ROLLOVER_ATTEMPTS; attempt++) {
            Snapshot snapshot = read(tenantId, crm, at);
            Window window = snapshot.window();
            long others = snapshot.usedInWindowExceptCurrent() + sealPreviousIfOpen(tenantId, crm, snapshot);
            OptionalLong limit = snapshot.limit();
            long maxBefore = limit.isPresent() ? limit.getAsLong() - others - calls : Long.MAX_VALUE;
            if (maxBefore < 0) {
                return denied(snapshot, calls, at);
            }
            try {
                long usedNow = add(tenantId, crm, window.current(), calls, maxBefore, window, at);
                return new Reservation.Granted(
                        limit.isPresent() ? limit.getAsLong() - others - usedNow : Long.MAX_VALUE);
            } catch (ConditionalCheckFailedException e) {
                Bucket current = bucket(tenantId, crm, window.current());
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
     * Adds {@code calls} to the bucket if it holds at most {@code maxBefore} and is open; returns its new count.
     * A HubSpot bucket is a whole day, so the same update also adds them to the hour's own counter on the item
     * ({@code hour2026112913}, UTC) for the health page's calls per hour: no extra request, no extra item.
     */
    private long add(String tenantId, Crm crm, String bucket, int calls, long maxBefore, Window window,
            Instant at) {
        Map<String, String> names = new HashMap<>(NAMES);
        String update = "ADD #used :n SET #ttl = :ttl";
        if (crm == Crm.HUBSPOT) {
            names.put("#hour", hourAttribute(at));
            update = "ADD #used :n, #hour :n SET #ttl = :ttl";
        }
        String finalUpdate = update;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":n", n(calls));
        values.put(":ttl", n(expiry(crm, bucket, window.zone())));
        String condition = "attribute_not_exists(#sealed)";
        if (maxBefore != Long.MAX_VALUE) {
            condition += " AND (attribute_not_exists(#used) OR #used <= :max)";
            values.put(":max", n(maxBefore));
        }
        String finalCondition = condition;
        return Long.parseLong(dynamo.updateItem(b -> b.tableName(table).key(key(tenantId, bucketKey(crm, bucket)))
                .updateExpression(finalUpdate)
                .conditionExpression(finalCondition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.UPDATED_NEW)).attributes().get(USED).n());
    }

    /**
     * Seals the bucket before the current one unless the snapshot shows it sealed, and returns the calls it gained
     * since the snapshot (late writers that got in before the seal), to be counted with the others.
     */
    private long sealPreviousIfOpen(String tenantId, Crm crm, Snapshot snapshot) {
        Window window = snapshot.window();
        Bucket seen = snapshot.buckets().getOrDefault(window.previous(), Bucket.EMPTY);
        if (seen.sealed()) {
            return 0;
        }
        Map<String, AttributeValue> sealed = dynamo.updateItem(b -> b.tableName(table)
                .key(key(tenantId, bucketKey(crm, window.previous())))
                .updateExpression("SET #sealed = :true, #ttl = if_not_exists(#ttl, :ttl)")
                .expressionAttributeNames(Map.of("#sealed", SEALED, "#ttl", TTL))
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                        ":ttl", n(expiry(crm, window.previous(), window.zone()))))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        long finalCount = sealed.containsKey(USED) ? Long.parseLong(sealed.get(USED).n()) : 0;
        // HubSpot's previous day is outside the window: sealing it only stops late writes landing there.
        return window.buckets().contains(window.previous()) ? finalCount - seen.used() : 0;
    }

    private static Reservation denied(Snapshot snapshot, int calls, Instant now) {
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
        if (observation.isPresent() && observation.get().orgRemaining(used) < calls) {
            // The header's view expires with the bucket; a fresh one may show room again.
            Instant expires = Windows.nextBucketAt(snapshot.crm(), now, window.zone());
            retryAt = retryAt.isAfter(expires) ? retryAt : expires;
            reasons.add("the org's limit: " + observation.get().orgUsed() + " of " + observation.get().orgLimit()
                    + " calls used by the whole org");
        }
        if (reasons.isEmpty()) {
            // Only when the limit moved between the read and the write; the next bucket is a safe guess.
            retryAt = Windows.nextBucketAt(snapshot.crm(), now, window.zone());
            reasons.add("no room left in the " + snapshot.crm().key() + " window");
        }
        return new Reservation.Denied(retryAt, String.join("; ", reasons));
    }

    // ---- observe --------------------------------------------------------------------------------------

    @Override
    public void observe(String tenantId, Crm crm, long orgUsed, long orgLimit, Instant now) {
        Snapshot snapshot = read(tenantId, crm, now);
        OrgObservation observation = new OrgObservation(orgUsed, orgLimit, snapshot.usedInWindow(), now,
                snapshot.window().current());
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":bucket", AttributeValue.fromS(observation.bucket()));
        values.put(":ceiling", n(observation.ledgerCeiling()));
        values.put(":orgUsed", n(orgUsed));
        values.put(":orgLimit", n(orgLimit));
        values.put(":ledgerUsed", n(observation.ledgerUsedAt()));
        values.put(":at", n(now.toEpochMilli()));
        try {
            // Only tightens: a later bucket replaces the observation, within one bucket only a lower ceiling does,
            // and an older bucket's header (a slow response) never does.
            dynamo.updateItem(b -> b.tableName(table).key(key(tenantId, allocationKey(crm)))
                    .updateExpression("SET obsBucket = :bucket, obsCeiling = :ceiling, obsOrgUsed = :orgUsed,"
                            + " obsOrgLimit = :orgLimit, obsLedgerUsed = :ledgerUsed, obsAt = :at,"
                            + " knownOrgLimit = :orgLimit")
                    .conditionExpression("attribute_not_exists(obsBucket) OR obsBucket < :bucket"
                            + " OR (obsBucket = :bucket AND obsCeiling > :ceiling)")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // A tighter observation stands; the org's limit is still worth knowing for a share allocation.
            dynamo.updateItem(b -> b.tableName(table).key(key(tenantId, allocationKey(crm)))
                    .updateExpression("SET knownOrgLimit = :orgLimit")
                    .expressionAttributeValues(Map.of(":orgLimit", n(orgLimit))));
        }
    }

    // ---- usage and allocation -------------------------------------------------------------------------

    @Override
    public Usage usage(String tenantId, Crm crm, Instant now) {
        Snapshot snapshot = read(tenantId, crm, now);
        TreeMap<String, Long> byBucket = new TreeMap<>();
        snapshot.window().buckets().forEach(bucket -> byBucket.put(bucket,
                snapshot.buckets().getOrDefault(bucket, Bucket.EMPTY).used()));
        OptionalLong allocated = snapshot.allocatedCalls();
        long used = snapshot.usedInWindow();
        return new Usage(crm, now, used, snapshot.allocation(), allocated,
                Headroom.remaining(allocated, used, snapshot.currentObservation()), byBucket,
                snapshot.currentObservation());
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
        return toAllocation(crm, item);
    }

    // ---- the health page's reads ----------------------------------------------------------------------

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
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#t = :t AND #b BETWEEN :low AND :high")
                .expressionAttributeNames(Map.of("#t", TENANT, "#b", BUCKET_KEY))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId),
                        ":low", AttributeValue.fromS(low), ":high", AttributeValue.fromS(high)))).items()) {
            if (crm == Crm.SALESFORCE) {
                String bucket = item.get(BUCKET_KEY).s().substring(crm.key().length() + 1);
                hours.computeIfPresent(Windows.bucketStart(crm, bucket, ZoneOffset.UTC),
                        (hour, zero) -> number(item, USED).orElse(0));
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

    @Override
    public Optional<OrgObservation> lastObservation(String tenantId, Crm crm) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(tenantId, allocationKey(crm))).consistentRead(true)).item();
        return item == null ? Optional.empty() : toObservation(item);
    }

    /** The HubSpot day item's counter for the UTC hour of {@code at}. */
    static String hourAttribute(Instant at) {
        return HOUR_PREFIX + UTC_HOUR.format(at.atOffset(ZoneOffset.UTC));
    }

    // ---- reading a window -----------------------------------------------------------------------------

    /** The buckets of a window at an instant, in the CRM's zone. */
    private record Window(ZoneId zone, List<String> buckets, String current, String previous) {

        static Window at(Crm crm, Instant now, ZoneId zone) {
            List<String> buckets = Windows.windowBuckets(crm, now, zone);
            String current = buckets.get(buckets.size() - 1);
            return new Window(zone, buckets, current, Windows.previousBucket(crm, current, zone));
        }
    }

    private record Bucket(long used, boolean sealed) {
        static final Bucket EMPTY = new Bucket(0, false);
    }

    /** The allocation item and the buckets around an instant, as one consistent read found them. */
    private record Snapshot(Crm crm, Window window, Optional<Allocation> allocation, OptionalLong knownOrgLimit,
            Optional<OrgObservation> observation, Map<String, Bucket> buckets) {

        long usedInWindow() {
            return window.buckets().stream().mapToLong(b -> buckets.getOrDefault(b, Bucket.EMPTY).used()).sum();
        }

        long usedInWindowExceptCurrent() {
            return usedInWindow() - buckets.getOrDefault(window.current(), Bucket.EMPTY).used();
        }

        OptionalLong allocatedCalls() {
            return allocation.isPresent() ? OptionalLong.of(allocation.get().callsPerDay(knownOrgLimit))
                    : OptionalLong.empty();
        }

        Optional<OrgObservation> currentObservation() {
            return observation.filter(o -> o.appliesIn(window.current()));
        }

        /** The most the window may hold: the allocation, lowered by the org's header; empty for no limit. */
        OptionalLong limit() {
            OptionalLong allocated = allocatedCalls();
            Optional<OrgObservation> org = currentObservation();
            if (org.isEmpty()) {
                return allocated;
            }
            long ceiling = Math.max(0, org.get().ledgerCeiling());
            return OptionalLong.of(allocated.isPresent() ? Math.min(allocated.getAsLong(), ceiling) : ceiling);
        }

        Snapshot withCurrent(Bucket current) {
            Map<String, Bucket> updated = new HashMap<>(buckets);
            updated.put(window.current(), current);
            return new Snapshot(crm, window, allocation, knownOrgLimit, observation, updated);
        }
    }

    /**
     * One consistent BatchGetItem of the allocation item and the window's buckets (with the one before). The
     * HubSpot window depends on the account's zone, which is on the allocation item; rather than read that first,
     * the read takes the local dates any zone can have at {@code now} (UTC−12 to UTC+14: yesterday to tomorrow
     * in UTC, and the day before each) and picks the right ones once the zone is known.
     */
    private Snapshot read(String tenantId, Crm crm, Instant now) {
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
        keys.add(key(tenantId, allocationKey(crm)));
        bucketsToRead.forEach(bucket -> keys.add(key(tenantId, bucketKey(crm, bucket))));

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
        Optional<Allocation> allocation = toAllocation(crm, allocationItem);
        ZoneId zone = allocation.map(Allocation::windowZone).orElse(ZoneOffset.UTC);
        Window window = Window.at(crm, now, crm == Crm.SALESFORCE ? ZoneOffset.UTC : zone);
        Map<String, Bucket> buckets = new HashMap<>();
        for (String bucket : bucketsToRead) {
            Map<String, AttributeValue> item = items.get(bucketKey(crm, bucket));
            if (item != null) {
                buckets.put(bucket, new Bucket(item.containsKey(USED) ? Long.parseLong(item.get(USED).n()) : 0,
                        item.containsKey(SEALED) && Boolean.TRUE.equals(item.get(SEALED).bool())));
            }
        }
        return new Snapshot(crm, window, allocation, number(allocationItem, "knownOrgLimit"),
                toObservation(allocationItem), buckets);
    }

    private Bucket bucket(String tenantId, Crm crm, String bucket) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(tenantId, bucketKey(crm, bucket))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Bucket.EMPTY;
        }
        return new Bucket(item.containsKey(USED) ? Long.parseLong(item.get(USED).n()) : 0,
                item.containsKey(SEALED) && Boolean.TRUE.equals(item.get(SEALED).bool()));
    }

    // ---- items ----------------------------------------------------------------------------------------

    private static Optional<Allocation> toAllocation(Crm crm, Map<String, AttributeValue> item) {
        if (item == null || !(item.containsKey("callsPerDay") || item.containsKey("shareOfOrgLimit"))) {
            return Optional.empty();
        }
        ZoneId zone = item.containsKey("windowZone") ? ZoneId.of(item.get("windowZone").s()) : ZoneOffset.UTC;
        OptionalLong calls = number(item, "callsPerDay");
        OptionalDouble share = item.containsKey("shareOfOrgLimit")
                ? OptionalDouble.of(Double.parseDouble(item.get("shareOfOrgLimit").n())) : OptionalDouble.empty();
        return Optional.of(new Allocation(crm, calls, share, zone));
    }

    private static Optional<OrgObservation> toObservation(Map<String, AttributeValue> item) {
        if (!item.containsKey("obsBucket")) {
            return Optional.empty();
        }
        return Optional.of(new OrgObservation(number(item, "obsOrgUsed").orElseThrow(),
                number(item, "obsOrgLimit").orElseThrow(), number(item, "obsLedgerUsed").orElseThrow(),
                Instant.ofEpochMilli(number(item, "obsAt").orElseThrow()), item.get("obsBucket").s()));
    }

    private static OptionalLong number(Map<String, AttributeValue> item, String attribute) {
        return item.containsKey(attribute) ? OptionalLong.of(Long.parseLong(item.get(attribute).n()))
                : OptionalLong.empty();
    }

    static String bucketKey(Crm crm, String bucket) {
        return crm.key() + "|" + bucket;
    }

    static String allocationKey(Crm crm) {
        return "allocation|" + crm.key();
    }

    private static long expiry(Crm crm, String bucket, ZoneId zone) {
        return Windows.bucketStart(crm, bucket, zone).plus(KEEP_BUCKETS).getEpochSecond();
    }

    private static Map<String, AttributeValue> key(String tenantId, String bucketKey) {
        return Map.of(TENANT, AttributeValue.fromS(tenantId), BUCKET_KEY, AttributeValue.fromS(bucketKey));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
