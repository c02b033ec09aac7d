package io.crmsync.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The hubspot-webhook function as deployed (its role, the real local SQS and app secret), but with DynamoDB
 * unreachable: its endpoint is a port nothing listens on, as when DynamoDB cannot be reached from the function.
 */
public class TenantsTableDownProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return new WebhookFunctionProfile().getConfigOverrides();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DynamoUnreachable.class),
                new TestResourceEntry(WebhookFunctionProfile.AppSecretNotYetStored.class));
    }

    /** The local stack as the webhook function sees it, but DynamoDB's endpoint refuses every connection. */
    public static class DynamoUnreachable implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            LocalAws aws = SharedLocalAws.get();
            Map<String, String> config = new HashMap<>(aws.asFunction("hubspot-webhook", aws.crmsyncConfig()));
            try (ServerSocket socket = new ServerSocket(0)) {
                config.put("quarkus.dynamodb.endpoint-override", "http://127.0.0.1:" + socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return config;
        }

        @Override
        public void stop() {
        }
    }
}
