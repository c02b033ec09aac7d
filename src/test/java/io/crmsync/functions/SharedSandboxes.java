package io.crmsync.functions;

import java.util.Map;

import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Both CRM sandboxes, started once per test JVM, and the config that points crmsync at them. */
public final class SharedSandboxes implements QuarkusTestResourceLifecycleManager {

    public static final String HUBSPOT_TOKEN = "pat-test-token";
    /** The tenant that calls with the deployment's token and connected app; any other needs its own grants. */
    public static final String SINGLE_TENANT = "acme";
    public static final String SALESFORCE_CLIENT_ID = "3MVG9test";
    public static final String SALESFORCE_CLIENT_SECRET = "sf-test-secret";

    public static HubSpotSandbox hubSpot() {
        return Holder.HUBSPOT;
    }

    public static SalesforceSandbox salesforce() {
        return Holder.SALESFORCE;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.hubspot.url", hubSpot().baseUrl(),
                // The single-tenant mode: only tenant "acme" calls with the deployment's credentials.
                "crmsync.single-tenant", SINGLE_TENANT,
                "crmsync.hubspot.access-token", HUBSPOT_TOKEN,
                "quarkus.rest-client.salesforce-login.url", salesforce().baseUrl(),
                "crmsync.salesforce.client-id", SALESFORCE_CLIENT_ID,
                "crmsync.salesforce.client-secret", SALESFORCE_CLIENT_SECRET);
    }

    @Override
    public void stop() {
        // shared; the sandboxes' threads are daemons and die with the JVM
    }

    private static final class Holder {
        static final HubSpotSandbox HUBSPOT = new HubSpotSandbox(
                new HubSpotSandbox.Config(HUBSPOT_TOKEN, 62515, 1160452, "unused-here")).start();
        static final SalesforceSandbox SALESFORCE = new SalesforceSandbox(
                new SalesforceSandbox.Config(SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET)).start();
    }
}
