package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

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
                    () -> tenants.tenantsOnOrg("00D5g000004YzKxEAK"),
                    () -> tenants.byOutboundTokenSha256("ab".repeat(32))}) {
                assertThatThrownBy(lookup::run).isInstanceOf(TenantDirectoryUnavailableException.class)
                        .hasMessageContaining("tenants").hasCauseInstanceOf(SdkException.class);
            }
        }
    }

    /**
     * DynamoDB answering every call with a slow 503 (an outage): a door's lookup gives up within
     * {@link DynamoTenantDirectory#LOOKUP_TIMEOUT}, whatever the client's own retries would do, so the door can
     * answer 503 well inside HubSpot's 5 s timeout (before, the SDK's retries took the lookup past it).
     */
    @Test
    void aLookupGivesUpWithinItsTimeoutWhenDynamoDbAnswers503() throws Exception {
        HttpServer down = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        down.setExecutor(Executors.newFixedThreadPool(4));
        down.createContext("/", exchange -> {
            try (exchange) {
                Thread.sleep(400);
                byte[] body = "{\"__type\":\"com.amazon.coral.service#ServiceUnavailableException\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(503, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        down.start();
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + down.getAddress().getPort()))
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            DynamoTenantDirectory tenants = new DynamoTenantDirectory(dynamo, "tenants");
            // The client's first call loads its classes (a second or so): a door's client is warm.
            assertThatThrownBy(() -> tenants.byHubSpotPortal(1)).isInstanceOf(TenantDirectoryUnavailableException.class);
            for (Runnable lookup : new Runnable[] {() -> tenants.byHubSpotPortal(62515),
                    () -> tenants.byOutboundTokenSha256("ab".repeat(32)), () -> tenants.byId("acme")}) {
                long t0 = System.nanoTime();
                assertThatThrownBy(lookup::run).isInstanceOf(TenantDirectoryUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(
                        DynamoTenantDirectory.LOOKUP_TIMEOUT.plusMillis(700));
            }
        } finally {
            down.stop(0);
        }
    }
}
