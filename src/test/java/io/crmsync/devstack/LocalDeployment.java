package io.crmsync.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crmsync.ingest.SalesforceOutboundIntake;
import io.crmsync.deploy.SamTemplate;
import io.crmsync.localaws.LocalAws;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.Tenant;
import io.crmsync.locallambda.EventBridgeRule;
import io.crmsync.locallambda.FunctionUrl;
import io.crmsync.locallambda.LocalFunctions;
import io.crmsync.locallambda.SqsEventSource;
import io.crmsync.sandbox.hubspot.HubSpotPortalRouter;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.ChangeDataCapture;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * crmsync deployed locally the way template.yaml deploys it to AWS: function.zip's functions under the
 * Lambda runtime interface client, the webhook and the admin API behind Function URLs (the admin API's IAM auth
 * has no local stand-in: locally it answers anyone on loopback), the worker behind an SQS event source
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
    /** The secret token in the local Outbound Message endpoint URL. */
    public static final String OUTBOUND_TOKEN = "local-outbound-token";
    static final String OUTBOUND_PATH = "/salesforce/outbound";

    /**
     * @param webhookPort 0 for any free port (so for the other ports)
     * @param workerInstances concurrent sync-worker instances (and event-source pollers)
     * @param adminPort the admin-api Function URL's port
     * @param cdcInstances concurrent salesforce-cdc instances
     * @param workerJvmOptions added to each sync-worker instance's java command line (e.g. a CPU count)
     * @param settings crmsync settings given to the sync-worker and reconciler on top of the deployed ones (e.g.
     *        the fault suite's time constants scaled down)
     * @param portals HubSpot portals on the Salesforce sandbox's org, each a tenant: the first is {@link #TENANT};
     *        the others ({@link #sharedOrgTenant}) are connected with grants of their own
     */
    public record Options(Path workDir, int webhookPort, int hubSpotPort, int salesforcePort, int outboundPort,
            int workerInstances, Duration batchingWindow, SalesforceChanges salesforceChanges, int adminPort,
            List<String> workerJvmOptions, Map<String, String> settings, int cdcInstances, int portals) {

        public Options(Path workDir, int webhookPort, int hubSpotPort, int salesforcePort, int outboundPort,
                int workerInstances, Duration batchingWindow, SalesforceChanges salesforceChanges, int adminPort) {
            this(workDir, webhookPort, hubSpotPort, salesforcePort, outboundPort, workerInstances, batchingWindow,
                    salesforceChanges, adminPort, List.of(), Map.of(), 1, 1);
        }

        public Options withWorkerJvmOptions(List<String> options) {
            return new Options(workDir, webhookPort, hubSpotPort, salesforcePort, outboundPort, workerInstances,
                    batchingWindow, salesforceChanges, adminPort, options, settings, cdcInstances, portals);
        }

        public Options withSettings(Map<String, String> more) {
            return new Options(workDir, webhookPort, hubSpotPort, salesforcePort, outboundPort, workerInstances,
                    batchingWindow, salesforceChanges, adminPort, workerJvmOptions, more, cdcInstances, portals);
        }

        /** Several HubSpot portals (tenants) sharing the one Salesforce org, as HubSpot's connector allows. */
        public Options withPortals(int count) {
            return new Options(workDir, webhookPort, hubSpotPort, salesforcePort, outboundPort, workerInstances,
                    batchingWindow, salesforceChanges, adminPort, workerJvmOptions, settings, cdcInstances, count);
        }

        /**
         * Lambda runs asynchronous invocations (EventBridge's CDC events) side by side as they come; locally each
         * instance is a JVM, so one by default, more where a scenario sends thousands of events.
         */
        public Options withCdcInstances(int instances) {
            return new Options(workDir, webhookPort, hubSpotPort, salesforcePort, outboundPort, workerInstances,
                    batchingWindow, salesforceChanges, adminPort, workerJvmOptions, settings, instances, portals);
        }

        /** The admin API on any free port. */
        public Options(Path workDir, int webhookPort, int hubSpotPort, int salesforcePort, int outboundPort,
                int workerInstances, Duration batchingWindow, SalesforceChanges salesforceChanges) {
            this(workDir, webhookPort, hubSpotPort, salesforcePort, outboundPort, workerInstances, batchingWindow,
                    salesforceChanges, 0);
        }
    }

    /** How the Salesforce sandbox reports changes: users pick one in practice; tests exercise both at once. */
    public enum SalesforceChanges {
        OUTBOUND_MESSAGES_AND_CDC, CDC_ONLY
    }

    /** The Salesforce objects whose changes the sandbox reports, by Outbound Message and by CDC. */
    public static final List<String> SALESFORCE_OBJECTS = List.of("Lead", "Contact", "Account", "Opportunity", "Task");

    private final HubSpotSandbox hubSpot;
    /** The portals after the first, each a tenant of its own on the same org ({@link Options#portals}). */
    private final List<HubSpotSandbox> sharedOrgPortals = new java.util.ArrayList<>();
    private final LocalAws aws;
    private final SalesforceSandbox salesforce;
    private final LocalFunctions functions;
    private final LocalFunctions.Function webhook;
    private final LocalFunctions.Function outbound;
    private final LocalFunctions.Function cdc;
    private final LocalFunctions.Function worker;
    private final LocalFunctions.Function admin;
    private final LocalFunctions.Function callback;
    private final LocalFunctions.Function reconciler;
    private final FunctionUrl webhookUrl;
    private final FunctionUrl outboundUrl;
    private final FunctionUrl adminUrl;
    private final FunctionUrl callbackUrl;
    private final EventBridgeRule cdcRule;
    private final SqsEventSource events;
    private final SalesforceChanges salesforceChanges;
    /** Added to the worker's and the reconciler's settings (the ones that call the CRMs). */
    private final Map<String, String> extraSettings;

    /** Everything started so far, to stop in reverse order (also when starting fails half-way). */
    private final java.util.Deque<AutoCloseable> started = new java.util.ArrayDeque<>();

    private LocalDeployment(LocalAws aws, Options options, java.util.List<LocalDeployment> partial) {
        partial.add(this);
        this.aws = aws;
        // The OAuth callback's address is known first: both sandboxes' apps list it as their redirect URL.
        int callbackPort = io.crmsync.localaws.Ports.free();
        String callbackBase = "http://127.0.0.1:" + callbackPort + "/";
        HubSpotSandbox.OAuthApp lenient = HubSpotSandbox.OAuthApp.DEFAULT;
        hubSpot = opened(new HubSpotSandbox(new HubSpotSandbox.Config(HUBSPOT_TOKEN, PORTAL_ID, APP_ID,
                HUBSPOT_CLIENT_SECRET).withOAuthApp(new HubSpotSandbox.OAuthApp(lenient.clientId(),
                        List.of(callbackBase + "hubspot"), lenient.requiredScopes(), lenient.optionalScopes(),
                        lenient.accessTokenLifetime(), lenient.codeLifetime()))).start(options.hubSpotPort()));
        salesforce = opened(new SalesforceSandbox(new SalesforceSandbox.Config(SALESFORCE_CLIENT_ID,
                SALESFORCE_CLIENT_SECRET).withCallbackUrls(callbackBase + "salesforce")
                // Connected apps may rotate refresh tokens: every function that logs in must keep the new one.
                .withRefreshTokenRotation(true)).start(
                        options.salesforcePort()));
        for (int n = 2; n <= options.portals(); n++) {
            // The same public app installed in another portal: its own token and portal id, the app's secret.
            sharedOrgPortals.add(opened(new HubSpotSandbox(new HubSpotSandbox.Config(sharedOrgToken(n),
                    sharedOrgPortalId(n), APP_ID, HUBSPOT_CLIENT_SECRET)).start()));
        }
        String hubSpotApi = sharedOrgPortals.isEmpty() ? hubSpot.baseUrl() : opened(new HubSpotPortalRouter(
                java.util.stream.Stream.concat(java.util.stream.Stream.of(hubSpot), sharedOrgPortals.stream())
                        .toList())).baseUrl();
        functions = opened(LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP, options.workDir()));

        int port = options.webhookPort() == 0 ? io.crmsync.localaws.Ports.free() : options.webhookPort();
        String webhookAddress = "http://127.0.0.1:" + port + "/hubspot";
        // Known before the functions start: the admin API hands new tenants this URL with their token.
        int outboundPort = options.outboundPort() == 0 ? io.crmsync.localaws.Ports.free() : options.outboundPort();
        Map<String, String> config = new HashMap<>(aws.crmsyncConfig());
        config.put("crmsync.hubspot.app-id", Long.toString(APP_ID));
        // Tests empty and re-register tenants between cases; a long-lived cache of "no such tenant" would outlast that.
        config.put("crmsync.tenants.cache-seconds", "1");
        // Settings changed through the admin API (a portal's "do nothing") apply within a second, not a minute.
        config.put("crmsync.settings.cache-seconds", "1");
        // The same for credentials: a tenant connected in one function is seen by the others within a second.
        config.put("crmsync.secrets.cache-ttl", "PT1S");
        config.put("crmsync.hubspot.client-secret", HUBSPOT_CLIENT_SECRET);
        // Locally the Function URL is plain http on loopback; HubSpot signs the URL it calls.
        config.put("crmsync.hubspot.webhook-url", webhookAddress);
        // make run's single-tenant mode: tenant "local" calls with these deployment-wide credentials until it
        // connects its own; a deployment never sets it.
        config.put("crmsync.single-tenant", TENANT);
        config.put("crmsync.hubspot.access-token", HUBSPOT_TOKEN);
        config.put("quarkus.rest-client.hubspot.url", hubSpotApi);
        config.put("quarkus.rest-client.salesforce-login.url", salesforce.baseUrl());
        config.put("crmsync.salesforce.client-id", SALESFORCE_CLIENT_ID);
        config.put("crmsync.salesforce.client-secret", SALESFORCE_CLIENT_SECRET);
        config.put("crmsync.admin.outbound-url", "http://127.0.0.1:" + outboundPort + OUTBOUND_PATH);
        // Connecting a tenant: the sandboxes' authorize pages, the apps' client ids, the callback's URL.
        config.put("crmsync.connect.callback-url", callbackBase);
        config.put("crmsync.hubspot.client-id", lenient.clientId());
        config.put("crmsync.hubspot.oauth-url", hubSpot.baseUrl() + "/oauth/authorize");
        config.put("crmsync.salesforce.production-login-url", salesforce.baseUrl());
        // The client secrets reach the functions through Secrets Manager, as template.yaml's AppSecret does.
        config = aws.withAppSecret(config);
        extraSettings = options.settings();

        registerTenant(aws, salesforce.orgId());
        registerSharedOrgTenants();
        // All functions boot side by side: each JVM takes a second or two.
        SamTemplate template = SamTemplate.load();
        webhook = functions.launch("hubspot-webhook", 1, asDeployed(template, "hubspot-webhook", aws.asFunction("hubspot-webhook", config)),
                Duration.ofSeconds(10));
        outbound = functions.launch("salesforce-outbound", 1, asDeployed(template, "salesforce-outbound", aws.asFunction("salesforce-outbound", config)),
                Duration.ofSeconds(10));
        cdc = functions.launch("salesforce-cdc", options.cdcInstances(), asDeployed(template, "salesforce-cdc", aws.asFunction("salesforce-cdc", config)),
                Duration.ofSeconds(10));
        worker = functions.launch("sync-worker", options.workerInstances(),
                deployed(template, "sync-worker", aws.asFunction("sync-worker", config)), Duration.ofSeconds(60),
                options.workerJvmOptions());
        admin = functions.launch("admin-api", 1, asDeployed(template, "admin-api", aws.asFunction("admin-api", config)), Duration.ofSeconds(120));
        callback = functions.launch("oauth-callback", 1, asDeployed(template, "oauth-callback", aws.asFunction("oauth-callback", config)),
                Duration.ofSeconds(30));
        // Invoked on request (reconcile()), where EventBridge Scheduler invokes it every 15 minutes in AWS.
        reconciler = functions.launch("reconciler", 1, deployed(template, "reconciler",
                aws.asFunction("reconciler", config)), Duration.ofSeconds(300));
        for (LocalFunctions.Function f : List.of(webhook, outbound, cdc, worker, admin, callback, reconciler)) {
            functions.awaitReady(f);
        }
        webhookUrl = opened(new FunctionUrl(webhook.api(), port));
        outboundUrl = opened(new FunctionUrl(outbound.api(), outboundPort));
        adminUrl = opened(new FunctionUrl(admin.api(), options.adminPort()));
        callbackUrl = opened(new FunctionUrl(callback.api(), callbackPort));
        cdcRule = opened(new EventBridgeRule(cdc.api()));
        // Batch size 100 as in template.yaml: one batched read and write per side serves up to 100 records.
        // The event source mapping polls with the worker's role, as Lambda's poller does (template.yaml grants it).
        SqsClient pollerSqs = opened(aws.sqsAs("sync-worker"));
        events = opened(new SqsEventSource(pollerSqs, aws.queueUrl("ChangeQueue"), worker.api(), 100,
                options.batchingWindow(), options.workerInstances()));
        salesforceChanges = options.salesforceChanges();
        for (HubSpotSandbox portal : portals()) {
            portal.subscribe(URI.create(webhookAddress));
            started.push(portal::unsubscribe);
        }
        connectSalesforceChanges();
    }

    /**
     * Only the settings template.yaml gives this function in AWS, plus what stands in for AWS locally (endpoints,
     * credentials, the sandboxes' URLs): a function that needs a setting its template entry lacks fails here as
     * it would in AWS.
     */
    /** {@link #asDeployed}, plus the settings the options add (for the functions that call the CRMs). */
    private Map<String, String> deployed(SamTemplate template, String export, Map<String, String> config) {
        Map<String, String> env = asDeployed(template, export, config);
        env.putAll(extraSettings);
        return env;
    }

    public static Map<String, String> asDeployed(SamTemplate template, String export, Map<String, String> config) {
        java.util.Set<String> deployed = template.environmentNamesOf(export);
        Map<String, String> env = new HashMap<>();
        config.forEach((key, value) -> {
            boolean localStandIn = key.startsWith("quarkus.sqs.") || key.startsWith("quarkus.dynamodb.")
                    || key.startsWith("quarkus.rest-client.") || key.equals("crmsync.hubspot.webhook-url")
                    || key.equals("crmsync.tenants.cache-seconds") || key.equals("crmsync.secrets.cache-ttl")
                    || key.equals("crmsync.settings.cache-seconds")
                    || LocalAws.SECRETS_STAND_IN_KEYS.contains(key)
                    // The CRMs' own addresses, which the sandboxes stand in for.
                    || key.equals("crmsync.hubspot.oauth-url") || key.equals("crmsync.salesforce.production-login-url")
                    // make run's single-tenant mode, which template.yaml never sets.
                    || key.equals("crmsync.single-tenant") || key.equals("crmsync.hubspot.access-token");
            if (localStandIn || deployed.contains(LocalFunctions.environmentName(key))) {
                env.put(key, value);
            }
        });
        return env;
    }

    /** Salesforce reports changes both ways crmsync accepts them: Outbound Messages and CDC via Event Relay. */
    private void connectSalesforceChanges() {
        if (salesforceChanges == SalesforceChanges.OUTBOUND_MESSAGES_AND_CDC) {
            // Each tenant sets up its own Outbound Messages in the org, with its own token.
            for (int n = 1; n <= portals().size(); n++) {
                URI outboundEndpoint = URI.create(outboundUrl() + "?token=" + (n == 1 ? OUTBOUND_TOKEN
                        : sharedOrgOutboundToken(n)));
                SALESFORCE_OBJECTS.forEach(type -> salesforce.addOutboundMessage(type, List.of("Id"),
                        outboundEndpoint));
            }
        }
        salesforce.enableChangeDataCapture(ChangeDataCapture.Settings.collectOnly(java.util.Set.copyOf(
                SALESFORCE_OBJECTS)).deliveringTo(URI.create(cdcRule.url())));
    }

    /** Empties both sandboxes (and re-connects Salesforce's change reporting, which a reset removes). */
    public void resetSandboxes() {
        portals().forEach(HubSpotSandbox::reset);
        salesforce.reset();
        connectSalesforceChanges();
    }

    /** The tenant pairing the HubSpot sandbox's portal with the Salesforce sandbox's org. */
    public static void registerTenant(LocalAws aws, String salesforceOrgId) {
        new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable")).save(new Tenant(TENANT, PORTAL_ID,
                salesforceOrgId, Optional.of(HexFormat.of().formatHex(Tenant.outboundTokenDigest(OUTBOUND_TOKEN)))));
    }

    /** Registers the tenants again, e.g. after the tables (and secrets) were emptied. */
    public void registerTenant(LocalAws aws) {
        registerTenant(aws, salesforce.orgId());
        registerSharedOrgTenants();
    }

    /** The tenant of the n-th portal (2, 3, …) on the org: {@code portal-<n>}. */
    public static String sharedOrgTenant(int n) {
        return "portal-" + n;
    }

    static long sharedOrgPortalId(int n) {
        return PORTAL_ID + 1000L * n;
    }

    static String sharedOrgToken(int n) {
        return "pat-local-000" + n;
    }

    static String sharedOrgOutboundToken(int n) {
        return "portal-" + n + "-outbound-token";
    }

    /**
     * The portals after the first, registered on the same org and connected with grants of their own, as their
     * admins would through the admin API: the portal's private-app token and a refresh token of the org.
     */
    private void registerSharedOrgTenants() {
        DynamoTenantDirectory directory = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        io.crmsync.secrets.SecretsManagerCredentialStore credentials =
                new io.crmsync.secrets.SecretsManagerCredentialStore(aws.secretsManager(), LocalAws.SECRETS_PREFIX);
        for (int n = 2; n <= portals().size(); n++) {
            String tenant = sharedOrgTenant(n);
            directory.save(new Tenant(tenant, sharedOrgPortalId(n), salesforce.orgId(), Optional.of(HexFormat.of()
                    .formatHex(Tenant.outboundTokenDigest(sharedOrgOutboundToken(n))))));
            credentials.write(tenant, io.crmsync.tenant.TenantCredentials.NONE
                    .withHubSpot(new io.crmsync.tenant.TenantCredentials.HubSpotGrant(
                            io.crmsync.tenant.TenantCredentials.Method.HUBSPOT_PRIVATE_APP, sharedOrgToken(n), null,
                            null, sharedOrgPortalId(n), List.of()))
                    .withSalesforce(new io.crmsync.tenant.TenantCredentials.SalesforceGrant(
                            io.crmsync.tenant.TenantCredentials.Method.SALESFORCE_WEB_SERVER, salesforce.baseUrl(),
                            salesforce.baseUrl(), salesforce.orgId(), SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET,
                            null, null, salesforce.issueRefreshToken(), null, java.time.Instant.now())));
        }
    }

    /** Every HubSpot portal, the first ({@link #TENANT}'s) first. */
    public List<HubSpotSandbox> portals() {
        List<HubSpotSandbox> all = new java.util.ArrayList<>(List.of(hubSpot));
        all.addAll(sharedOrgPortals);
        return all;
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

    /** The Outbound Message endpoint, without the token. */
    public String outboundUrl() {
        return outboundUrl.baseUrl() + OUTBOUND_PATH;
    }

    /** The admin API's Function URL (no trailing slash); {@code GET <url>/openapi.json} lists its routes. */
    public String adminUrl() {
        return adminUrl.baseUrl();
    }

    /**
     * Makes the admin API's URL refuse (403) what is not SigV4-signed with local AWS's administrator key, as its
     * AuthType AWS_IAM does in AWS. Off by default: local tools and tests call it unsigned.
     */
    public void requireSignedAdminCalls() {
        adminUrl.requireIamAuth(new io.crmsync.locallambda.FunctionUrlIamAuth(LocalAws.ACCESS_KEY,
                LocalAws.SECRET_KEY));
    }

    /** The oauth-callback Function URL: the CRMs send the browser to it plus "hubspot" or "salesforce". */
    public String callbackUrl() {
        return callbackUrl.baseUrl();
    }

    /**
     * One run of the packaged reconciler, as the schedule invokes it ({@code {"deep": false}} every 15 minutes,
     * {@code {"deep": true}} nightly); answers the function's response.
     */
    public String reconcile(boolean deep) {
        try {
            return new String(reconciler.api().invoke(("{\"deep\":" + deep + "}").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)).get(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the reconciler failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public EventBridgeRule cdcRule() {
        return cdcRule;
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
