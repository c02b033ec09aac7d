package io.crmsync.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/** The local server's operations as the AWS SDK calls them and as AWS answers them. */
class LocalSecretsManagerTest {

    static LocalSecretsManager server;
    static SecretsManagerClient sdk;

    @BeforeAll
    static void start() {
        server = LocalSecretsManager.start();
        sdk = SecretsManagerClient.builder().endpointOverride(URI.create(server.endpoint()))
                .region(Region.of(LocalAws.REGION)).credentialsProvider(LocalAws.credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    @Test
    void aSecretIsFoundByNameAndByArnWithItsVersionsAndStages() {
        var created = sdk.createSecret(b -> b.name("app/one").secretString("v1").description("first"));
        assertThat(created.arn()).matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:app/one-[A-Za-z]{6}");
        var put = sdk.putSecretValue(b -> b.secretId(created.arn()).secretString("v2"));
        assertThat(put.versionStages()).containsExactly("AWSCURRENT");

        var current = sdk.getSecretValue(b -> b.secretId("app/one"));
        assertThat(current.secretString()).isEqualTo("v2");
        assertThat(current.arn()).isEqualTo(created.arn());
        assertThat(current.versionId()).isEqualTo(put.versionId());
        assertThat(current.createdDate()).isNotNull();
        assertThat(sdk.getSecretValue(b -> b.secretId(created.arn()).versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("v1");
        assertThat(sdk.getSecretValue(b -> b.secretId("app/one").versionId(created.versionId())).secretString())
                .isEqualTo("v1");

        var described = sdk.describeSecret(b -> b.secretId("app/one"));
        assertThat(described.description()).isEqualTo("first");
        assertThat(described.versionIdsToStages()).containsEntry(created.versionId(), List.of("AWSPREVIOUS"))
                .containsEntry(put.versionId(), List.of("AWSCURRENT"));
        assertThat(described.deletedDate()).isNull();
    }

    @Test
    void errorsAreAwsErrorTypesTheSdkRecognises() {
        sdk.createSecret(b -> b.name("app/one").secretString("v1"));

        assertThatThrownBy(() -> sdk.createSecret(b -> b.name("app/one").secretString("again")))
                .isInstanceOf(ResourceExistsException.class);
        assertThatThrownBy(() -> sdk.getSecretValue(b -> b.secretId("app/none")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                            "Secrets Manager can't find the specified secret.");
                });
        assertThatThrownBy(() -> sdk.getSecretValue(b -> b.secretId("app/one").versionStage("AWSPENDING")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void theWireFormatIsAwsJson11() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                server.endpoint() + "/")).header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"nothing\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
        assertThat(answer.body()).isEqualTo("{\"__type\":\"ResourceNotFoundException\","
                + "\"message\":\"Secrets Manager can't find the specified secret.\"}");
    }

    @Test
    void aSecretScheduledForDeletionIsRefusedUntilForceDeleted() {
        sdk.createSecret(b -> b.name("app/one").secretString("v1"));

        var deleted = sdk.deleteSecret(b -> b.secretId("app/one").recoveryWindowInDays(7L));

        assertThat(deleted.deletionDate()).isNotNull();
        assertThatThrownBy(() -> sdk.getSecretValue(b -> b.secretId("app/one")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> sdk.putSecretValue(b -> b.secretId("app/one").secretString("v2")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> sdk.createSecret(b -> b.name("app/one").secretString("v2")))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(sdk.describeSecret(b -> b.secretId("app/one")).deletedDate()).isNotNull();

        sdk.deleteSecret(b -> b.secretId("app/one").forceDeleteWithoutRecovery(true));

        assertThatThrownBy(() -> sdk.describeSecret(b -> b.secretId("app/one")))
                .isInstanceOf(ResourceNotFoundException.class);
        // As in AWS, a forced delete of a secret that is not there succeeds (retries are safe).
        sdk.deleteSecret(b -> b.secretId("app/one").forceDeleteWithoutRecovery(true));
        assertThatThrownBy(() -> sdk.deleteSecret(b -> b.secretId("app/one")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listSecretsFiltersByNamePrefixAndPages() {
        for (String name : List.of("crmsync/tenants/a", "crmsync/tenants/b", "crmsync/tenants/c", "crmsync/app")) {
            sdk.createSecret(b -> b.name(name).secretString("{}"));
        }
        sdk.deleteSecret(b -> b.secretId("crmsync/tenants/c"));

        List<String> names = sdk.listSecretsPaginator(b -> b.maxResults(1)
                .filters(f -> f.key("name").values("crmsync/tenants/"))).stream()
                .flatMap(page -> page.secretList().stream()).map(SecretListEntry::name).toList();

        assertThat(names).containsExactly("crmsync/tenants/a", "crmsync/tenants/b");
        assertThat(sdk.listSecrets(b -> b.includePlannedDeletion(true)).secretList()).hasSize(4);
    }

    @Test
    void aRetriedPutWithTheSameTokenAddsNoVersion() {
        sdk.createSecret(b -> b.name("app/one").secretString("v1"));
        String token = "0b3d9c1e-6d7f-4a55-9f0e-2b4c8d6e1a7f";

        sdk.putSecretValue(b -> b.secretId("app/one").secretString("v2").clientRequestToken(token));
        sdk.putSecretValue(b -> b.secretId("app/one").secretString("v2").clientRequestToken(token));

        assertThat(sdk.getSecretValue(b -> b.secretId("app/one").versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("v1");
        assertThatThrownBy(() -> sdk.putSecretValue(b -> b.secretId("app/one").secretString("v3")
                .clientRequestToken(token))).isInstanceOf(ResourceExistsException.class);
    }
}
