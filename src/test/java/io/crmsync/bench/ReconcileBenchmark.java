package io.crmsync.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.LocalFunctions;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.store.DynamoLinkStore;
import io.crmsync.sync.CrmRecord;
import io.crmsync.sync.Link;
import io.crmsync.sync.Owners;
import io.crmsync.sync.RecordReconciler;
import io.crmsync.sync.ValuesHash;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reconcile cost: N contacts in HubSpot paired with N Leads in Salesforce, seeded directly (sandboxes' Java API and
 * links written by the link store with the fingerprints a sync stores), then a share of the records changed on
 * each side with no notice at all. The reconciler function from function.zip then runs once from no cursor (a full
 * pass, as the first run or a run after the cursors were lost): its CRM calls come from the sandboxes' counters.
 *
 * <p>Before that, the same drift is reconciled by a run held to a budget of B calls per CRM that cannot read
 * everything, to show how much of the drift one such run repairs.
 *
 * <p>With P portals, P tenants share the sandbox's one Salesforce org (issue 19): tenant "local" and P-1 more,
 * connected with grants of their own, each paired with the same HubSpot sandbox's contacts and holding the same
 * links. Their HubSpot reads stay their own; the org's changes are read once for all of them.
 */
public final class ReconcileBenchmark {

    static final String TENANT = LocalDeployment.TENANT;
    static final ObjectMapping MAPPING = RecommendedMappings.CONTACT_LEAD;

    /** One reconcile run's totals over every tenant, from their reports (records, drift) and the sandboxes (calls). */
    public record Run(int hubSpotChecked, int salesforceChecked, int drift, int repairsEnqueued, int repairNotices,
            long hubSpotCalls, long salesforceCalls, double seconds, String stop) {
        public long calls() {
            return hubSpotCalls + salesforceCalls;
        }
    }

    /** @param planted drifted records planted, both sides together */
    public record Result(int recordsPerSide, int planted, int budget, Run full, Run budgeted, double seedSeconds,
            int portals) {
        /** Salesforce calls per Salesforce record each tenant checked: one portal's figure, if the read is shared. */
        public double salesforceCallsPerRecordPerPortal() {
            return (double) full.salesforceCalls() / full.salesforceChecked();
        }

        public double driftFoundShare() {
            return (double) full.drift() / planted;
        }

        /** NaN when no budget-limited run was made. */
        public double budgetedRepairedShare() {
            return budgeted == null ? Double.NaN : (double) budgeted.repairsEnqueued() / planted;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReconcileBenchmark() {
    }

    /**
     * @param driftEvery one record in this many is changed on each side (100: 1%); different records per side
     * @param budget the calls per CRM of the budget-limited run; 0 for none (it takes about 1.5 minutes more)
     */
    public static Result run(LocalAws aws, int records, int driftEvery, int budget) {
        return run(aws, records, driftEvery, budget, 1);
    }

    /** @param portals tenants (HubSpot portals) on the Salesforce sandbox's one org */
    public static Result run(LocalAws aws, int records, int driftEvery, int budget, int portals) {
        try (HubSpotSandbox hubSpot = new HubSpotSandbox(new HubSpotSandbox.Config(LocalDeployment.HUBSPOT_TOKEN,
                LocalDeployment.PORTAL_ID, LocalDeployment.APP_ID, LocalDeployment.HUBSPOT_CLIENT_SECRET)).start();
                SalesforceSandbox salesforce = new SalesforceSandbox(new SalesforceSandbox.Config(
                        LocalDeployment.SALESFORCE_CLIENT_ID, LocalDeployment.SALESFORCE_CLIENT_SECRET)).start();
                // One unpacked copy per configuration, so each keeps its own log.
                LocalFunctions budgetedCopy = LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP,
                        Path.of("target", "bench-reconcile-budgeted"));
                LocalFunctions fullCopy = LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP,
                        Path.of("target", "bench-reconcile-full"))) {
            LocalDeployment.registerTenant(aws, salesforce.orgId());
            List<String> tenants = new ArrayList<>(List.of(TENANT));
            for (int p = 2; p <= portals; p++) {
                tenants.add(connectPortal(aws, salesforce, TENANT + "-" + p, LocalDeployment.PORTAL_ID + p));
            }
            Map<String, String> config = config(aws, hubSpot, salesforce);
            // Both boot while the sandboxes are seeded. Unlimited: a CRM without an allocation gets this cap.
            config.put("crmsync.reconcile.calls-when-unlimited", Integer.toString(Math.max(budget, 1)));
            LocalFunctions.Function budgeted = budget > 0
                    ? budgetedCopy.launch("reconciler", 1, config, Duration.ofMinutes(10)) : null;
            config.put("crmsync.reconcile.calls-when-unlimited", "1000000");
            LocalFunctions.Function full = fullCopy.launch("reconciler", 1, config, Duration.ofMinutes(10));

            Instant seedStart = Instant.now();
            List<String[]> pairs = seed(aws, hubSpot, salesforce, records, tenants);
            int planted = plantDrift(hubSpot, salesforce, pairs, driftEvery);
            double seedSeconds = Duration.between(seedStart, Instant.now()).toMillis() / 1000.0;
            // The sandbox hands out strictly increasing write times, so 100,000 quick writes stamp some records
            // seconds ahead of the clock; a run now would leave those for the next one. Real HubSpot stamps
            // the wall clock, so the run starts once the newest record is in the past.
            Instant newest = hubSpot.lastWriteTime("contacts");
            while (!Instant.now().isAfter(newest.plusSeconds(1))) {
                sleep(Duration.between(Instant.now(), newest.plusSeconds(1)).plusMillis(10));
            }
            if (budgeted != null) {
                budgetedCopy.awaitReady(budgeted);
            }
            fullCopy.awaitReady(full);

            Run limited = null;
            if (budget > 0) {
                limited = reconcileOnce(aws, hubSpot, salesforce, budgeted, "budget of " + budget + " calls per CRM");
                tenants.forEach(t -> forgetCursors(aws, t));
            }
            Run everything = reconcileOnce(aws, hubSpot, salesforce, full, "full pass");
            return new Result(records, planted, budget, everything, limited, seedSeconds, portals);
        }
    }

    /**
     * One more tenant on the sandbox's org, connected as the admin API would store it: the HubSpot sandbox's app
     * token as a private app, and a web-server-flow refresh token of the org.
     */
    private static String connectPortal(LocalAws aws, SalesforceSandbox salesforce, String tenant, long portalId) {
        new io.crmsync.store.DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"))
                .save(new io.crmsync.tenant.Tenant(tenant, portalId, salesforce.orgId(), java.util.Optional.empty()));
        new io.crmsync.secrets.SecretsManagerCredentialStore(aws.secretsManager(), LocalAws.SECRETS_PREFIX).write(
                tenant, io.crmsync.tenant.TenantCredentials.NONE
                        .withHubSpot(new io.crmsync.tenant.TenantCredentials.HubSpotGrant(
                                io.crmsync.tenant.TenantCredentials.Method.HUBSPOT_PRIVATE_APP,
                                LocalDeployment.HUBSPOT_TOKEN, null, null, LocalDeployment.PORTAL_ID, List.of()))
                        .withSalesforce(new io.crmsync.tenant.TenantCredentials.SalesforceGrant(
                                io.crmsync.tenant.TenantCredentials.Method.SALESFORCE_WEB_SERVER, salesforce.baseUrl(),
                                salesforce.baseUrl(), salesforce.orgId(), LocalDeployment.SALESFORCE_CLIENT_ID,
                                LocalDeployment.SALESFORCE_CLIENT_SECRET, null, null, salesforce.issueRefreshToken(),
                                null, Instant.now())));
        return tenant;
    }

    /** What LocalDeployment gives its functions: local AWS, the sandboxes, the tenant's credentials. */
    private static Map<String, String> config(LocalAws aws, HubSpotSandbox hubSpot, SalesforceSandbox salesforce) {
        Map<String, String> config = new HashMap<>(aws.crmsyncConfig());
        config.put("crmsync.hubspot.app-id", Long.toString(LocalDeployment.APP_ID));
        config.put("crmsync.hubspot.client-secret", LocalDeployment.HUBSPOT_CLIENT_SECRET);
        config.put("crmsync.single-tenant", TENANT);
        config.put("crmsync.hubspot.access-token", LocalDeployment.HUBSPOT_TOKEN);
        config.put("quarkus.rest-client.hubspot.url", hubSpot.baseUrl());
        config.put("quarkus.rest-client.salesforce-login.url", salesforce.baseUrl());
        config.put("crmsync.salesforce.client-id", LocalDeployment.SALESFORCE_CLIENT_ID);
        config.put("crmsync.salesforce.client-secret", LocalDeployment.SALESFORCE_CLIENT_SECRET);
        // Checked against the reconciler's role in template.yaml, as in AWS.
        return aws.asFunction("reconciler", config);
    }

    /**
     * N contacts, their Leads (external id set) and the links a sync would have stored: the Lead's fields and the
     * link's fingerprints both come from {@link RecordReconciler#createInSalesforce}, as in the sync engine.
     * Returns (HubSpot id, Salesforce id) pairs.
     */
    static List<String[]> seed(LocalAws aws, HubSpotSandbox hubSpot, SalesforceSandbox salesforce, int records,
            List<String> tenants) {
        DynamoLinkStore links = new DynamoLinkStore(aws.dynamo(), aws.tableName("LinksTable"));
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<String[]> pairs = new ArrayList<>(records);
        List<Future<?>> saved = new ArrayList<>(records);
        Instant syncedAt = Instant.now();
        for (int i = 0; i < records; i++) {
            Map<String, String> properties = Map.of("email", "recon" + i + "@example.com", "firstname", "Recon",
                    "lastname", "Contact " + i, "company", "Bench Inc", "jobtitle", "Tester");
            String contact = hubSpot.createContact(properties);
            RecordReconciler.Plan plan = RecordReconciler.createInSalesforce(MAPPING, new CrmRecord(contact,
                    properties, syncedAt, Map.of()), Owners.NONE);
            Map<String, Object> lead = new HashMap<>(plan.salesforceWrites());
            lead.put(MAPPING.salesforceIdField(), contact);
            String leadId = salesforce.insert("Lead", lead);
            pairs.add(new String[] {contact, leadId});
            for (String tenant : tenants) {
                Link link = new Link(tenant, "contact", contact, "Lead", leadId, ValuesHash.of(plan.fingerprints()),
                        syncedAt, plan.fingerprints());
                saved.add(writers.submit(() -> links.save(link)));
            }
            if ((i + 1) % 20_000 == 0) {
                System.out.printf("reconcile bench: seeded %,d of %,d pairs%n", i + 1, records);
            }
        }
        try {
            for (Future<?> f : saved) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("seeding the links failed", e);
        } finally {
            writers.shutdown();
        }
        System.out.printf("reconcile bench: %,d links stored%n", records);
        return pairs;
    }

    /** Changes one record in {@code every} on each side (different records), straight in the sandboxes. */
    static int plantDrift(HubSpotSandbox hubSpot, SalesforceSandbox salesforce, List<String[]> pairs, int every) {
        int planted = 0;
        for (int i = 0; i < pairs.size(); i++) {
            if (i % every == 0) {
                hubSpot.updateContact(pairs.get(i)[0], Map.of("jobtitle", "Changed in HubSpot"));
                planted++;
            } else if (i % every == every / 2) {
                salesforce.update("Lead", pairs.get(i)[1], Map.of("Title", "Changed in Salesforce"));
                planted++;
            }
        }
        return planted;
    }

    /** One invocation of the reconciler function; the repairs it queued are counted, then dropped. */
    static Run reconcileOnce(LocalAws aws, HubSpotSandbox hubSpot, SalesforceSandbox salesforce,
            LocalFunctions.Function reconciler, String what) {
        purge(aws);
        hubSpot.resetCounters();
        salesforce.resetCounters();
        System.out.printf("reconcile bench: running the reconciler (%s)%n", what);
        Instant start = Instant.now();
        JsonNode reports;
        try {
            reports = JSON.readTree(reconciler.api().invoke("{\"deep\":false}".getBytes(StandardCharsets.UTF_8))
                    .get(11, TimeUnit.MINUTES));
        } catch (Exception e) {
            throw new IllegalStateException("the reconciler failed", e);
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        int hubSpotChecked = 0;
        int salesforceChecked = 0;
        int drift = 0;
        int repairs = 0;
        StringBuilder stops = new StringBuilder();
        for (JsonNode report : reports) {
            stops.append(stops.length() == 0 ? "" : ",").append(report.path("stop").asText());
            for (JsonNode pass : report.path("passes")) {
                if ("HUBSPOT".equals(pass.path("side").asText())) {
                    hubSpotChecked += pass.path("recordsChecked").asInt();
                } else {
                    salesforceChecked += pass.path("recordsChecked").asInt();
                }
                drift += pass.path("drift").asInt();
                repairs += pass.path("repairsEnqueued").asInt();
                System.out.printf("reconcile bench:   %s %s %s: checked %d, drift %d, calls %d, stop %s, import %s%n",
                        report.path("tenantId").asText(), pass.path("side").asText(),
                        pass.path("objectType").asText(), pass.path("recordsChecked").asInt(),
                        pass.path("drift").asInt(), pass.path("callsUsed").asInt(), pass.path("stopReason").asText(),
                        pass.path("importProgress"));
            }
        }
        Run run = new Run(hubSpotChecked, salesforceChecked, drift, repairs, queued(aws),
                hubSpot.totalCalls(), SyncCallsBenchmark.apiCalls(hubSpot, salesforce) - hubSpot.totalCalls(),
                seconds, stops.toString());
        System.out.printf("reconcile bench: %s%n", run);
        return run;
    }

    /** The next run starts from no cursor and no import, as the first one did. */
    private static void forgetCursors(LocalAws aws, String tenant) {
        aws.dynamo().updateItem(b -> b.tableName(aws.tableName("TenantsTable"))
                .key(Map.of("tenantId", AttributeValue.fromS(tenant))).updateExpression("REMOVE cursors, imports"));
    }

    private static int queued(LocalAws aws) {
        return Integer.parseInt(aws.sqs().getQueueAttributes(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static void purge(LocalAws aws) {
        aws.sqs().purgeQueue(b -> b.queueUrl(aws.queueUrl("ChangeQueue")));
    }

    public static void main(String[] args) {
        try (LocalAws aws = LocalAws.start()) {
            Result r = run(aws, args.length > 0 ? Integer.parseInt(args[0]) : 100_000, 100, 100,
                    args.length > 1 ? Integer.parseInt(args[1]) : 1);
            System.out.printf("%s%ndrift found %.1f%%, repaired within one run of %d calls/CRM: %.1f%%%n", r,
                    100 * r.driftFoundShare(), r.budget(), 100 * r.budgetedRepairedShare());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
