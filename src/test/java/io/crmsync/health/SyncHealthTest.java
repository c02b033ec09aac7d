package io.crmsync.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.sync.SyncErrorLog.SyncError;
import io.crmsync.crm.SyncPausedException;

class SyncHealthTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");
    static final Instant HOUR = Instant.parse("2026-11-29T10:00:00Z");

    final HealthFakes.FakeLedger ledger = new HealthFakes.FakeLedger();
    final HealthFakes.Errors errors = new HealthFakes.Errors();
    final HealthFakes.Suspensions suspensions = new HealthFakes.Suspensions();
    final HealthFakes.Reports reports = new HealthFakes.Reports();
    final SyncHealth health = new SyncHealth(ledger, ledger, errors, suspensions, reports, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void callsPerCrmAreShownAgainstTheAllocationAndTheOrgsLimit() {
        for (int back = 0; back < 30; back++) {
            ledger.calls(Crm.SALESFORCE, HOUR.minus(Duration.ofHours(back)), 100 + back);
        }
        ledger.setAllocation("acme", Allocation.shareOfOrgLimit(Crm.SALESFORCE, 0.2));
        ledger.observe("acme", Crm.SALESFORCE, 61_234, 115_000, NOW.minusSeconds(120));
        ledger.windowUsed.put(Crm.SALESFORCE, 3_000L);
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.HUBSPOT, 100_000).inZone(ZoneId.of("America/New_York")));
        ledger.calls(Crm.HUBSPOT, HOUR, 7);

        SyncHealth.Report report = health.of("acme");

        SyncHealth.CrmCalls salesforce = report.calls().get(0);
        assertThat(salesforce.crm()).isEqualTo("salesforce");
        assertThat(salesforce.hourly()).hasSize(24);
        assertThat(salesforce.hourly().get(0).hour()).isEqualTo(HOUR.minus(Duration.ofHours(23)));
        assertThat(salesforce.hourly().get(23)).isEqualTo(new SyncHealth.HourCalls(HOUR, 100));
        // Hours 0..23 back: 100..123 calls; the older ones are outside the chart.
        assertThat(salesforce.usedLast24Hours()).isEqualTo(24 * 100 + (23 * 24) / 2);
        assertThat(salesforce.usedInWindow()).isEqualTo(3_000);
        assertThat(salesforce.allocatedCalls()).isEqualTo(23_000);
        assertThat(salesforce.allocationShare()).isEqualTo(0.2);
        assertThat(salesforce.allocatedPerHour()).isEqualTo(23_000 / 24.0);
        assertThat(salesforce.remaining()).isEqualTo(20_000);
        assertThat(salesforce.orgLimit()).isEqualTo(new SyncHealth.OrgLimit(61_234, 115_000, NOW.minusSeconds(120)));
        assertThat(salesforce.windowResetsAt()).isNull();
        assertThat(salesforce.note()).isNull();

        SyncHealth.CrmCalls hubSpot = report.calls().get(1);
        assertThat(hubSpot.crm()).isEqualTo("hubspot");
        assertThat(hubSpot.usedLast24Hours()).isEqualTo(7);
        assertThat(hubSpot.allocatedCalls()).isEqualTo(100_000);
        assertThat(hubSpot.orgLimit()).isNull();
        assertThat(hubSpot.window()).contains("America/New_York");
        assertThat(hubSpot.windowResetsAt()).isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
    }

    @Test
    void aTenantSharingItsOrgSeesTheOrgsOneLimitWhoSharesItAndItsShare() {
        SyncHealth shared = new SyncHealth(ledger, ledger, errors, suspensions, reports,
                Clock.fixed(NOW, ZoneOffset.UTC), id -> id.equals("acme") ? List.of("acme-apac", "acme-eu") : List.of());
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 23_000));
        ledger.observe("acme", Crm.SALESFORCE, 61_234, 115_000, NOW.minusSeconds(120));

        SyncHealth.Report report = shared.of("acme");

        assertThat(report.calls().get(0).sharedOrg()).isEqualTo(new SyncHealth.SharedOrg(61_234L, 115_000L,
                NOW.minusSeconds(120), List.of("acme-apac", "acme-eu"), 0.2));
        assertThat(report.calls().get(1).sharedOrg()).as("HubSpot's limits are the portal's own").isNull();
        assertThat(shared.of("globex").calls().get(0).sharedOrg()).as("alone on its org").isNull();
    }

    /** What the CRM doors reserve is what the view shows: in the current hour's bar, the window and what is left. */
    @Test
    void callsReservedThroughTheLedgerShowInTheCurrentHourAndTheWindow() {
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 1_000));
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 40, NOW).granted()).isTrue();
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 2, NOW.plusSeconds(60)).granted()).isTrue();
        assertThat(ledger.reserve("acme", Crm.SALESFORCE, 959, NOW.plusSeconds(90)).granted()).isFalse();

        SyncHealth.CrmCalls salesforce = health.of("acme").calls().get(0);

        assertThat(salesforce.hourly().get(23)).isEqualTo(new SyncHealth.HourCalls(HOUR, 42));
        assertThat(salesforce.usedLast24Hours()).isEqualTo(42);
        assertThat(salesforce.usedInWindow()).isEqualTo(42);
        assertThat(salesforce.remaining()).isEqualTo(958);
    }

    @Test
    void aShareOfALimitNeverObservedIsExplainedRatherThanFailing() {
        ledger.setAllocation("acme", Allocation.shareOfOrgLimit(Crm.SALESFORCE, 0.25));

        SyncHealth.CrmCalls salesforce = health.of("acme").calls().get(0);

        assertThat(salesforce.allocatedCalls()).isNull();
        assertThat(salesforce.allocationShare()).isEqualTo(0.25);
        assertThat(salesforce.usedInWindow()).isNull();
        assertThat(salesforce.note()).contains("25%").contains("not been observed yet");
        assertThat(health.of("acme").calls().get(1).note()).contains("No allocation is set");
    }

    @Test
    void errorsAreGroupedByCategoryLargestFirstWithTheNewestRecordsListed() {
        List<SyncError> open = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            open.add(new SyncError("acme", "hubspot|contact|" + i, "Duplicates", i % 3 == 0 ? "DUPLICATE_VALUE"
                    : "EMAIL_IN_USE", "dup " + i, NOW.minusSeconds(1000 - i)));
        }
        open.add(new SyncError("acme", "salesforce|Lead|00Q1", "Permissions", "INSUFFICIENT_ACCESS", "no access",
                NOW));
        open.add(new SyncError("other", "hubspot|contact|9", "Permissions", "X", "not acme's", NOW));
        errors.record(open);

        SyncHealth.Errors summary = health.of("acme").errors();

        assertThat(summary.total()).isEqualTo(61);
        assertThat(summary.categories()).extracting(SyncHealth.ErrorCategory::category)
                .containsExactly("Duplicates", "Permissions");
        SyncHealth.ErrorCategory duplicates = summary.categories().get(0);
        assertThat(duplicates.count()).isEqualTo(60);
        assertThat(duplicates.records()).hasSize(SyncHealth.RECORDS_PER_CATEGORY);
        assertThat(duplicates.more()).isEqualTo(10);
        assertThat(duplicates.records().get(0).record()).isEqualTo("hubspot|contact|59");
        assertThat(duplicates.codes()).containsExactly(java.util.Map.entry("EMAIL_IN_USE", 40),
                java.util.Map.entry("DUPLICATE_VALUE", 20));
        assertThat(summary.categories().get(1).records()).singleElement()
                .isEqualTo(new SyncHealth.AffectedRecord("salesforce|Lead|00Q1", "INSUFFICIENT_ACCESS", "no access",
                        NOW));
    }

    @Test
    void theSuspensionAndTheLastReconcileAreSummed() {
        suspensions.suspend("acme", SyncPausedException.ORG_API_LIMIT_EXCEEDED, NOW.minusSeconds(3600));
        reports.save(SampleReports.regularRun("acme", NOW.minusSeconds(300)));

        SyncHealth.Report report = health.of("acme");

        assertThat(report.suspension()).isEqualTo(new SyncHealth.Suspension(
                "Salesforce Organization API limit exceeded", NOW.minusSeconds(3600)));
        SyncHealth.LastReconcile last = report.lastReconcile();
        assertThat(last.stop()).isEqualTo("FINISHED");
        assertThat(last.recordsChecked()).isEqualTo(412 + 388 + 97);
        assertThat(last.drift()).isEqualTo(5);
        assertThat(last.neverPaired()).isEqualTo(1);
        assertThat(last.repairsEnqueued()).isEqualTo(6);
        assertThat(last.callsUsed()).isEqualTo(16);
        assertThat(last.finishedAt()).isEqualTo(NOW.minusSeconds(300));
    }

    @Test
    void theReportIsPlainJsonWithIsoTimesAndNullsForTheUnknown() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        reports.save(SampleReports.regularRun("acme", NOW));

        JsonNode tree = json.readTree(json.writeValueAsString(health.of("acme")));

        assertThat(tree.get("at").asText()).isEqualTo("2026-11-29T10:30:00Z");
        assertThat(tree.get("suspension").isNull()).isTrue();
        assertThat(tree.at("/calls/0/hourly/23/hour").asText()).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(tree.at("/calls/0/allocatedCalls").isNull()).isTrue();
        assertThat(tree.at("/lastReconcile/report/passes/0/side").asText()).isEqualTo("SALESFORCE");
        assertThat(tree.at("/errors/total").asInt()).isZero();
    }
}
