package io.crmsync.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import io.crmsync.ingest.SalesforceOutboundIntake;
import io.crmsync.localaws.LocalAws;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.Tenant;
import io.crmsync.locallambda.FunctionUrl;
import io.crmsync.locallambda.LocalFunctions;
import io.crmsync.locallambda.SqsEventSource;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * crmsync deployed locally the way template.yaml deploys it to AWS: function.zip's two functions under the
 * Lambda runtime interface client, the webhook behind a Function URL, the worker behind an SQS event source
 * mapping (batch 10, partial batch failures), wired to local AWS and to the two CRM sandboxes — HubSpot's
 * webhooks subscribed to the Function URL. Used by {@code make run} and the end-to-end tests.
 */
public final class LocalDeployment implements AutoCloseable {

    public static final String HUBSPOT_TOKEN = "pat-local-0000";
    public static final long PORTAL_ID = 62515;
    public static final long APP_ID = 1160452;
    public static final String HUBSPOT_CLIENT_SECRET = "local-hubspot-client-secret";
    public static final String SALESFORCE_CLIENT_ID = "3MVG9local.crmsync";
    public static final String SALESFORCE_CLIENT_SECRET = "local-salesforce-client-secret";
    public static final String TENANT = "local";
    /** The org id the Salesforce sandbox reports (OrganizationId in Outbound Messages, CDC source). */
    public static final String SALESFORCE_ORG_ID = "00D8d0000000001EAA";
    /** The secret token in the local Outbound Message endpoint URL. */
    public static final String OUTBOUND_TOKEN = "local-outbound-token";

    /**
     * @param webhookPort 0 for any free port
     * @param workerInstances concurrent sync-worker instances (and event-source pollers)
     */
    public record Options(Path workDir, int webhookPort, int hubSpotPort, int salesforcePort, int workerInstances,
            Duration batchingWindow) {
    }

    private final HubSpotSandbox hubSpot;
    private final SalesforceSandbox salesforce;
    private final LocalFunctions functions;
    private final LocalFunctions.Function webhook;
    private final LocalFunctions.Function worker;
    private final FunctionUrl webhookUrl;
    private final SqsEventSource events;

    /** Everything started so far, to stop in reverse order (also when starting fails half-way). */
    private final java.util.Deque<AutoCloseable> started = new java.util.ArrayDeque<>();

    private LocalDeployment(LocalAws aws, Options options, java.util.List<LocalDeployment> partial) {
        partial.add(this);
        hubSpot = opened(new HubSpotSandbox(new HubSpotSandbox.Config(HUBSPOT_TOKEN, PORTAL_ID, APP_ID,
                HUBSPOT_CLIENT_SECRET)).start(options.hubSpotPort()));
        salesforce = opened(new SalesforceSandbox(new SalesforceSandbox.Config(SALESFORCE_CLIENT_ID,
                SALESFORCE_CLIENT_SECRET)).start(options.salesforcePort()));
        functions = opened(LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP, options.workDir()));

        int port = options.webhookPort() == 0 ? io.crmsync.localaws.Ports.free() : options.webhookPort();
        String webhookAddress = "http://127.0.0.1:" + port + "/hubspot";
        Map<String, String> config = new HashMap<>(aws.crmsyncConfig());
        config.put("crmsync.hubspot.app-id", Long.toString(APP_ID));
        config.put("crmsync.hubspot.client-secret", HUBSPOT_CLIENT_SECRET);
        // Locally the Function URL is plain http on loopback; HubSpot signs the URL it calls.
        config.put("crmsync.hubspot.webhook-url", webhookAddress);
        config.put("crmsync.hubspot.access-token", HUBSPOT_TOKEN);
        config.put("quarkus.rest-client.hubspot.url", hubSpot.baseUrl());
        config.put("quarkus.rest-client.salesforce-login.url", salesforce.baseUrl());
        config.put("crmsync.salesforce.client-id", SALESFORCE_CLIENT_ID);
        config.put("crmsync.salesforce.client-secret", SALESFORCE_CLIENT_SECRET);

        registerTenant(aws);
        webhook = functions.start("hubspot-webhook", 1, config, Duration.ofSeconds(10));
        worker = functions.start("sync-worker", options.workerInstances(), config, Duration.ofSeconds(60));
        webhookUrl = opened(new FunctionUrl(webhook.api(), port));
        events = opened(new SqsEventSource(aws.sqs(), aws.queueUrl("ChangeQueue"), worker.api(), 10,
                options.batchingWindow(), options.workerInstances()));
        hubSpot.subscribe(URI.create(webhookAddress));
        started.push(hubSpot::unsubscribe);
    }

    /** The tenant pairing the HubSpot sandbox's portal with the Salesforce sandbox's org. */
    public static void registerTenant(LocalAws aws) {
        new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable")).save(new Tenant(TENANT, PORTAL_ID,
                SALESFORCE_ORG_ID, Optional.of(HexFormat.of().formatHex(SalesforceOutboundIntake.sha256(OUTBOUND_TOKEN)))));
    }

    private <T extends AutoCloseable> T opened(T resource) {
        started.push(resource);
        return resource;
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public static LocalDeployment start(LocalAws aws, Options options) {
        java.util.List<LocalDeployment> partial = new java.util.ArrayList<>(1);
        try {
            return new LocalDeployment(aws, options, partial);
        } catch (RuntimeException e) {
            partial.forEach(LocalDeployment::close);
            throw e;
        }
    }

    public HubSpotSandbox hubSpot() {
        return hubSpot;
    }

    public SalesforceSandbox salesforce() {
        return salesforce;
    }

    public String webhookUrl() {
        return webhookUrl.baseUrl() + "/hubspot";
    }

    public LocalFunctions.Function worker() {
        return worker;
    }

    public SqsEventSource events() {
        return events;
    }

    public Path logDir() {
        return functions.logDir();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
    }
}
