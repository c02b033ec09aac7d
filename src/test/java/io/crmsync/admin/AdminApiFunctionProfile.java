package io.crmsync.admin;

import java.util.List;
import java.util.Map;

import io.crmsync.functions.SharedSandboxes;
import io.crmsync.localaws.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The deployable as the admin-api Lambda runs it, against local AWS and the CRM sandboxes. */
public class AdminApiFunctionProfile implements QuarkusTestProfile {

    public static final String OUTBOUND_URL = "https://outbound.lambda-url.us-east-1.on.aws/";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "admin-api",
                "crmsync.admin.outbound-url", OUTBOUND_URL,
                // Tests create tenants just before they use them.
                "crmsync.tenants.cache-seconds", "0",
                // Tenants created through the admin API never use the deployment's credentials: the single-tenant
                // mode names a tenant these tests do not use.
                "crmsync.single-tenant", "local");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAwsResource.class,
                Map.of(LocalAwsResource.FUNCTION, "admin-api")), new TestResourceEntry(SharedSandboxes.class));
    }
}
