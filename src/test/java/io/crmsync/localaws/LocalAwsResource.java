package io.crmsync.localaws;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} application at the shared local SQS, DynamoDB and Secrets Manager. With the init
 * argument {@code function} (a Funqy export), the application runs as that Lambda function does in AWS: every AWS call
 * it makes goes through the local IAM check with the function's role from template.yaml.
 */
public class LocalAwsResource implements QuarkusTestResourceLifecycleManager {

    public static final String FUNCTION = "function";

    private String function;

    @Override
    public void init(Map<String, String> initArgs) {
        function = initArgs.get(FUNCTION);
    }

    @Override
    public Map<String, String> start() {
        LocalAws aws = SharedLocalAws.get();
        return function == null ? aws.crmsyncConfig() : aws.asFunction(function, aws.crmsyncConfig());
    }

    @Override
    public void stop() {
        // Shared across profiles; stopped by the JVM shutdown hook.
    }
}
