package io.crmsync.secrets;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Builds the Secrets Manager client. There is no Quarkiverse extension for it here (only DynamoDB and SQS), so it
 * is built by hand on the same HTTP client the extensions use ({@code quarkus.<svc>.sync-client.type=url}): the
 * JDK's URLConnection starts faster than Apache's client and pulls in nothing more.
 */
public final class SecretsManagerClients {

    private SecretsManagerClients() {
    }

    public static SecretsManagerClient create(SecretsSettings settings) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .credentialsProvider(credentials(settings));
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        settings.region().map(Region::of).ifPresent(builder::region);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(SecretsSettings settings) {
        if (settings.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().orElseThrow(),
                    settings.secretAccessKey().orElseThrow()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
