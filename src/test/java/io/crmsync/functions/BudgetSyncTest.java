package io.crmsync.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.testing.ChangeQueue;
import io.crmsync.testing.Events;
import io.crmsync.testing.FunctionUnderTest;
import io.crmsync.testing.Notices;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The allocation through the sync-worker function: every CRM call a tenant's sync makes is reserved in the
 * DynamoDB ledger first (so the ledger's count is the CRMs' own), and a tenant whose allocation is reached has
 * its notices deferred — re-queued with a delay, not failed — until the window has room.
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack
class BudgetSyncTest {

    @Inject
    Ledger ledger;

    HubSpotSandbox hubSpot;
    SalesforceSandbox salesforce;
    FunctionUnderTest function;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot, SalesforceSandbox salesforce, FunctionUnderTest function,
            io.crmsync.testing.TenantSetup tenants) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.function = function;
        tenants.connect("counted").connect("frugal");
    }

    List<String> sync(String tenant, String messageId, List<String> contacts) throws Exception {
        return function.failedMessageIds(Events.sqs(Events.SqsMessage.of(messageId,
                Notices.updated(tenant, "HUBSPOT", "contact", contacts))));
    }

    static long withoutTokens(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> !e.getKey().contains("/oauth")).mapToLong(Map.Entry::getValue)
                .sum();
    }

    @Test
    void theLedgerCountsExactlyTheCallsTheCrmsCounted() throws Exception {
        hubSpot.resetCounters();
        salesforce.resetCounters();
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        String alan = hubSpot.createContact(Map.of("email", "alan@example.com", "lastname", "Turing"));
        hubSpot.resetCounters();

        assertThat(sync("counted", "m1", List.of(ada, alan))).isEmpty();
        hubSpot.updateContact(ada, Map.of("jobtitle", "Countess"));
        assertThat(sync("counted", "m2", List.of(ada))).isEmpty();

        Instant now = Instant.now();
        assertThat(ledger.usage("counted", Crm.SALESFORCE, now).used()).isEqualTo(withoutTokens(salesforce.callCounts()));
        assertThat(ledger.usage("counted", Crm.HUBSPOT, now).used()).isEqualTo(hubSpot.totalCalls());
        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", ada).orElseThrow()).containsEntry("Title",
                "Countess");
    }

    @Test
    void aTenantWhoseAllocationIsReachedHasItsNoticesDeferredNotFailed(ChangeQueue changes) throws Exception {
        ledger.setAllocation("frugal", Allocation.callsPerDay(Crm.SALESFORCE, 1));
        String grace = hubSpot.createContact(Map.of("email", "grace@example.com", "lastname", "Hopper"));
        salesforce.resetCounters();

        List<String> failed = sync("frugal", "m1", List.of(grace));

        // One Salesforce call fit (the pairing query); the rest waits for the window, without a failed receive.
        assertThat(failed).isEmpty();
        assertThat(withoutTokens(salesforce.callCounts())).isEqualTo(1);
        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", grace)).isEmpty();
        List<Message> requeued = changes.receive(0);
        // Delivered later (DelaySeconds up to 15 minutes): not visible yet.
        assertThat(requeued).isEmpty();
        assertThat(ledger.usage("frugal", Crm.SALESFORCE, Instant.now()).used()).isEqualTo(1);

        // With room again, the same notice syncs the contact.
        ledger.setAllocation("frugal", Allocation.callsPerDay(Crm.SALESFORCE, 1_000));
        assertThat(sync("frugal", "m1-again", List.of(grace))).isEmpty();
        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", grace)).isPresent();
    }
}
