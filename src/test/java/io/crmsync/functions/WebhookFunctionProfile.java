package io.crmsync.functions;

import java.util.List;
import java.util.Map;

import io.crmsync.localaws.LocalAwsResource;
import io.crmsync.localaws.SharedLocalAws;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The deployable as the hubspot-webhook Lambda runs it, against the shared local AWS. As deployed, the app's client
 * secret is in an app secret in (local) Secrets Manager, which {@link AppSecretNotYetStored} makes sure does not
 * exist while the application starts: a start that read it would fail. Tests store it before they send webhooks
 * ({@link #storeAppSecret}); its TTL is one second here so a rotation can be watched.
 */
public class WebhookFunctionProfile implements QuarkusTestProfile {

    public static final String CLIENT_SECRET = "test-client-secret";
    public static final long PORTAL_ID = 62515;
    public static final long APP_ID = 1160452;
    /** template.yaml's AppSecret (<stack>/app): the webhook's role may read that secret only. */
    public static final String APP_SECRET = io.crmsync.localaws.LocalAws.APP_SECRET_NAME;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "hubspot-webhook",
                "crmsync.hubspot.app-id", Long.toString(APP_ID),
                "crmsync.secrets.app-secret-id", APP_SECRET,
                "crmsync.secrets.app-secret-ttl", "PT1S",
                // Tests register tenants just before they use them.
                "crmsync.tenants.cache-seconds", "0");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAwsResource.class,
                Map.of(LocalAwsResource.FUNCTION, "hubspot-webhook")),
                new TestResourceEntry(AppSecretNotYetStored.class));
    }

    /** Stores (or rotates) the app secret with this client secret. */
    public static void storeAppSecret(String clientSecret) {
        SharedLocalAws.get().putSecret(APP_SECRET, "{\"crmsync.hubspot.client-secret\":\"" + clientSecret + "\"}");
    }

    /** Deletes the app secret before the application starts. */
    public static class AppSecretNotYetStored implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try {
                SharedLocalAws.get().secretsManager().deleteSecret(b -> b.secretId(APP_SECRET)
                        .forceDeleteWithoutRecovery(true));
            } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException absent) {
                // as wanted
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }
}
