package io.crmsync.localaws;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a {@code @QuarkusTest} application at the shared local SQS and DynamoDB. */
public class LocalAwsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedLocalAws.get().crmsyncConfig();
    }

    @Override
    public void stop() {
        // Shared across profiles; stopped by the JVM shutdown hook.
    }
}
