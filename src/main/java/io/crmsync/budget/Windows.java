package io.crmsync.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The windows the CRMs count calls in, as buckets a ledger can keep one counter per.
 *
 * <p><b>Salesforce</b> counts a rolling 24 hours. It is modelled as hourly UTC buckets ({@code yyyyMMddHH}); the
 * window at an instant is the current hour's bucket plus the previous <em>24</em>. One more than 24, on purpose:
 * at 10:30 the real window reaches back to 10:30 yesterday, inside yesterday's 10:00 bucket, so keeping that
 * bucket means every call Salesforce still counts is counted here too. The price is counting up to one hour of
 * calls that have already left Salesforce's window: the ledger errs on the side of never taking more.
 *
 * <p><b>HubSpot</b> counts a day in the account's time zone, reset at local midnight: one bucket per local date
 * ({@code yyyyMMdd}), and the window is today's bucket alone. Days around a daylight-saving change are 23 or 25
 * hours long; the buckets follow the local date, so they do too. HubSpot's 10-second burst is not a ledger window:
 * see {@link HubSpotBurst}.
 */
public final class Windows {

    /** Salesforce buckets in a window: the current hour and the 24 before it. */
    public static final int SALESFORCE_BUCKETS = 25;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private Windows() {
    }

    /** The bucket a call made at {@code at} is counted in. {@code zone} matters for HubSpot only. */
    public static String bucketOf(Crm crm, Instant at, ZoneId zone) {
        return switch (crm) {
            case SALESFORCE -> HOUR.format(at.atOffset(ZoneOffset.UTC));
            case HUBSPOT -> DAY.format(LocalDate.ofInstant(at, zone));
        };
    }

    /** The buckets whose calls count at {@code now}, oldest first; the last is {@link #bucketOf the current one}. */
    public static List<String> windowBuckets(Crm crm, Instant now, ZoneId zone) {
        if (crm == Crm.HUBSPOT) {
            return List.of(bucketOf(crm, now, zone));
        }
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        List<String> buckets = new ArrayList<>(SALESFORCE_BUCKETS);
        for (int back = SALESFORCE_BUCKETS - 1; back >= 0; back--) {
            buckets.add(bucketOf(crm, hour.minus(Duration.ofHours(back)), zone));
        }
        return buckets;
    }

    /** When {@code bucket} begins. */
    public static Instant bucketStart(Crm crm, String bucket, ZoneId zone) {
        return switch (crm) {
            case SALESFORCE -> LocalDateTime.parse(bucket, HOUR).toInstant(ZoneOffset.UTC);
            case HUBSPOT -> LocalDate.parse(bucket, DAY).atStartOfDay(zone).toInstant();
        };
    }

    /** When the bucket after the current one begins: calls from then on are counted in a new bucket. */
    public static Instant nextBucketAt(Crm crm, Instant now, ZoneId zone) {
        return switch (crm) {
            case SALESFORCE -> now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            case HUBSPOT -> LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
        };
    }

    /** The bucket just before {@code bucket}. */
    public static String previousBucket(Crm crm, String bucket, ZoneId zone) {
        return bucketOf(crm, bucketStart(crm, bucket, zone).minusNanos(1), zone);
    }

    /** When the calls of {@code bucket} stop counting. */
    public static Instant leavesWindowAt(Crm crm, String bucket, ZoneId zone) {
        return switch (crm) {
            case SALESFORCE -> bucketStart(crm, bucket, zone).plus(Duration.ofHours(SALESFORCE_BUCKETS));
            case HUBSPOT -> LocalDate.parse(bucket, DAY).plusDays(1).atStartOfDay(zone).toInstant();
        };
    }

    /**
     * The earliest instant at which at least {@code callsToFree} of the window's calls have left it: the time to
     * retry a denied reservation. Buckets leave oldest first; if the window holds fewer calls than that, the
     * answer is when it is empty.
     *
     * @param usedByBucket calls per bucket, as the ledger holds them (buckets outside the window are ignored)
     */
    public static Instant nextRoomAt(Crm crm, Instant now, ZoneId zone, Map<String, Long> usedByBucket,
            long callsToFree) {
        if (callsToFree <= 0) {
            return now;
        }
        List<String> window = windowBuckets(crm, now, zone);
        long freed = 0;
        for (String bucket : window) {
            long used = usedByBucket.getOrDefault(bucket, 0L);
            if (used == 0) {
                continue;
            }
            freed += used;
            if (freed >= callsToFree) {
                return leavesWindowAt(crm, bucket, zone);
            }
        }
        return leavesWindowAt(crm, window.get(window.size() - 1), zone);
    }
}
