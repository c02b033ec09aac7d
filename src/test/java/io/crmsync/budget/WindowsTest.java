package io.crmsync.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WindowsTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void salesforceBucketsAreUtcHours() {
        assertThat(Windows.bucketOf(Crm.SALESFORCE, Instant.parse("2026-11-29T12:00:00Z"), NEW_YORK))
                .isEqualTo("2026112912");
        assertThat(Windows.bucketOf(Crm.SALESFORCE, Instant.parse("2026-11-29T12:59:59.999Z"), UTC))
                .isEqualTo("2026112912");
        assertThat(Windows.bucketOf(Crm.SALESFORCE, Instant.parse("2026-11-29T13:00:00Z"), UTC))
                .isEqualTo("2026112913");
    }

    @Test
    void salesforceWindowIsTheCurrentHourAndTheTwentyFourBefore() {
        List<String> window = Windows.windowBuckets(Crm.SALESFORCE, Instant.parse("2026-11-29T10:30:00Z"), UTC);
        assertThat(window).hasSize(25).startsWith("2026112810").endsWith("2026112909", "2026112910")
                .doesNotHaveDuplicates().isSorted();
        // Salesforce still counts a call made at 10:40 yesterday at 10:30 today: it is in the window.
        assertThat(window).contains(Windows.bucketOf(Crm.SALESFORCE, Instant.parse("2026-11-28T10:40:00Z"), UTC));
        assertThat(window).doesNotContain("2026112809");
    }

    @Test
    void callsTwentyThreeHoursAgoCountAndTwentyFiveHoursAgoDoNot() {
        Instant now = Instant.parse("2026-11-29T10:30:00Z");
        List<String> window = Windows.windowBuckets(Crm.SALESFORCE, now, UTC);
        assertThat(window).contains(Windows.bucketOf(Crm.SALESFORCE, now.minusSeconds(23 * 3600), UTC));
        assertThat(window).doesNotContain(Windows.bucketOf(Crm.SALESFORCE, now.minusSeconds(25 * 3600), UTC));
    }

    @Test
    void aSalesforceBucketLeavesTheWindowTwentyFiveHoursAfterItBegan() {
        assertThat(Windows.leavesWindowAt(Crm.SALESFORCE, "2026112810", UTC))
                .isEqualTo(Instant.parse("2026-11-29T11:00:00Z"));
        assertThat(Windows.windowBuckets(Crm.SALESFORCE, Instant.parse("2026-11-29T10:59:59Z"), UTC))
                .contains("2026112810");
        assertThat(Windows.windowBuckets(Crm.SALESFORCE, Instant.parse("2026-11-29T11:00:00Z"), UTC))
                .doesNotContain("2026112810");
        assertThat(Windows.previousBucket(Crm.SALESFORCE, "2026120100", UTC)).isEqualTo("2026113023");
        assertThat(Windows.nextBucketAt(Crm.SALESFORCE, Instant.parse("2026-11-30T23:15:00Z"), UTC))
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void hubSpotBucketIsTheAccountsLocalDate() {
        // 03:30 UTC on the 29th is still the 28th in New York.
        assertThat(Windows.bucketOf(Crm.HUBSPOT, Instant.parse("2026-11-29T03:30:00Z"), NEW_YORK)).isEqualTo("20261128");
        assertThat(Windows.bucketOf(Crm.HUBSPOT, Instant.parse("2026-11-29T05:00:00Z"), NEW_YORK)).isEqualTo("20261129");
        assertThat(Windows.bucketOf(Crm.HUBSPOT, Instant.parse("2026-11-29T03:30:00Z"), UTC)).isEqualTo("20261129");
        assertThat(Windows.windowBuckets(Crm.HUBSPOT, Instant.parse("2026-11-29T03:30:00Z"), NEW_YORK))
                .containsExactly("20261128");
        assertThat(Windows.nextBucketAt(Crm.HUBSPOT, Instant.parse("2026-11-29T03:30:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2026-11-29T05:00:00Z"));
    }

    @Test
    void hubSpotDayOfTheFallBackChangeIsTwentyFiveHoursLong() {
        // 2026-11-01 in New York: 00:00 EDT (04:00 UTC) to 00:00 EST on the 2nd (05:00 UTC).
        Instant start = Instant.parse("2026-11-01T04:00:00Z");
        assertThat(Windows.bucketStart(Crm.HUBSPOT, "20261101", NEW_YORK)).isEqualTo(start);
        assertThat(Windows.bucketOf(Crm.HUBSPOT, start.minusNanos(1), NEW_YORK)).isEqualTo("20261031");
        assertThat(Windows.bucketOf(Crm.HUBSPOT, start, NEW_YORK)).isEqualTo("20261101");
        assertThat(Windows.bucketOf(Crm.HUBSPOT, Instant.parse("2026-11-02T04:30:00Z"), NEW_YORK))
                .as("23:30 EST, the 25th hour of the day").isEqualTo("20261101");
        assertThat(Windows.bucketOf(Crm.HUBSPOT, Instant.parse("2026-11-02T05:00:00Z"), NEW_YORK)).isEqualTo("20261102");
        assertThat(Windows.leavesWindowAt(Crm.HUBSPOT, "20261101", NEW_YORK))
                .isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
        assertThat(Windows.nextBucketAt(Crm.HUBSPOT, Instant.parse("2026-11-01T12:00:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
        assertThat(Windows.previousBucket(Crm.HUBSPOT, "20261101", NEW_YORK)).isEqualTo("20261031");
    }

    @Test
    void hubSpotDayOfTheSpringForwardChangeIsTwentyThreeHoursLong() {
        assertThat(Windows.bucketStart(Crm.HUBSPOT, "20260308", NEW_YORK)).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
        assertThat(Windows.leavesWindowAt(Crm.HUBSPOT, "20260308", NEW_YORK))
                .isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
    }

    @Test
    void roomComesBackWhenEnoughOfTheOldestCallsLeave() {
        Instant now = Instant.parse("2026-11-29T10:30:00Z");
        Map<String, Long> used = Map.of("2026112812", 40L, "2026112815", 30L, "2026112910", 30L,
                "2026112700", 999L); // outside the window: ignored
        assertThat(Windows.nextRoomAt(Crm.SALESFORCE, now, UTC, used, 0)).isEqualTo(now);
        assertThat(Windows.nextRoomAt(Crm.SALESFORCE, now, UTC, used, 1)).isEqualTo(Instant.parse("2026-11-29T13:00:00Z"));
        assertThat(Windows.nextRoomAt(Crm.SALESFORCE, now, UTC, used, 40)).isEqualTo(Instant.parse("2026-11-29T13:00:00Z"));
        assertThat(Windows.nextRoomAt(Crm.SALESFORCE, now, UTC, used, 41)).isEqualTo(Instant.parse("2026-11-29T16:00:00Z"));
        assertThat(Windows.nextRoomAt(Crm.SALESFORCE, now, UTC, used, 100)).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
        assertThat(Windows.nextRoomAt(Crm.SALESFORCE, now, UTC, used, 500))
                .as("more than the window holds: when it is empty").isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
        assertThat(Windows.nextRoomAt(Crm.HUBSPOT, Instant.parse("2026-11-01T12:00:00Z"), NEW_YORK,
                Map.of("20261101", 10L), 1)).isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
    }
}
