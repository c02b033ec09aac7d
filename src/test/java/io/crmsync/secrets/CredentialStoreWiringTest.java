package io.crmsync.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.tenant.CredentialStore;
import io.crmsync.admin.AdminApiFunctionProfile;
import io.crmsync.localaws.LocalAws;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The CredentialStore the application injects: Secrets Manager (the shared local server, configured by
 * LocalAws.crmsyncConfig) behind the cache. The webhook profile, so the application booted for the webhook tests
 * serves this one too.
 */
@QuarkusTest
// admin-api is a function that writes tenant credentials (with its role behind the local IAM check).
@TestProfile(AdminApiFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.LOCAL_AWS)
class CredentialStoreWiringTest {

    @Inject
    CredentialStore credentials;

    LocalAws aws;

    @BeforeEach
    void stack(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void theInjectedStoreKeepsCredentialsInSecretsManagerBehindTheCache() {
        credentials.write("wired", SecretsManagerCredentialStoreTest.OAUTH);

        String stored = aws.secretsManager().getSecretValue(b -> b.secretId(LocalAws.SECRETS_PREFIX
                + "/tenants/wired")).secretString();
        assertThat(CredentialsJson.read(stored)).isEqualTo(SecretsManagerCredentialStoreTest.OAUTH);
        int readsBefore = aws.secretsServer().calls("GetSecretValue");
        assertThat(credentials.read("wired")).contains(SecretsManagerCredentialStoreTest.OAUTH);
        assertThat(aws.secretsServer().calls("GetSecretValue")).as("served from the cache").isEqualTo(readsBefore);

        // No function may delete a tenant's secret (template.yaml grants DeleteSecret to none: no route disconnects a
        // tenant yet), so the admin-api's store is refused by the local IAM check, as AWS would refuse it.
        int deletesBefore = aws.secretsServer().calls("DeleteSecret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> credentials.delete("wired"))
                .isInstanceOf(SecretStoreException.class).hasMessageContaining("AccessDeniedException");
        assertThat(aws.secretsServer().calls("DeleteSecret")).as("refused before the server").isEqualTo(deletesBefore);
        aws.secretsManager().deleteSecret(b -> b.secretId(LocalAws.SECRETS_PREFIX + "/tenants/wired")
                .forceDeleteWithoutRecovery(true));
        assertThat(credentials.readCurrent("wired")).isEmpty();
    }
}
