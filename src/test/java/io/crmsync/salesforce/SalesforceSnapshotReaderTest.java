package io.crmsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.functions.WorkerFunctionProfile;
import io.crmsync.reconcile.ChangedRecord;
import io.crmsync.reconcile.SnapshotReader;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** An import's snapshot as a Bulk API 2.0 query job, against the Salesforce sandbox. */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.SALESFORCE)
class SalesforceSnapshotReaderTest {

    @Inject
    SalesforceSnapshotReader reader;

    SalesforceSandbox salesforce;

    @BeforeEach
    void stack(SalesforceSandbox salesforce) {
        this.salesforce = salesforce;
    }

    @Test
    void aSnapshotHoldsWhatChangedUpToItsTimeAndIsReadInPagesFromLocators() {
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 2_500; i++) {
            before.add(salesforce.insert("Contact", Map.of("LastName", "C" + i, "Email", "c" + i + "@example.com",
                    "HubSpot_Contact_Id__c", String.valueOf(1000 + i))));
        }
        Instant until = Instant.now().plusSeconds(1);
        salesforce.resetCounters();

        String snapshot = reader.start("acme", "Contact", List.of("Email", "HubSpot_Contact_Id__c"), until);
        // Created after the snapshot: the job's results were fixed when it was created.
        salesforce.insert("Contact", Map.of("LastName", "Late"));
        SnapshotReader.State state = reader.state("acme", snapshot);
        assertThat(state.status()).isEqualTo(SnapshotReader.Status.READY);
        assertThat(state.records()).isEqualTo(OptionalLong.of(2_500));

        List<ChangedRecord> read = new ArrayList<>();
        List<String> locators = new ArrayList<>();
        String locator = null;
        do {
            SnapshotReader.SnapshotPage page = reader.page("acme", snapshot, locator, 1_000);
            read.addAll(page.records());
            locator = page.next().orElse(null);
            locators.add(locator);
        } while (locator != null);

        assertThat(read).hasSize(2_500).extracting(ChangedRecord::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(before);
        assertThat(read.get(0).properties()).containsKeys("Id", "SystemModstamp", "Email", "HubSpot_Contact_Id__c");
        assertThat(read.get(0).modifiedAt()).isBeforeOrEqualTo(until);
        assertThat(locators).hasSize(3).last().isNull();
        // Create, one poll, three pages: each an ordinary metered call.
        assertThat(salesforce.apiUsage()).isEqualTo(5);
    }

    @Test
    void aFailedOrMissingJobIsGoneAndAJobInProgressIsPreparing() {
        salesforce.insert("Contact", Map.of("LastName", "C"));
        salesforce.holdNextBulkQueryJob(1);
        String held = reader.start("acme", "Contact", List.of(), Instant.now().plusSeconds(1));
        assertThat(reader.state("acme", held).status()).isEqualTo(SnapshotReader.Status.PREPARING);
        assertThat(reader.state("acme", held).status()).isEqualTo(SnapshotReader.Status.READY);

        salesforce.failNextBulkQueryJob("QUERY_TIMEOUT: too long");
        String failed = reader.start("acme", "Contact", List.of(), Instant.now().plusSeconds(1));
        SnapshotReader.State state = reader.state("acme", failed);
        assertThat(state.status()).isEqualTo(SnapshotReader.Status.GONE);
        assertThat(state.reason()).contains("Failed", "QUERY_TIMEOUT");

        assertThat(reader.state("acme", "750000000000000AAA")).satisfies(s -> {
            assertThat(s.status()).isEqualTo(SnapshotReader.Status.GONE);
            assertThat(s.reason()).contains("no longer exists");
        });
    }
}
