package io.crmsync.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.tenant.TenantCredentials;
import io.crmsync.tenant.TenantCredentials.HubSpotGrant;
import io.crmsync.tenant.TenantCredentials.Method;
import io.crmsync.tenant.TenantCredentials.PendingConnection;
import io.crmsync.tenant.TenantCredentials.SalesforceGrant;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.LocalSecretsManager;
import io.crmsync.localaws.Ports;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The Secrets Manager adapter through the real AWS SDK client against {@link LocalSecretsManager}. */
class SecretsManagerCredentialStoreTest {

    static final String PREFIX = "crmsync-test";

    /** Every secret value below, so failures can be checked not to carry any of them. */
    static final List<String> SECRET_VALUES = List.of("hs-access-Q1w2E3", "hs-refresh-R4t5Y6", "sf-consumer-U7i8O9",
            "sf-refresh-P0a1S2", "sf-access-D3f4G5", "state-H6j7K8", "verifier-L9z0X1", "pat-na1-C2v3B4n5",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");

    /** HubSpot OAuth, Salesforce web-server flow and a Salesforce flow under way: every field set. */
    static final TenantCredentials OAUTH = new TenantCredentials(
            new HubSpotGrant(Method.HUBSPOT_OAUTH, "hs-access-Q1w2E3", "hs-refresh-R4t5Y6",
                    Instant.parse("2026-11-29T10:15:30.123456789Z"), 62515, List.of("crm.objects.contacts.read", "oauth")),
            new SalesforceGrant(Method.SALESFORCE_WEB_SERVER, "https://login.salesforce.com",
                    "https://acme.my.salesforce.com", "00D5g000004YzKxEAK", "3MVG9acme.consumer", "sf-consumer-U7i8O9",
                    "integration@acme.example", null, "sf-refresh-P0a1S2", "sf-access-D3f4G5",
                    Instant.parse("2026-11-29T09:00:00Z")),
            new PendingConnection("salesforce", "state-H6j7K8", "verifier-L9z0X1", "https://test.salesforce.com",
                    "3MVG9acme.consumer", "sf-consumer-U7i8O9", Instant.parse("2026-11-29T10:25:00.5Z"),
                    "https://abc.lambda-url.us-east-1.on.aws/salesforce"));

    /** A HubSpot private app and the Salesforce JWT bearer flow: the nullable fields left out. */
    static final TenantCredentials HEADLESS = new TenantCredentials(
            new HubSpotGrant(Method.HUBSPOT_PRIVATE_APP, "pat-na1-C2v3B4n5", null, null, 4242, List.of()),
            new SalesforceGrant(Method.SALESFORCE_JWT_BEARER, "https://test.salesforce.com", null, "00D000000000001AAA",
                    "3MVG9jwt.consumer", null, "sync@globex.example",
                    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n", null, null,
                    null),
            null);

    static LocalSecretsManager server;
    static SecretsManagerClient client;

    SecretsManagerCredentialStore store;

    static SecretsSettings localSettings(String endpoint) {
        return new SecretsSettings(Optional.of(URI.create(endpoint)), Optional.of(LocalAws.REGION),
                Optional.of(LocalAws.ACCESS_KEY), Optional.of(LocalAws.SECRET_KEY));
    }

    @BeforeAll
    static void startServer() {
        server = LocalSecretsManager.start();
        client = SecretsManagerClients.create(localSettings(server.endpoint()));
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void emptyServer() {
        server.reset();
        store = new SecretsManagerCredentialStore(client, PREFIX);
    }

    @Test
    void everyKindOfGrantIsReadBackAsWritten() {
        store.write("acme", OAUTH);
        store.write("globex", HEADLESS);
        store.write("initech", TenantCredentials.NONE);

        // Another function's store, as a Lambda other than the writer would read it.
        SecretsManagerCredentialStore other = new SecretsManagerCredentialStore(client, PREFIX);
        assertThat(other.read("acme")).contains(OAUTH);
        assertThat(other.read("globex")).contains(HEADLESS);
        assertThat(other.read("initech")).contains(TenantCredentials.NONE);
    }

    @Test
    void theSecretIsNamedAfterPrefixAndTenantAndHoldsJsonWithIsoInstants() {
        store.write("acme", OAUTH);

        String json = client.getSecretValue(b -> b.secretId(PREFIX + "/tenants/acme")).secretString();
        assertThat(json).contains("\"expiresAt\":\"2026-11-29T10:15:30.123456789Z\"",
                "\"issuedAt\":\"2026-11-29T09:00:00Z\"", "\"method\":\"HUBSPOT_OAUTH\"", "\"portalId\":62515");
        assertThat(json).doesNotContain("null");
        assertThat(SecretsManagerCredentialStore.secretName("crmsync", "acme")).isEqualTo("crmsync/tenants/acme");
    }

    @Test
    void aTenantWithoutASecretReadsEmpty() {
        assertThat(store.read("nobody")).isEmpty();
    }

    @Test
    void theFirstWriteCreatesTheSecretAndLaterOnesAddItsCurrentVersion() {
        store.write("acme", HEADLESS);
        store.write("acme", OAUTH);

        assertThat(store.read("acme")).contains(OAUTH);
        assertThat(server.calls("CreateSecret")).isEqualTo(1);
        // The first Put finds no secret (then Create), the second replaces its value.
        assertThat(server.calls("PutSecretValue")).isEqualTo(2);
        Map<String, List<String>> stages = client.describeSecret(b -> b.secretId(PREFIX + "/tenants/acme"))
                .versionIdsToStages();
        assertThat(stages.values()).containsExactlyInAnyOrder(List.of("AWSPREVIOUS"), List.of("AWSCURRENT"));
    }

    @Test
    void aSecretAnotherFunctionCreatedIsWrittenWithPut() {
        // Another function created it: this store's Put succeeds and no Create is tried.
        client.createSecret(b -> b.name(PREFIX + "/tenants/acme").secretString("{}"));

        store.write("acme", OAUTH);

        assertThat(store.read("acme")).contains(OAUTH);
        assertThat(server.calls("CreateSecret")).isEqualTo(1);
    }

    @Test
    void deleteRemovesTheSecretAtOnceAndTheTenantCanConnectAgain() {
        store.write("acme", OAUTH);

        store.delete("acme");

        assertThat(store.read("acme")).isEmpty();
        assertThat(client.listSecrets(b -> b.includePlannedDeletion(true)).secretList()).isEmpty();
        store.delete("acme"); // nothing left: quietly nothing
        store.write("acme", HEADLESS);
        assertThat(store.read("acme")).contains(HEADLESS);
    }

    /** Deleted by hand with a recovery window: the tenant has no credentials, and cannot get new ones until restored. */
    @Test
    void aSecretScheduledForDeletionReadsEmptyAndRefusesWrites() {
        store.write("acme", OAUTH);
        client.deleteSecret(b -> b.secretId(PREFIX + "/tenants/acme").recoveryWindowInDays(7L));

        assertThat(store.read("acme")).isEmpty();
        assertThatThrownBy(() -> store.write("acme", OAUTH)).isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("cannot write the credentials of tenant acme")
                .hasMessageContaining("InvalidRequestException");
    }

    @Test
    void failuresNameTenantAndOperationButNoSecretValue() {
        server.failWith(500, "InternalServiceError");
        try {
            assertThatThrownBy(() -> store.write("acme", OAUTH)).isInstanceOf(SecretStoreException.class)
                    .hasMessageStartingWith("cannot write the credentials of tenant acme in Secrets Manager: "
                            + "InternalServiceError (HTTP 500, request ")
                    .satisfies(SecretsManagerCredentialStoreTest::carriesNoSecret);
            assertThatThrownBy(() -> store.read("acme")).isInstanceOf(SecretStoreException.class)
                    .hasMessageStartingWith("cannot read the credentials of tenant acme")
                    .satisfies(SecretsManagerCredentialStoreTest::carriesNoSecret);
            assertThatThrownBy(() -> store.delete("acme")).isInstanceOf(SecretStoreException.class)
                    .hasMessageStartingWith("cannot delete the credentials of tenant acme");
        } finally {
            server.stopFailing();
        }
    }

    @Test
    void anUnreachableServiceIsReportedWithItsCauseAndNoSecret() {
        try (SecretsManagerClient nowhere = SecretsManagerClients.create(localSettings("http://127.0.0.1:"
                + Ports.free()))) {
            SecretsManagerCredentialStore unreachable = new SecretsManagerCredentialStore(nowhere, PREFIX);

            assertThatThrownBy(() -> unreachable.write("acme", OAUTH)).isInstanceOf(SecretStoreException.class)
                    .hasMessage("cannot write the credentials of tenant acme in Secrets Manager: SdkClientException")
                    .hasCauseInstanceOf(SdkClientException.class)
                    .satisfies(SecretsManagerCredentialStoreTest::carriesNoSecret);
        }
    }

    @Test
    void aSecretThatIsNotCredentialsIsReportedWithoutItsText() {
        client.createSecret(b -> b.name(PREFIX + "/tenants/acme").secretString("{\"hubSpot\": hs-access-Q1w2E3"));

        assertThatThrownBy(() -> store.read("acme")).isInstanceOf(SecretStoreException.class)
                .hasMessageStartingWith("cannot read the credentials of tenant acme: the secret holds no readable "
                        + "tenant credentials (")
                .satisfies(SecretsManagerCredentialStoreTest::carriesNoSecret);
    }

    @Test
    void tenantIdsThatCouldLeaveTheirOwnNameAreRefused() {
        for (String id : List.of("", "a/b", "../other", "a*", "tenant id")) {
            assertThatThrownBy(() -> store.read(id)).as(id).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot name a secret");
        }
        assertThat(server.calls("GetSecretValue")).isZero();
    }

    /** The exception and its causes, messages and toStrings, hold none of the secret values. */
    static void carriesNoSecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String text = t + " " + t.getMessage();
            for (String secret : SECRET_VALUES) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }
}
