package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;

import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.tenant.TenantDirectoryUnavailableException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The tenants table unreachable: every lookup the doors make throws the tenant-level "cannot answer now" (with
 * the SDK's failure as its cause), so the doors answer 503 instead of crashing. No local AWS: a closed port.
 */
class DynamoTenantDirectoryOutageTest {

    @Test
    void everyLookupOfAnUnreachableTableSaysTheDirectoryCannotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                // The SDK's own retries only make the outage take longer to show; what is tested is what follows.
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            DynamoTenantDirectory tenants = new DynamoTenantDirectory(dynamo, "tenants");

            for (Runnable lookup : new Runnable[] {() -> tenants.byId("acme"), () -> tenants.byHubSpotPortal(62515),
                    () -> tenants.bySalesforceOrg("00D5g000004YzKxEAK"),
                    () -> tenants.byOutboundTokenSha256("ab".repeat(32))}) {
                assertThatThrownBy(lookup::run).isInstanceOf(TenantDirectoryUnavailableException.class)
                        .hasMessageContaining("tenants").hasCauseInstanceOf(SdkException.class);
            }
        }
    }
}
