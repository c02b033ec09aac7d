package io.crmsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.functions.WorkerFunctionProfile;
import io.crmsync.reconcile.DeletedReader;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** getDeleted against the Salesforce sandbox: the request Salesforce accepts and the answer read back. */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.SALESFORCE)
class SalesforceDeletedReaderTest {

    @Inject
    SalesforceDeletedReader reader;

    SalesforceSandbox salesforce;

    @BeforeEach
    void stack(SalesforceSandbox salesforce) {
        this.salesforce = salesforce;
    }

    @Test
    void readsTheWindowInOneCallAndAnswersUpToWhereSalesforceCovered() {
        String opportunity = salesforce.insert("Opportunity", Map.of("Name", "Gone", "StageName", "Prospecting",
                "CloseDate", "2026-12-31"));
        salesforce.delete(opportunity);
        salesforce.resetCounters();
        Instant now = Instant.now();

        // Salesforce covers whole minutes up to now: a deletion this minute is read by the next window.
        DeletedReader.Deleted deleted = reader.read("acme", "Opportunity", now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(1)));

        assertThat(deleted.latestDateCovered()).isBetween(now.truncatedTo(ChronoUnit.MINUTES),
                Instant.now().truncatedTo(ChronoUnit.MINUTES));
        assertThat(salesforce.callCounts()).containsEntry("GET /services/data/v62.0/sobjects/{sObject}/deleted", 1L)
                .allSatisfy((call, count) -> assertThat(call).matches("GET .*/deleted|POST /services/oauth2/token"));
    }
}
