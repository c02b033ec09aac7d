package io.crmsync.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.OrgObservation;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.store.DynamoAuditLog;
import io.crmsync.store.DynamoLedger;
import io.crmsync.store.DynamoUsageHistory;
import io.crmsync.store.DynamoReconcileReports;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.store.DynamoTenantSuspensions;
import io.crmsync.sync.AuditLog;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.sync.TenantSuspensions;
import io.crmsync.tenant.Tenant;

/** The read side the health page added to the stores, against dynalite and the tables of aws-resources.json. */
class HealthStoresTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");
    static final Instant HOUR = Instant.parse("2026-11-29T10:00:00Z");

    /** As Quarkus configures its ObjectMapper: java.time and Optional support, ISO dates, unknown fields ignored. */
    static ObjectMapper quarkusLikeJson() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    final LocalAws aws = SharedLocalAws.get();
    DynamoLedger ledger;
    DynamoUsageHistory usageHistory;

    @BeforeEach
    void empty() {
        aws.reset();
        ledger = new DynamoLedger(aws.dynamo(), aws.tableName("BudgetTable"));
        usageHistory = new DynamoUsageHistory(aws.dynamo(), aws.tableName("BudgetTable"));
        new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"))
                .save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty()));
    }

    @Test
    void salesforceCallsPerHourAreTheHourlyBuckets() {
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 100_000));
        for (int back = 30; back >= 0; back--) {
            ledger.reserve("acme", Crm.SALESFORCE, 10 + back, HOUR.minus(Duration.ofHours(back)).plusSeconds(90));
        }
        ledger.reserve("acme", Crm.SALESFORCE, 5, NOW);
        ledger.reserve("other", Crm.SALESFORCE, 999, NOW);

        SortedMap<Instant, Long> hours = usageHistory.callsPerHour("acme", Crm.SALESFORCE,
                HOUR.minus(Duration.ofHours(23)), HOUR.plus(Duration.ofHours(2)));

        assertThat(hours).hasSize(25);
        assertThat(hours.firstKey()).isEqualTo(HOUR.minus(Duration.ofHours(23)));
        assertThat(hours.get(HOUR.minus(Duration.ofHours(23)))).isEqualTo(33);
        assertThat(hours.get(HOUR.minus(Duration.ofHours(1)))).isEqualTo(11);
        assertThat(hours.get(HOUR)).isEqualTo(15);
        assertThat(hours.get(HOUR.plus(Duration.ofHours(1)))).isZero();
        assertThat(usageHistory.callsPerHour("acme", Crm.SALESFORCE, HOUR, HOUR)).isEmpty();
        assertThat(usageHistory.callsPerHour("acme", Crm.SALESFORCE, NOW, NOW.plusSeconds(1))).containsOnlyKeys(HOUR);
        assertThatThrownBy(() -> usageHistory.callsPerHour("acme", Crm.SALESFORCE, NOW.minus(Duration.ofDays(8)), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 168 hours");
    }

    /**
     * A HubSpot bucket is the account's local day; its hourly counters are UTC hours, so an hour is found
     * whichever day item holds it — here New York's, whose day runs 05:00 to 05:00 UTC.
     */
    @Test
    void hubSpotCallsPerHourComeFromTheDayItemsHourCounters() {
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.HUBSPOT, 100_000).inZone(ZoneId.of("America/New_York")));
        Instant start = Instant.parse("2026-11-28T20:00:00Z");
        for (int h = 0; h < 15; h++) {
            Instant at = start.plus(Duration.ofHours(h));
            ledger.reserve("acme", Crm.HUBSPOT, 1 + h, at.plusSeconds(10));
            ledger.reserve("acme", Crm.HUBSPOT, 100, at.plusSeconds(3000));
        }

        SortedMap<Instant, Long> hours = usageHistory.callsPerHour("acme", Crm.HUBSPOT, start, start.plus(Duration.ofHours(15)));

        assertThat(hours).hasSize(15);
        for (int h = 0; h < 15; h++) {
            assertThat(hours.get(start.plus(Duration.ofHours(h)))).as("hour %d", h).isEqualTo(101 + h);
        }
        // The window still counts the local day only: 05:00 UTC onwards (hours 9 to 14).
        long today = 0;
        for (int h = 9; h < 15; h++) {
            today += 101 + h;
        }
        assertThat(ledger.usage("acme", Crm.HUBSPOT, start.plus(Duration.ofHours(14)).plusSeconds(3500)).used())
                .isEqualTo(today);
    }

    @Test
    void theLastObservationIsKeptPastItsBucket() {
        ledger.setAllocation("acme", Allocation.shareOfOrgLimit(Crm.SALESFORCE, 0.2));
        assertThat(usageHistory.lastObservation("acme", Crm.SALESFORCE)).isEmpty();
        ledger.observe("acme", Crm.SALESFORCE, 61_234, 115_000, NOW);

        Optional<OrgObservation> observed = usageHistory.lastObservation("acme", Crm.SALESFORCE);

        assertThat(observed).get().extracting(OrgObservation::orgUsed, OrgObservation::orgLimit,
                OrgObservation::observedAt).containsExactly(61_234L, 115_000L, NOW);
        assertThat(ledger.usage("acme", Crm.SALESFORCE, NOW.plus(Duration.ofHours(3))).observation()).isEmpty();
        assertThat(usageHistory.lastObservation("acme", Crm.HUBSPOT)).isEmpty();
        assertThat(usageHistory.lastObservation("nobody", Crm.SALESFORCE)).isEmpty();
    }

    @Test
    void theSuspensionReadsBackWithItsFirstTime() {
        DynamoTenantSuspensions suspensions = new DynamoTenantSuspensions(aws.dynamo(), aws.tableName("TenantsTable"));
        assertThat(suspensions.current("acme")).isEmpty();

        suspensions.suspend("acme", SyncPausedException.ORG_API_LIMIT_EXCEEDED, NOW);
        suspensions.suspend("acme", SyncPausedException.ORG_API_LIMIT_EXCEEDED, NOW.plusSeconds(600));

        assertThat(suspensions.current("acme")).contains(new TenantSuspensions.Suspension(
                "Salesforce Organization API limit exceeded", NOW));
        suspensions.clear("acme");
        assertThat(suspensions.current("acme")).isEmpty();
        assertThat(suspensions.current("nobody")).isEmpty();
    }

    @Test
    void aRecordsAuditHistoryReadsNewestFirstUpToTheLimit() {
        DynamoAuditLog audit = new DynamoAuditLog(aws.dynamo(), aws.tableName("AuditTable"));
        List<AuditLog.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            entries.add(new AuditLog.Entry("acme", "contact", "123", "Contact", "003A", "Field" + i, "h" + i,
                    i % 2 == 0 ? "" : "s" + i, "h" + i, "SALESFORCE", "HUBSPOT", "TWO_WAY", "why " + i,
                    NOW.plusSeconds(i)));
        }
        entries.add(new AuditLog.Entry("acme", "contact", "1234", "Contact", "003B", "Other", "x", "y", "x",
                "SALESFORCE", "HUBSPOT", "TWO_WAY", "another record", NOW.plusSeconds(99)));
        audit.append(entries);

        List<AuditLog.Entry> newest = audit.history("acme", "contact", "123", 25);

        assertThat(newest).hasSize(25);
        assertThat(newest.get(0)).isEqualTo(new AuditLog.Entry("acme", "contact", "123", "Contact", "003A", "Field29",
                "h29", "s29", "h29", "SALESFORCE", "HUBSPOT", "TWO_WAY", "why 29", NOW.plusSeconds(29)));
        assertThat(newest.get(1).salesforceValue()).as("empty values are not stored").isNull();
        assertThat(newest).extracting(AuditLog.Entry::at).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(audit.history("acme", "contact", "123", 500)).hasSize(30);
        assertThat(audit.history("acme", "contact", "999", 10)).isEmpty();
        assertThat(audit.history("other", "contact", "123", 10)).isEmpty();
    }

    @Test
    void theLastReconcileReportReadsBackAsWritten() {
        DynamoReconcileReports reports = new DynamoReconcileReports(aws.dynamo(), aws.tableName("TenantsTable"),
                quarkusLikeJson());
        assertThat(reports.last("acme")).isEmpty();

        reports.save(SampleReports.regularRun("acme", NOW));

        assertThat(reports.last("acme")).contains(SampleReports.regularRun("acme", NOW));
        assertThat(reports.last("nobody")).isEmpty();
    }
}
