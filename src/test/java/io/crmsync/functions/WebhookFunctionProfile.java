package io.crmsync.functions;

import java.util.List;
import java.util.Map;

import io.crmsync.localaws.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The deployable as the hubspot-webhook Lambda runs it, against the shared local AWS. */
public class WebhookFunctionProfile implements QuarkusTestProfile {

    public static final String CLIENT_SECRET = "test-client-secret";
    public static final long PORTAL_ID = 62515;
    public static final long APP_ID = 1160452;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "hubspot-webhook",
                "crmsync.hubspot.app-id", Long.toString(APP_ID),
                "crmsync.hubspot.client-secret", CLIENT_SECRET,
                // Tests register tenants just before they use them.
                "crmsync.tenants.cache-seconds", "0");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAwsResource.class,
                Map.of(LocalAwsResource.FUNCTION, "hubspot-webhook")));
    }
}
