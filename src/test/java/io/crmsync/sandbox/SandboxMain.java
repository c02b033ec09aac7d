package io.crmsync.sandbox;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * Runs both sandboxes for manual work against a local crmsync: {@code [hubspotPort] [salesforcePort]
 * [webhookUrl]}, defaults 8081 and 8082; with a webhook URL, HubSpot changes are delivered there. Stops on
 * Ctrl-C.
 *
 * <p>Started by {@code make sandboxes}; see the README's "CRM sandboxes" section.
 */
public final class SandboxMain {

    /** Development credentials; nothing real, printed on start so they can be pasted into the config. */
    static final String HUBSPOT_TOKEN = "pat-sandbox-0000-local";
    static final long HUBSPOT_PORTAL_ID = 1_234_567L;
    static final long HUBSPOT_APP_ID = 7_654_321L;
    static final String HUBSPOT_CLIENT_SECRET = "sandbox-hubspot-client-secret";
    static final String SALESFORCE_CLIENT_ID = "3MVG9sandbox.local.consumer.key";
    static final String SALESFORCE_CLIENT_SECRET = "sandbox-salesforce-consumer-secret";

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int hubSpotPort = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        int salesforcePort = args.length > 1 ? Integer.parseInt(args[1]) : 8082;
        HubSpotSandbox hubSpot = new HubSpotSandbox(new HubSpotSandbox.Config(HUBSPOT_TOKEN, HUBSPOT_PORTAL_ID,
                HUBSPOT_APP_ID, HUBSPOT_CLIENT_SECRET)).start(hubSpotPort);
        SalesforceSandbox salesforce = new SalesforceSandbox(
                new SalesforceSandbox.Config(SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET)).start(salesforcePort);
        if (args.length > 2) {
            hubSpot.subscribe(URI.create(args[2]));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hubSpot.close();
            salesforce.close();
            stopped.countDown();
        }, "sandbox-shutdown"));

        HubSpotSandbox.Identity person = hubSpot.config().person().orElseThrow();
        HubSpotSandbox.Identity otherApp = hubSpot.config().otherApp().orElseThrow();
        SalesforceSandbox.User rep = salesforce.config().users().get(0);
        System.out.println("HubSpot sandbox:    " + hubSpot.baseUrl());
        System.out.println("  CRMSYNC_HUBSPOT_ACCESS_TOKEN=" + HUBSPOT_TOKEN
                + "   (crmsync's own token: its writes are not synced back)");
        System.out.println("  CRMSYNC_HUBSPOT_CLIENT_SECRET=" + HUBSPOT_CLIENT_SECRET);
        System.out.println("  CRMSYNC_HUBSPOT_APP_ID=" + HUBSPOT_APP_ID + "   (tenant: hubSpotPortalId " + HUBSPOT_PORTAL_ID + ")");
        System.out.println("  QUARKUS_REST_CLIENT_HUBSPOT_URL=" + hubSpot.baseUrl());
        System.out.println("  webhooks: " + (args.length > 2 ? "delivered to " + args[2] : "off (pass a URL as third argument)"));
        System.out.println("  a person's token (user " + person.userId() + ", writes are CRM_UI edits): " + person.token());
        System.out.println("  another app's token (app " + otherApp.appId() + "): " + otherApp.token());
        System.out.println("  e.g. curl -s -X POST " + hubSpot.baseUrl() + "/crm/v3/objects/contacts -H 'Authorization: Bearer "
                + person.token() + "' -H 'Content-Type: application/json' -d '{\"properties\":{\"email\":\"you@example.com\"}}'");
        System.out.println("Salesforce sandbox: " + salesforce.baseUrl() + " (API " + salesforce.config().apiVersion() + ")");
        System.out.println("  CRMSYNC_SALESFORCE_CLIENT_ID=" + SALESFORCE_CLIENT_ID);
        System.out.println("  CRMSYNC_SALESFORCE_CLIENT_SECRET=" + SALESFORCE_CLIENT_SECRET);
        System.out.println("  QUARKUS_REST_CLIENT_SALESFORCE_LOGIN_URL=" + salesforce.baseUrl());
        System.out.println("  (tenant: salesforceOrgId " + salesforce.orgId() + ")");
        System.out.println("  a user besides crmsync's: " + rep.username() + " / " + rep.password()
                + " (POST /services/oauth2/token grant_type=password), session: "
                + salesforce.issueAccessToken(rep.username()));
        System.out.println("Test control (both): POST /_sandbox/reset, POST /_sandbox/seed, GET /_sandbox/counters,"
                + " PUT /_sandbox/faults");
        System.out.println("Ctrl-C stops both.");
        stopped.await();
    }
}
