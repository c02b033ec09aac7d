package io.crmsync.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.crmsync.cli.CrmsyncCli;
import io.crmsync.localaws.LocalAws;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * {@code make run}: crmsync on the embedded default — local AWS, both CRM sandboxes and the functions
 * from function.zip — then a few demo contacts synced from HubSpot to Salesforce. Stays up until Ctrl-C and
 * prints every Lead that appears or changes, so contacts created by hand can be watched arriving.
 */
public final class DevStack {

    private static final List<Map<String, String>> DEMO_CONTACTS = List.of(
            Map.of("email", "ada.lovelace@example.com", "firstname", "Ada", "lastname", "Lovelace",
                    "company", "Analytical Engines Ltd", "jobtitle", "Countess", "phone", "+44 20 7946 0018"),
            Map.of("email", "grace.hopper@example.com", "firstname", "Grace", "lastname", "Hopper",
                    "company", "US Navy", "jobtitle", "Rear Admiral"),
            Map.of("email", "alan.turing@example.com", "firstname", "Alan", "lastname", "Turing",
                    "jobtitle", "Mathematician"));

    private DevStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        Instant begin = Instant.now();
        int base = Integer.parseInt(System.getenv().getOrDefault("CRMSYNC_RUN_PORT_BASE", "4280"));
        say("Starting local AWS (ElasticMQ, dynalite) …");
        LocalAws aws = LocalAws.start();
        say("Starting the CRM sandboxes and the Lambda functions from target/function.zip …");
        LocalDeployment deployment;
        try {
            deployment = LocalDeployment.start(aws, new LocalDeployment.Options(Path.of("target", "devstack"),
                    base, base + 1, base + 2, base + 3, 2, Duration.ofMillis(500),
                    LocalDeployment.SalesforceChanges.OUTBOUND_MESSAGES_AND_CDC, base + CrmsyncCli.ADMIN_PORT_OFFSET));
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping …");
            deployment.close();
            aws.close();
            stopped.countDown();
        }, "devstack-shutdown"));
        say(String.format("Ready in %.1f s.%n", Duration.between(begin, Instant.now()).toMillis() / 1000.0));
        printEndpoints(aws, deployment);

        LeadWatcher watcher = new LeadWatcher(deployment.salesforce());
        say("Creating " + DEMO_CONTACTS.size() + " demo contacts in the HubSpot sandbox …");
        Instant created = Instant.now();
        DEMO_CONTACTS.forEach(deployment.hubSpot()::createContact);
        if (watcher.awaitLeads(DEMO_CONTACTS.size(), Duration.ofSeconds(60))) {
            say(String.format("All %d demo contacts arrived in Salesforce as Leads within %.1f s.%n",
                    DEMO_CONTACTS.size(), Duration.between(created, Instant.now()).toMillis() / 1000.0));
        } else {
            say("Not every demo contact arrived within 60 s; see the function logs in " + deployment.logDir());
        }
        say("Watching Salesforce for new or changed Leads. Ctrl-C to stop.");
        watcher.watch(stopped);
    }

    private static void printEndpoints(LocalAws aws, LocalDeployment deployment) {
        HubSpotSandbox hubSpot = deployment.hubSpot();
        SalesforceSandbox salesforce = deployment.salesforce();
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        rows.put("hubspot-webhook (Function URL)", deployment.webhookUrl());
        rows.put("salesforce-outbound (Function URL)", deployment.outboundUrl() + "?token=" + LocalDeployment.OUTBOUND_TOKEN);
        rows.put("salesforce-cdc (EventBridge rule)", deployment.cdcRule().url());
        rows.put("admin-api (Function URL)", deployment.adminUrl() + "   make crmsync ARGS=\"tenants list\"");
        rows.put("oauth-callback (Function URL)", deployment.callbackUrl() + "   make crmsync ARGS=\"connect "
                + LocalDeployment.TENANT + " hubspot\"");
        HubSpotSandbox.Identity person = hubSpot.config().person().orElseThrow();
        SalesforceSandbox.User rep = salesforce.config().users().get(0);
        String repToken = salesforce.issueAccessToken(rep.username());
        rows.put("HubSpot sandbox", hubSpot.baseUrl());
        rows.put("  token of a person (user " + person.userId() + ")", person.token()
                + "   writes are CRM_UI edits: crmsync syncs them");
        rows.put("  crmsync's own token (app " + LocalDeployment.APP_ID + ")", LocalDeployment.HUBSPOT_TOKEN
                + "   writes are crmsync's: not synced back");
        rows.put("Salesforce sandbox", salesforce.baseUrl());
        rows.put("  session of " + rep.username(), repToken + "   (or log in: grant_type=password, password "
                + rep.password() + ")");
        rows.put("  crmsync's connected app id/secret", LocalDeployment.SALESFORCE_CLIENT_ID + " / "
                + LocalDeployment.SALESFORCE_CLIENT_SECRET + "   writes marked client=crmsync-<tenant> are not synced back to that tenant");
        rows.put("SQS (ElasticMQ)", aws.sqsEndpoint() + "   queue: " + aws.queueUrl("ChangeQueue"));
        rows.put("DynamoDB (dynalite)", aws.dynamoEndpoint() + "   table: " + aws.tableName("LinksTable"));
        rows.put("function logs", deployment.logDir().toAbsolutePath().toString());
        rows.forEach((k, v) -> say(String.format("  %-36s %s", k, v)));
        say("");
        say("Create a contact in HubSpot and watch it arrive (as a person in HubSpot would; with crmsync's own token");
        say("the write would count as crmsync's and not be synced):");
        say("  curl -s -X POST " + hubSpot.baseUrl() + "/crm/v3/objects/contacts \\");
        say("    -H 'Authorization: Bearer " + person.token() + "' -H 'Content-Type: application/json' \\");
        say("    -d '{\"properties\":{\"email\":\"you@example.com\",\"firstname\":\"Your\",\"lastname\":\"Name\"}}'");
        say("Create a Lead in Salesforce as " + rep.username() + " (it is synced to HubSpot as a contact):");
        say("  curl -s -X POST " + salesforce.baseUrl() + "/services/data/" + salesforce.config().apiVersion()
                + "/sobjects/Lead \\");
        say("    -H 'Authorization: Bearer " + repToken + "' -H 'Content-Type: application/json' \\");
        say("    -d '{\"Email\":\"lead@example.com\",\"FirstName\":\"Some\",\"LastName\":\"Lead\",\"Company\":\"Acme\"}'");
        say("");
    }

    static void say(String line) {
        System.out.println(line);
    }

    /** Prints Leads as they appear or change in the Salesforce sandbox. */
    private static final class LeadWatcher {
        private final SalesforceSandbox salesforce;
        private final Map<Object, Object> seen = new HashMap<>();

        LeadWatcher(SalesforceSandbox salesforce) {
            this.salesforce = salesforce;
        }

        boolean awaitLeads(int count, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                printChanges();
                if (salesforce.count("Lead") >= count) {
                    return true;
                }
                Thread.sleep(100);
            }
            return false;
        }

        void watch(CountDownLatch stopped) throws InterruptedException {
            while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                printChanges();
            }
        }

        private void printChanges() {
            for (Map<String, Object> lead : salesforce.leads()) {
                Object stamp = lead.get("SystemModstamp") + "|" + lead.get("Email") + "|" + lead.get("LastName")
                        + "|" + lead.get("Title") + "|" + lead.get("Company") + "|" + lead.get("Phone");
                if (!stamp.equals(seen.put(lead.get("Id"), stamp))) {
                    say(String.format("  Lead %s  ← HubSpot contact %-6s %s %s <%s>, %s, %s", lead.get("Id"),
                            lead.get("HubSpot_Contact_Id__c"), nz(lead.get("FirstName")), nz(lead.get("LastName")),
                            nz(lead.get("Email")), nz(lead.get("Title")), nz(lead.get("Company"))));
                }
            }
        }

        private static String nz(Object value) {
            return value == null ? "" : value.toString();
        }
    }
}
