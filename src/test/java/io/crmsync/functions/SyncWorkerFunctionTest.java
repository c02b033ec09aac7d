package io.crmsync.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.crm.Side;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.testing.ChangeQueue;
import io.crmsync.testing.Events;
import io.crmsync.testing.FunctionUnderTest;
import io.crmsync.testing.Notices;
import io.crmsync.testing.SyncStack;
import io.crmsync.testing.TenantSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The sync-worker function as Lambda invokes it with an SQS batch (through the Lambda mock event server), with
 * its real adapters against the CRM sandboxes and dynalite.
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack
class SyncWorkerFunctionTest {

    static final String BATCH_READ = "POST /crm/v3/objects/{objectType}/batch/read";

    @Inject
    io.crmsync.budget.CrmCalls calls;

    HubSpotSandbox hubSpot;
    SalesforceSandbox salesforce;
    FunctionUnderTest function;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot, SalesforceSandbox salesforce, FunctionUnderTest function) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.function = function;
    }

    /** Invokes the function with one SQS message per (messageId → contact ids) entry, for tenant acme. */
    JsonNode invoke(Map<String, List<String>> messages) throws Exception {
        return invoke("acme", messages);
    }

    JsonNode invoke(String tenant, Map<String, List<String>> messages) throws Exception {
        return function.invoke(Events.sqs(messages.entrySet().stream().map(m -> Events.SqsMessage.of(m.getKey(),
                Notices.updated(tenant, "HUBSPOT", "contact", m.getValue()))).toList()));
    }

    static List<String> failures(JsonNode response) {
        return FunctionUnderTest.batchItemFailures(response);
    }

    @Test
    void syncsABatchWithOneHubSpotReadAndOneUpsertPerRecord() throws Exception {
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        String alan = hubSpot.createContact(Map.of("email", "alan@example.com", "lastname", "Turing",
                "company", "Bletchley Park"));
        hubSpot.resetCounters();
        salesforce.resetCounters();
        Map<String, Long> before = calls.snapshot();

        JsonNode response = invoke(Map.of("m1", List.of(ada), "m2", List.of(alan), "m3", List.of(ada, alan)));

        // The one door saw exactly the calls the CRMs counted.
        long counted = calls.snapshot().entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(
                e.getKey(), 0L)).sum();
        assertThat(counted).isEqualTo(hubSpot.totalCalls() + salesforce.totalCalls());
        assertThat(calls.snapshot().get("hubspot POST /crm/v3/objects/contacts/batch/read")
                - before.getOrDefault("hubspot POST /crm/v3/objects/contacts/batch/read", 0L)).isEqualTo(1);

        assertThat(failures(response)).isEmpty();
        assertThat(hubSpot.calls(BATCH_READ)).isEqualTo(1);
        // Identity queries for Contact and Lead, then one collection upsert for both new Leads.
        assertThat(salesforce.callCounts()).containsKey("PATCH /services/data/v62.0/composite/sobjects/{sObject}/{externalIdField}");
        assertThat(salesforce.callCounts().values().stream().mapToLong(Long::longValue).sum() - salesforce.calls(
                "POST /services/oauth2/token")).isEqualTo(3);
        assertThat(salesforce.count("Lead")).isEqualTo(2);
        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", alan).orElseThrow())
                .containsEntry("Company", "Bletchley Park").containsEntry("LastName", "Turing");
        assertThat(salesforce.lastCallOptions()).as("the write names its tenant").contains("client=crmsync-acme");
    }

    @Test
    void anUnchangedRecordIsNotWrittenAgain() throws Exception {
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        invoke(Map.of("m1", List.of(ada)));
        // The Lead now has an owner (Salesforce assigned one), so this run also reads the owner directory, which
        // the worker then keeps for 10 minutes; the next run is the one measured.
        invoke(Map.of("m1b", List.of(ada)));
        salesforce.resetCounters();

        assertThat(failures(invoke(Map.of("m2", List.of(ada))))).isEmpty();

        // One SOQL read of the linked Lead, no write.
        assertThat(salesforce.callCounts().keySet()).allMatch(endpoint -> endpoint.startsWith("GET "));
        assertThat(salesforce.totalCalls()).isEqualTo(1);
    }

    @Test
    void valuesSalesforceRefusesAreNotRetried() throws Exception {
        String tooLong = hubSpot.createContact(Map.of("email", "long@example.com", "lastname", "x".repeat(81)));

        assertThat(failures(invoke(Map.of("m1", List.of(tooLong))))).isEmpty();

        assertThat(salesforce.count("Lead")).isZero();
    }

    @Test
    void anExpiredSalesforceTokenIsRenewedOnce() throws Exception {
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        invoke(Map.of("m1", List.of(ada)));
        salesforce.expireTokens();
        hubSpot.updateContact(ada, Map.of("lastname", "King"));

        assertThat(failures(invoke(Map.of("m2", List.of(ada))))).isEmpty();

        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", ada).orElseThrow())
                .containsEntry("LastName", "King");
    }

    @Inject
    io.crmsync.hubspot.HubSpotRestRecords hubSpotReader;

    @Inject
    io.crmsync.budget.TenantCalls tenantCalls;

    @Test
    void hubSpotRateLimitsSurfaceAsRetryableNotAsExceptionsOfTheRestClient() {
        hubSpot.faults().configure(new io.crmsync.sandbox.http.FaultInjector.Settings(1, 1.0, List.of(429),
                java.time.Duration.ZERO, 0, 0));
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tenantCalls.on("acme", () -> hubSpotReader
                    .read("acme", "contact", List.of("1"), List.of("email")))).isInstanceOf(io.crmsync.crm.CrmUnavailableException.class)
                    .hasMessageContaining("429");
        } finally {
            hubSpot.faults().configure(io.crmsync.sandbox.http.FaultInjector.Settings.none());
        }
    }

    @Test
    void theTenantsStoredSettingsDecideWhatANewContactBecomes(TenantSetup tenants) throws Exception {
        tenants.register("initech", 70000, "00D5g000009AbCdEAK").settings("initech",
                new io.crmsync.tenant.TenantSettings(io.crmsync.tenant.TenantSettings.SalesforceToHubSpot.DO_NOTHING,
                        io.crmsync.tenant.TenantSettings.HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT, true,
                        Side.SALESFORCE)).credentials("initech", ownGrants());
        String grace = hubSpot.createContact(Map.of("email", "grace@example.com", "lastname", "Hopper"));
        long deploymentCalls = hubSpot.callsAuthorizedBy(SharedSandboxes.HUBSPOT_TOKEN);

        assertThat(failures(invoke("initech", Map.of("m1", List.of(grace))))).isEmpty();

        assertThat(salesforce.count("Contact")).isEqualTo(1);
        assertThat(salesforce.count("Lead")).isZero();
        assertThat(hubSpot.callsAuthorizedBy(SharedSandboxes.HUBSPOT_TOKEN)).as("only its own grants")
                .isEqualTo(deploymentCalls);
    }

    /** A tenant's own grants: another app installed on the portal, and a web-server-flow refresh token. */
    io.crmsync.tenant.TenantCredentials ownGrants() {
        return io.crmsync.tenant.TenantCredentials.NONE
                .withHubSpot(new io.crmsync.tenant.TenantCredentials.HubSpotGrant(
                        io.crmsync.tenant.TenantCredentials.Method.HUBSPOT_PRIVATE_APP,
                        HubSpotSandbox.Identity.OTHER_APP_TOKEN, null, null, 70000, List.of()))
                .withSalesforce(new io.crmsync.tenant.TenantCredentials.SalesforceGrant(
                        io.crmsync.tenant.TenantCredentials.Method.SALESFORCE_WEB_SERVER, salesforce.baseUrl(),
                        salesforce.baseUrl(), salesforce.orgId(), SharedSandboxes.SALESFORCE_CLIENT_ID,
                        SharedSandboxes.SALESFORCE_CLIENT_SECRET, null, null, salesforce.issueRefreshToken(), null,
                        java.time.Instant.now()));
    }

    @Inject
    io.crmsync.store.DynamoTenantSuspensions suspensions;

    /**
     * Tenant globex connected HubSpot with its own app but never Salesforce. Before, its sync logged in to the
     * deployment's org (client credentials) and wrote there: a cross-tenant write. Now it is not served: its notice
     * waits, it is suspended with the reason, and no call is made with acme's or the deployment's credentials.
     */
    @Test
    void aHalfConnectedTenantCallsWithNobodyElsesCredentialsAndIsSuspendedWithTheReason(TenantSetup tenants)
            throws Exception {
        tenants.register("globex", 70000, "00D5g000009AbCdEAK").credentials("globex", io.crmsync.tenant.TenantCredentials.NONE.withHubSpot(
                new io.crmsync.tenant.TenantCredentials.HubSpotGrant(
                        io.crmsync.tenant.TenantCredentials.Method.HUBSPOT_PRIVATE_APP,
                        HubSpotSandbox.Identity.OTHER_APP_TOKEN, null, null, 70000, List.of())));
        String grace = hubSpot.createContact(Map.of("email", "grace@example.com", "lastname", "Hopper"));
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        hubSpot.resetCounters();
        salesforce.resetCounters();
        long deploymentCalls = hubSpot.callsAuthorizedBy(SharedSandboxes.HUBSPOT_TOKEN);

        JsonNode answer = invoke("globex", Map.of("g1", List.of(grace)));

        assertThat(failures(answer)).as("deferred, not failed").isEmpty();
        assertThat(hubSpot.callsAuthorizedBy(SharedSandboxes.HUBSPOT_TOKEN)).as("acme's and the deployment's token")
                .isEqualTo(deploymentCalls);
        assertThat(hubSpot.callsAuthorizedBy(HubSpotSandbox.Identity.OTHER_APP_TOKEN)).as("its own HubSpot grant")
                .isPositive();
        assertThat(salesforce.totalCalls()).as("no Salesforce login, no Salesforce call").isZero();
        assertThat(salesforce.count("Lead") + salesforce.count("Contact")).isZero();
        assertThat(suspensions.current("globex")).get()
                .extracting(io.crmsync.sync.TenantSuspensions.Suspension::reason)
                .isEqualTo(io.crmsync.crm.TenantNotConnectedException.SALESFORCE_NOT_CONNECTED);

        // The other tenant, in the same worker, still syncs with its own credentials.
        long globexCalls = hubSpot.callsAuthorizedBy(HubSpotSandbox.Identity.OTHER_APP_TOKEN);
        assertThat(failures(invoke("acme", Map.of("a1", List.of(ada))))).isEmpty();
        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", ada)).isPresent();
        assertThat(salesforce.leadByExternalId("HubSpot_Contact_Id__c", grace)).isEmpty();
        assertThat(hubSpot.callsAuthorizedBy(HubSpotSandbox.Identity.OTHER_APP_TOKEN)).as("acme never uses globex's")
                .isEqualTo(globexCalls);
        assertThat(hubSpot.callsAuthorizedBy(SharedSandboxes.HUBSPOT_TOKEN)).isGreaterThan(deploymentCalls);
    }

    @Test
    void aMessageThatIsNotANoticeGoesStraightToTheDeadLetterQueueWithItsReason(ChangeQueue changes)
            throws Exception {
        JsonNode answer = function.invoke(Events.sqs(Events.SqsMessage.of("poison-1", "{\"version\":9}")));

        assertThat(failures(answer)).as("acknowledged, not handed back").isEmpty();
        List<software.amazon.awssdk.services.sqs.model.Message> dead = changes.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).body()).isEqualTo("{\"version\":9}");
        assertThat(dead.get(0).messageAttributes().get("crmsync-reason").stringValue())
                .isEqualTo("unsupported notice version 9");
        assertThat(dead.get(0).messageAttributes().get("crmsync-source-message-id").stringValue())
                .isEqualTo("poison-1");
    }

    @Test
    void contactsThatNoLongerExistAreSkipped() throws Exception {
        assertThat(failures(invoke(Map.of("m1", List.of("999999"))))).isEmpty();
        assertThat(salesforce.count("Lead")).isZero();
    }
}
